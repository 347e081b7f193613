"""API conventions shared by every app: pagination and one error format."""

from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler


class HubPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(detail, field=None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if field is None else f"{field}.{key}"
            yield from _flatten(value, None if key == "non_field_errors" else name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        yield {"field": field, "message": str(detail), "code": getattr(detail, "code", None)}


def hub_exception_handler(exc, context):
    """Every API error looks the same: {"status": 400, "errors": [{field, message, code}]}."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = list(_flatten(response.data))
    response.data = {"status": response.status_code, "errors": errors}
    return response


def error_response(message: str, field: str | None = None, code: int = 400) -> Response:
    return Response(
        {"status": code, "errors": [{"field": field, "message": message, "code": "invalid"}]},
        status=code if code else status.HTTP_400_BAD_REQUEST,
    )
