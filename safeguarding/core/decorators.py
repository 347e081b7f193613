from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .permissions import require


def permission_required(permission: str, *, hide: bool = False):
    """Signed-out people go to sign-in; signed-in people without the permission get 403
    (or 404 with hide=True, for records whose existence must not be revealed)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                if hide:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_permission(request, permission: str, obj=None) -> None:
    """Inside a view, for a rule that needs the record: 403 unless the person may."""
    require(request.user, permission, obj)
