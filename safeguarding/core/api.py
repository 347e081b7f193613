"""API conventions shared by every app: pagination, rule-based permissions and one error format."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .concurrency import EditConflict
from .middleware import BUSY_RETRY_AFTER
from .sqlite.base import is_busy


class HubPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ServiceBusy(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is busy and nothing was saved. Try again in a few seconds."
    default_code = "busy"
    wait = BUSY_RETRY_AFTER  # sent as Retry-After


class HasRulePermission(BasePermission):
    """Checks the view's `rule_permissions` ({"read": perm, "write": perm}) with user.has_perm.

    Writes to one record are checked after the record is looked up in the view's scoped
    queryset, so a record the person cannot see answers 404 rather than 403."""

    def _permission(self, request, view):
        key = "read" if request.method in SAFE_METHODS else "write"
        return getattr(view, "rule_permissions", {}).get(key)

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        permission = self._permission(request, view)
        if permission is None:
            return True
        if request.method not in SAFE_METHODS and getattr(view, "detail", False):
            return True  # decided in has_object_permission, after the 404 check
        return user.has_perm(permission)

    def has_object_permission(self, request, view, obj):
        permission = self._permission(request, view)
        return permission is None or request.user.has_perm(permission)


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


def _from_django_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if key == "__all__" else key): messages
            for key, messages in error.message_dict.items()
        }
    else:
        detail = error.messages
    return exceptions.ValidationError(detail=detail)


def hub_exception_handler(exc, context):
    """Every API error looks the same: {"status": 400, "errors": [{field, message, code}]}.

    Validation errors raised by services (Django's ValidationError) become 400s too, an edit
    of a record changed since the client loaded it (EditConflict) a 409, and a write that
    waited too long for SQLite's write lock a 503 (it changed nothing)."""
    if isinstance(exc, EditConflict):
        # Someone saved the record since the client loaded it: 409, with who changed what.
        error = {"field": "version", "message": exc.messages[0], "code": "conflict"}
        return Response(
            {"status": 409, "errors": [error], "version": exc.current.version},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    elif isinstance(exc, OperationalError) and is_busy(exc):
        exc = ServiceBusy()
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if (
        not isinstance(exc, exceptions.ValidationError)
        and isinstance(data, dict)
        and "detail" in data
    ):
        data = [data["detail"]]  # 401, 403, 404, 405...: not about a field
    errors = list(_flatten(data))
    response.data = {"status": response.status_code, "errors": errors}
    return response


def not_found_response() -> JsonResponse:
    """What /api/ answers for an address no API route matches, in the API's error format."""
    return JsonResponse(
        {"status": 404, "errors": [{"field": None, "message": "Not found.", "code": "not_found"}]},
        status=404,
    )


def error_response(message: str, field: str | None = None, code: int = 400) -> Response:
    return Response(
        {"status": code, "errors": [{"field": field, "message": message, "code": "invalid"}]},
        status=code if code else status.HTTP_400_BAD_REQUEST,
    )
