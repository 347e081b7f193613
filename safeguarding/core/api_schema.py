"""The API schema's picture of errors: every operation documents the one error format.

Kept apart from core.api, which REST framework's settings import early (pagination), because
drf-spectacular's AutoSchema imports REST framework's generic views.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field at fault, or null")
    message = serializers.CharField()
    code = serializers.CharField(allow_null=True)


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """The one error format of the API."""

    status = serializers.IntegerField()
    errors = ErrorItemSerializer(many=True)


class HubAutoSchema(AutoSchema):
    """Documents the error answers beside the success: 400 (bad body or filter), 403 (signed
    out or not allowed) and 404 (no such record or page)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": "The request or a filter is not valid; each error names its field",
            "403": "Not signed in, or not allowed",
        }
        errors["404"] = (
            "No such record, or not one you may see"
            if "{" in self.path
            else "No such page of results"
        )
        for code, description in errors.items():
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                ),
            )
        return responses
