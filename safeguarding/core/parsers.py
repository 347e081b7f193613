"""The API's JSON parser (settings REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]). Its own module:
DRF reads that setting while core.api is still being imported."""

from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# No record the API takes nests deeper than this; deeper input is refused before anything
# walks it (Python's own parser fails with a RecursionError, a 500, at about 1,000 levels).
MAX_JSON_DEPTH = 32


class HubJSONParser(JSONParser):
    """JSON bodies, refused with a 400 when they nest deeper than MAX_JSON_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            if not _depth_exceeds(data, MAX_JSON_DEPTH):
                return data
        except RecursionError:
            pass
        raise exceptions.ParseError(
            f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels are accepted."
        )


def _depth_exceeds(data, limit: int) -> bool:
    # Iterative, so a deep document cannot exhaust the stack while being measured.
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return False
