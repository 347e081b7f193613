"""A test-only URLconf: the real pages plus views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from config.urls import urlpatterns as real_patterns


def broken_view(request):
    raise ZeroDivisionError("secret-internal-detail")


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/broken/", broken_view),
    path("test-errors/forbidden/", forbidden_view),
    path("", include(real_patterns)),
]

handler403 = "safeguarding.core.views.permission_denied"
handler404 = "safeguarding.core.views.page_not_found"
handler500 = "safeguarding.core.views.server_error"
