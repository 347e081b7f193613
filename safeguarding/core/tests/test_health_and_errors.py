import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

ERROR_URLS = "safeguarding.core.tests.error_urls"


def _ready_task():
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="safeguarding.core.tasks.run_all_sweeps",
        backend_name="default",
        run_after=get_date_max(),
    )


def test_healthz_is_ok_with_an_empty_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "oldest_waiting_task_seconds": 0,
        "stuck_sending_emails": 0,
        "stuck_running_tasks": 0,
    }
    assert "no-store" in response.headers["Cache-Control"]


def test_healthz_reports_how_long_the_oldest_task_has_waited(client, db, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    _ready_task()
    time_machine.move_to("2026-03-20 10:03Z", tick=False)
    _ready_task()
    time_machine.move_to("2026-03-20 10:07Z", tick=False)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["oldest_waiting_task_seconds"] == 420


def test_healthz_ignores_finished_tasks(client, db, time_machine):
    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    _ready_task()
    DBTaskResult.objects.update(status="SUCCESSFUL")
    time_machine.move_to("2026-03-20 11:00Z", tick=False)
    assert client.get("/healthz").json()["oldest_waiting_task_seconds"] == 0


def test_healthz_reports_stuck_emails_and_tasks_as_degraded_but_stays_up(
    client, db, settings, time_machine
):
    """Work a dead worker left behind is for monitoring to alert on; the web process still
    serves pages, so the load balancer must keep sending it people (still 200)."""
    from safeguarding.core.models import OutboundEmail

    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    OutboundEmail.objects.create(
        purpose="core.test_notice",
        recipient="a@agency.example",
        object_key="1",
        subject="s",
        body_text="b",
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now(),
    )
    task = _ready_task()
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=timezone.now())

    time_machine.shift(settings.HUB_OUTBOX_SENDING_TIMEOUT - timedelta(seconds=1))
    assert client.get("/healthz").json()["status"] == "ok"  # may still be sending

    time_machine.shift(timedelta(seconds=2))
    body = client.get("/healthz").json()
    assert (body["status"], body["stuck_sending_emails"], body["stuck_running_tasks"]) == (
        "degraded",
        1,
        0,
    )

    time_machine.move_to("2026-03-20 10:00Z", tick=False)
    time_machine.shift(settings.HUB_TASK_TIMEOUT + timedelta(seconds=1))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["stuck_running_tasks"] == 1
    assert response.json()["status"] == "degraded"


def test_healthz_is_503_when_the_database_fails(client, db, caplog):
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError("could not connect to server")
    with (
        mock.patch("safeguarding.core.views.connection", broken),
        caplog.at_level(logging.ERROR),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "could not connect" not in response.text
    assert "Health check failed" in caplog.text


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=False)
def test_an_unhandled_error_shows_the_plain_page_and_is_logged(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-errors/broken/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "secret-internal-detail" not in response.text
    assert "Traceback" not in response.text
    assert "ZeroDivisionError" not in response.text
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert logged
    assert logged[0].levelno == logging.ERROR
    assert logged[0].exc_info[0] is ZeroDivisionError


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=False)
def test_page_not_found_uses_the_board_layout(client, county):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="govuk-template' in response.text
    assert 'role="banner"' in response.text
    assert "govuk-footer" in response.text
    assert 'id="main-content"' in response.text


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=False)
def test_permission_denied_uses_the_board_layout(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/test-errors/forbidden/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.text
    assert 'role="banner"' in response.text
    assert "govuk-footer" in response.text


@pytest.mark.parametrize("path", ["/audit/"])
def test_a_signed_in_person_without_the_permission_gets_403_page(client, practitioner, path):
    client.force_login(practitioner)
    response = client.get(path)
    assert response.status_code == 403
    assert "You cannot see this page" in response.text
