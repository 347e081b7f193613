import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .api import not_found_response
from .home import cached_items_for
from .middleware import busy_response

logger = logging.getLogger(__name__)


@login_required
def home(request):
    person = request.user
    return render(
        request,
        "core/home.html",
        {
            "items": cached_items_for(person, request.board),
            "roles": person.roles.select_related("board", "area", "agency"),
        },
    )


@require_GET
@never_cache
def healthz(request):
    """200 while the database answers, with what the background work looks like: how long the
    oldest waiting task has waited, and how many e-mails and tasks are stuck (left "sending"
    or RUNNING by a worker that died). Anything stuck makes the status "degraded", still 200:
    the web process serves pages, so the load balancer keeps it; monitoring alerts on it.
    503 only when the database does not answer (docs/operations.md)."""
    from django_tasks_db.models import DBTaskResult

    from .outbox import abandoned
    from .sweeps import stuck_tasks

    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        # Waiting = ready to run now (tasks scheduled for later are not late yet).
        oldest = (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        stuck_emails = abandoned(now).count()
        stuck_running = stuck_tasks(now).count()
    except Exception:
        logger.exception("Health check failed")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    age = (now - oldest).total_seconds() if oldest else 0
    return JsonResponse(
        {
            "status": "degraded" if stuck_emails or stuck_running else "ok",
            "database": "ok",
            "oldest_waiting_task_seconds": round(age, 1),
            "stuck_sending_emails": stuck_emails,
            "stuck_running_tasks": stuck_running,
        }
    )


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return not_found_response()
    return render(request, "errors/404.html", status=404)


def server_error(request):
    busy = busy_response(request, sys.exc_info()[1])
    if busy is not None:
        return busy
    # No request context: the context processors may be what failed (the database, say).
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
