"""The base of every app's API views (kept apart from core.api, which REST framework's settings
import before its generic views exist)."""

from rest_framework import serializers

from .api import HasRulePermission
from .api_schema import HubAutoSchema


class ScopedAPIMixin:
    """Lists and record routes read from `scope(user)`, which starts from the app's
    `visible_to` selector: a record outside it answers 404, whatever the method, so its
    existence is not revealed. `rule_permissions` ({"read": perm, "write": perm}) gates the
    route as a whole; the services check each record's rules again."""

    permission_classes = [HasRulePermission]
    rule_permissions: dict = {}  # every signed-in person; the scope and the services decide
    schema = HubAutoSchema()
    # Any id reaches the view, so a malformed one is an API 404 rather than the HTML page.
    lookup_value_regex = "[^/]+"

    def scope(self, user):
        raise NotImplementedError("an API view names the records its reader may see")

    def get_queryset(self):
        return self.scope(self.request.user)

    @staticmethod
    def visible(queryset, obj, field: str, message: str):
        """A record named in the request body, re-read from the reader's scope; a 400 naming
        the field when they cannot see it."""
        found = queryset.filter(pk=obj.pk).first()
        if found is None:
            raise serializers.ValidationError({field: message})
        return found
