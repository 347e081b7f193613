"""The person who trains a session marks its register and prints its sign-in sheet (pages and
API), sees "Sessions I train" and is reminded of registers still to mark; nothing else of the
business unit's is open to them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.core.home import items_for
from safeguarding.core.models import AuditEvent
from safeguarding.training import services
from safeguarding.training.forms import SessionForm
from safeguarding.training.models import Status
from safeguarding.training.selectors import trainer_ids

from .conftest import last_email_pk, make_session, queued, started_earlier_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(make_person, health):
    return make_person("practitioner", agency=health, full_name="Tess Trainer")


@pytest.fixture
def trained(business_unit, course, trainer):
    """A session today (started up to an hour ago, never yesterday, whatever the time of day)
    that the trainer trains."""
    start = started_earlier_today()
    return services.create_session(
        business_unit,
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        trainer="",
        trained_by=trainer,
        capacity=5,
        venue="County Hall, Preston",
        booking_closes=timezone.localdate(),
    )


@pytest.fixture
def booked(trained, applicant, staff, manager):
    """Three confirmed places (booking closes today, so they can still be had)."""
    rows = []
    for person in [applicant, *staff[:2]]:
        application = services.apply(person, trained, reason="For my work", line_manager=manager)
        rows.append(services.approve(manager, application))
    return rows


def test_naming_a_trainer_uses_their_name_tells_them_and_is_audited(business_unit, course, trainer):
    mark = last_email_pk()
    session = make_session(business_unit, course)
    services.update_session(business_unit, session, trained_by=trainer, trainer="")
    session.refresh_from_db()
    assert session.trained_by == trainer
    assert session.trainer == "Tess Trainer"
    event = AuditEvent.objects.filter(verb="session changed").latest("pk")
    assert event.payload["trained_by"] == [None, str(trainer)]
    assert [m.recipient for m in queued(mark, purpose="training.trainer_notice")] == [trainer.email]
    # an external trainer keeps their display text, and needs one
    services.update_session(business_unit, session, trained_by=None, trainer="Ext Ernal")
    with pytest.raises(ValidationError) as error:
        services.update_session(business_unit, session, trainer=" ")
    assert "trainer" in error.value.message_dict


def test_a_closed_account_cannot_be_named_trainer(business_unit, course, make_person):
    gone = make_person("practitioner", is_active=False)
    session = make_session(business_unit, course)
    with pytest.raises(ValidationError) as error:
        services.update_session(business_unit, session, trained_by=gone, trainer="Gone")
    assert "trained_by" in error.value.message_dict


def test_the_session_form_finds_the_trainer_by_e_mail_or_name(trainer, make_person):
    def form(value, trainer_text=""):
        day = timezone.localdate() + timedelta(days=20)
        return SessionForm(
            {
                "date": day.strftime("%d/%m/%Y"),
                "start_time": "9:30",
                "end_time": "4pm",
                "venue": "County Hall",
                "trainer": trainer_text,
                "trained_by": value,
                "capacity": "10",
            }
        )

    for value in (trainer.email.upper(), " tess  trainer "):
        found = form(value)
        assert found.is_valid(), found.errors
        assert found.cleaned_data["trained_by"] == trainer
    assert "Nobody in the hub has the e-mail address" in str(form("no@x.example").errors)
    make_person("practitioner", full_name="Tess Trainer")
    assert "More than one person is called" in str(form("Tess Trainer").errors)
    assert "Enter the trainer" in str(form("").errors["trainer"])
    assert form("", "Ext Ernal").is_valid()


def test_the_trainer_marks_the_register_of_their_session_only(
    client, trained, booked, trainer, business_unit, course
):
    other = make_session(business_unit, course, days=-2)
    client.force_login(trainer)
    url = reverse("training:register", args=[trained.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ann Apply" in page.content.decode()
    assert "Back to sessions I train" in page.content.decode()
    first, second, third = booked
    response = client.post(
        url,
        {f"attendance-{first.pk}": "attended", f"attendance-{second.pk}": "absent"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, second.status, third.status) == (
        Status.ATTENDED,
        Status.ABSENT,
        Status.CONFIRMED,
    )
    event = AuditEvent.objects.filter(verb="attendance marked").latest("pk")
    assert event.actor == trainer
    sheet = client.get(reverse("training:sign_in_sheet", args=[trained.pk]))
    assert sheet.content.startswith(b"%PDF")
    # nothing else of the business unit's, and no other session's register
    assert client.get(reverse("training:register", args=[other.pk])).status_code == 404
    assert client.get(reverse("training:sign_in_sheet", args=[other.pk])).status_code == 404
    for name in ("session_manage", "session_edit", "session_cancel", "session_results"):
        assert client.get(reverse(f"training:{name}", args=[trained.pk])).status_code == 404
    for name in ("application_detail", "decide", "cancel"):
        assert client.get(reverse(f"training:{name}", args=[first.pk])).status_code == 404
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:charges", args=["csv"])).status_code == 403
    assert client.get(reverse("training:manage")).status_code == 403


def test_the_register_service_checks_the_trainer(trained, booked, trainer, make_person):
    with pytest.raises(PermissionDenied):
        services.mark_attendance(make_person("practitioner"), booked[0], attended=True)
    services.mark_attendance(trainer, booked[0], attended=True)
    booked[0].refresh_from_db()
    assert booked[0].status == Status.ATTENDED


def test_a_trainer_removed_from_the_session_can_no_longer_mark_it(
    client, trained, booked, trainer, business_unit
):
    services.update_session(business_unit, trained, trained_by=None)
    client.force_login(trainer)
    assert client.get(reverse("training:register", args=[trained.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.mark_attendance(trainer, booked[0], attended=True)


def test_sessions_i_train_lists_coming_and_recent_sessions(
    client, trained, trainer, business_unit, course, make_person, django_assert_max_num_queries
):
    coming = make_session(business_unit, course, days=12)
    services.update_session(business_unit, coming, trained_by=trainer)
    old = make_session(business_unit, course, days=-200)
    services.update_session(business_unit, old, trained_by=trainer)
    client.force_login(trainer)
    client.get(reverse("training:my_sessions"))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("training:my_sessions")).content.decode()
    assert page.count(reverse("training:register", args=[coming.pk])) == 1
    assert page.count(reverse("training:register", args=[trained.pk])) == 1
    assert reverse("training:register", args=[old.pk]) not in page
    assert page.index("Coming up") < page.index(f"{coming.starts_at:%B}")
    client.force_login(make_person("practitioner"))
    page = client.get(reverse("training:my_sessions")).content.decode()
    assert "You are not named as the trainer" in page


def test_the_navigation_shows_sessions_i_train_to_trainers_without_a_query_for_others(
    client, trained, trainer, practitioner, django_assert_num_queries
):
    link = f'href="{reverse("training:my_sessions")}"'
    client.force_login(trainer)
    assert link in client.get(reverse("training:dashboard")).content.decode()
    client.force_login(practitioner)
    assert link not in client.get(reverse("home")).content.decode()
    trainer_ids()  # warm (each process keeps the list for a minute)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    asks = ('"trained_by_id" IS NOT NULL', '"training_session"."trained_by_id" = ')
    assert not [q for q in queries.captured_queries if any(a in q["sql"] for a in asks)]


def test_naming_a_trainer_shows_at_once_in_this_process(
    client, business_unit, course, practitioner
):
    session = make_session(business_unit, course)
    assert practitioner.pk not in trainer_ids()
    services.update_session(business_unit, session, trained_by=practitioner)
    assert practitioner.pk in trainer_ids()


def test_home_page_item_for_a_register_still_to_mark(
    trained, booked, trainer, business_unit, course, practitioner
):
    tomorrow = make_session(business_unit, course, days=1)
    services.update_session(business_unit, tomorrow, trained_by=trainer)
    items = [i for i in items_for(trainer, None) if i.category == "Training register to mark"]
    assert len(items) == 1
    assert items[0].href == reverse("training:register", args=[trained.pk])
    assert "3 to mark" in items[0].title
    for application in booked:
        services.mark_attendance(trainer, application, attended=True)
    assert not [i for i in items_for(trainer, None) if i.category == "Training register to mark"]
    assert not [i for i in items_for(practitioner, None) if "register" in i.category]


@pytest.fixture
def api():
    return APIClient()


def test_the_trainer_marks_attendance_through_the_api(
    api, trained, booked, trainer, business_unit, course, make_person
):
    api.force_authenticate(trainer)
    registers = api.get("/api/training-registers/", {"mine": "true"}).json()
    assert [row["id"] for row in registers["results"]] == [trained.pk]
    detail = api.get(f"/api/training-registers/{trained.pk}/").json()
    assert [row["name"] for row in detail["attendees"]] == ["Ann Apply", "Staff 0", "Staff 1"]
    assert "reason" not in detail["attendees"][0]
    pk = detail["attendees"][0]["application"]
    response = api.post(
        f"/api/training-applications/{pk}/attendance/", {"attended": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.ATTENDED
    assert AuditEvent.objects.filter(verb="attendance marked", actor=trainer).exists()
    # the trainer sees nothing else of the application
    assert api.get(f"/api/training-applications/{pk}/").status_code == 404
    assert api.post(f"/api/training-applications/{pk}/cancel/", {}).status_code == 404
    # another session's register and attendance are not theirs
    other = make_session(business_unit, course, days=3)
    assert api.get(f"/api/training-registers/{other.pk}/").status_code == 404
    api.force_authenticate(make_person("practitioner"))
    assert api.get("/api/training-registers/").json()["count"] == 0
    response = api.post(
        f"/api/training-applications/{pk}/attendance/", {"attended": False}, format="json"
    )
    assert response.status_code == 404


def test_the_business_unit_names_the_trainer_on_the_session_form(
    client, business_unit, course, trainer
):
    client.force_login(business_unit)
    day = timezone.localdate() + timedelta(days=25)
    data = {
        "date": day.strftime("%d/%m/%Y"),
        "start_time": "9:30",
        "end_time": "4pm",
        "venue": "County Hall",
        "trainer": "",
        "trained_by": "nobody@nowhere.example",
        "capacity": "10",
    }
    url = reverse("training:session_create", args=[course.pk])
    page = client.post(url, data).content.decode()
    assert "Nobody in the hub has the e-mail address nobody@nowhere.example" in page
    response = client.post(url, {**data, "trained_by": trainer.email})
    assert response.status_code == 302
    session = course.sessions.get()
    assert (session.trained_by, session.trainer) == (trainer, "Tess Trainer")
    edit = client.get(reverse("training:session_edit", args=[session.pk])).content.decode()
    assert f'value="{trainer.email}"' in edit
    manage = client.get(reverse("training:session_manage", args=[session.pk])).content.decode()
    assert "they can mark the register" in manage


def test_subject_access_lists_the_sessions_a_person_trains(trained, trainer):
    from safeguarding.core.data_protection import SUBJECT_ACCESS_SECTIONS

    rows = SUBJECT_ACCESS_SECTIONS["training"](trainer)["sessions_trained"]
    assert [row["course"] for row in rows] == [trained.course.title]
