"""The base of every app's API views (kept apart from core.api, which REST framework's settings
import before its generic views exist)."""

from rest_framework import serializers
from rest_framework.response import Response

from .api import HasRulePermission
from .api_schema import HubAutoSchema
from .concurrency import version_from_request


# Lists and record routes read from `scope(user)`, which starts from the app's `visible_to`
# selector: a record outside it answers 404, whatever the method, so its existence is not
# revealed. `rule_permissions` ({"read": perm, "write": perm}) gates the route as a whole; the
# services check each record's rules again. (A comment, not a docstring: the API schema would
# give a docstring to every viewset that has none of its own.)
class ScopedAPIMixin:
    permission_classes = [HasRulePermission]
    rule_permissions: dict = {}  # every signed-in person; the scope and the services decide
    schema = HubAutoSchema()
    # Any id reaches the view, so a malformed one is an API 404 rather than the HTML page.
    lookup_value_regex = "[^/]+"

    def scope(self, user):
        raise NotImplementedError("an API view names the records its reader may see")

    def get_queryset(self):
        return self.scope(self.request.user)

    def body(self, serializer_class, **choices) -> dict:
        """The request body of a write, checked by `serializer_class`: its validated data, or a
        400 naming each field at fault. `choices` narrows a related field to the records this
        write may name (`person=meeting.members.all()`), so another record is refused by name
        without revealing whether it exists."""
        serializer = serializer_class(data=self.request.data)
        for name, queryset in choices.items():
            field = serializer.fields[name]
            getattr(field, "child_relation", field).queryset = queryset  # many=True, or one
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def reread(self, record, serializer_class=None):
        """The answer to a write: `record` as the reader now sees it, read again from their
        scope (the write may have changed what it shows)."""
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(self.get_queryset().get(pk=record.pk)).data)

    def update_through(self, serializer, update, *, fixed: str = "", message: str = ""):
        """A PUT or PATCH through the service `update(user, record, version=..., **data)`, with
        the edit version the request sent (409 when someone changed the record first). `fixed`
        names the parent a record never moves from: naming another is a 400 with `message`."""
        data = dict(serializer.validated_data)
        if fixed and fixed in data and data.pop(fixed) != getattr(serializer.instance, fixed):
            raise serializers.ValidationError({fixed: message})
        record = update(
            self.request.user,
            serializer.instance,
            version=version_from_request(self.request),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    @staticmethod
    def visible(queryset, obj, field: str, message: str):
        """A record named in the request body, re-read from the reader's scope; a 400 naming
        the field when they cannot see it."""
        found = queryset.filter(pk=obj.pk).first()
        if found is None:
            raise serializers.ValidationError({field: message})
        return found
