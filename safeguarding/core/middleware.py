from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .sqlite.base import is_busy


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response, and no-store on anything a signed-in person
    sees (their pages may hold personal or restricted data a shared computer must not keep)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


# Seconds a "busy" answer asks the client to wait before trying again.
BUSY_RETRY_AFTER = 5


class BusyDatabaseMiddleware:
    """A write that waited too long for SQLite's write lock (core/sqlite/base.py) changed
    nothing: say so on a styled 503 page that asks the person to try again, not a 500. The
    API gives the same answer in its own error format (core.api.hub_exception_handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_response(request, exception)


def busy_response(request, exception):
    """The 503 "busy, try again" page when `exception` is SQLite's busy error, else None.
    Used for errors in views (above) and, by the 500 handler, for those anywhere else (a
    middleware saving the session, say)."""
    if not (isinstance(exception, OperationalError) and is_busy(exception)):
        return None
    response = render(request, "errors/busy.html", status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response
