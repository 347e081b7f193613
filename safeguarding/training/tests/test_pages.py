from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.formatting import hub_time
from safeguarding.organisations.models import Area
from safeguarding.training import services
from safeguarding.training.models import Application, Session, Status

from .conftest import apply_and_approve, make_session, mark_when_it_starts

pytestmark = pytest.mark.django_db


def test_catalogue_is_public_with_filters_and_places(
    client, session, course, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("training:catalogue"))
    assert response.status_code == 200
    assert course.title in response.content.decode()
    assert "Places left" in response.content.decode()
    response = client.get(reverse("training:catalogue"), {"search": "nothing like it"})
    assert course.title not in response.content.decode()
    response = client.get(reverse("training:catalogue"), {"places": "on", "topic": "Neglect"})
    assert course.title in response.content.decode()


def test_only_sessions_with_places_left_leaves_out_those_closed_to_booking(
    client, business_unit, course
):
    """A practitioner who asks for sessions with places left is not sent to one that says
    "Booking for this session has closed"."""
    open_session = make_session(business_unit, course, days=30)
    closed = make_session(business_unit, course, days=40)
    Session.objects.filter(pk=closed.pk).update(
        booking_closes=timezone.localdate() - timedelta(days=1)
    )
    response = client.get(reverse("training:catalogue"), {"places": "on"})
    page = response.content.decode()
    assert reverse("training:session_detail", args=[open_session.pk]) in page
    assert reverse("training:session_detail", args=[closed.pk]) not in page
    every = client.get(reverse("training:catalogue")).content.decode()
    assert reverse("training:session_detail", args=[closed.pk]) in every


def test_catalogue_query_count_does_not_grow_with_sessions(
    client, business_unit, course, django_assert_max_num_queries
):
    for days in range(10, 40):
        make_session(business_unit, course, days=days)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("training:catalogue"))
    assert response.status_code == 200


def test_catalogue_is_rendered_once_then_afresh_after_every_change(
    client, session, applicant, manager, django_assert_max_num_queries
):
    """The list is a cached fragment (core.fragments): a repeat asks only for the data's
    version, and a place taken shows on the very next request."""
    url = reverse("training:catalogue")

    def places_cell(html):
        row = html.split(session.course.title, 1)[1]
        return row.split("govuk-table__cell--numeric", 1)[1].split("</td>", 1)[0]

    assert places_cell(client.get(url).content.decode()).endswith(">2")
    with django_assert_max_num_queries(2):  # the session, then the data's version
        client.get(url)
    apply_and_approve(applicant, session, manager)
    assert places_cell(client.get(url).content.decode()).endswith(">1")
    session.capacity = 1
    session.save()
    assert places_cell(client.get(url).content.decode()).endswith(">Full")


def test_a_place_freed_by_a_status_move_shows_on_the_next_request(
    client, session, applicant, manager
):
    """Status moves save with a conditional UPDATE (core.transitions), not Model.save(): the
    cached catalogue must still hear of them."""
    url = reverse("training:catalogue")

    def places_cell(html):
        row = html.split(session.course.title, 1)[1]
        return row.split("govuk-table__cell--numeric", 1)[1].split("</td>", 1)[0]

    application = apply_and_approve(applicant, session, manager)
    assert places_cell(client.get(url).content.decode()).endswith(">1")
    services.cancel(applicant, application, reason="Off sick")
    assert places_cell(client.get(url).content.decode()).endswith(">2")


def test_session_page_shows_each_person_their_own_application_around_the_cached_part(
    client, session, applicant, manager, django_assert_max_num_queries
):
    url = reverse("training:session_detail", args=[session.pk])
    assert "Sign in to apply" in client.get(url).content.decode()
    client.force_login(applicant)
    page = client.get(url).content.decode()
    assert "Apply for a place" in page
    assert 'Places left</dt><dd class="govuk-summary-list__value">2' in page
    apply_and_approve(applicant, session, manager)
    page = client.get(url).content.decode()
    assert "You have applied" in page
    assert 'Places left</dt><dd class="govuk-summary-list__value">1' in page
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "You have applied" not in page
    assert "Apply for a place" in page
    assert "Manage this session" not in page


def test_catalogue_downloads_csv(client, session):
    response = client.get(reverse("training:catalogue"), {"download": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"Recognising neglect" in b"".join(response.streaming_content)


def test_course_and_session_pages_show_places_left(client, session, course):
    assert client.get(reverse("training:course_detail", args=[course.pk])).status_code == 200
    response = client.get(reverse("training:session_detail", args=[session.pk]))
    assert "Places left" in response.content.decode()
    assert "Sign in to apply" in response.content.decode()
    ics = client.get(reverse("training:session_ics", args=[session.pk]))
    assert b"BEGIN:VEVENT" in ics.content


def test_apply_through_the_page_then_the_manager_approves(client, applicant, manager, session):
    client.force_login(applicant)
    url = reverse("training:apply", args=[session.pk])
    response = client.post(url, {"reason": "", "line_manager": manager.pk})
    assert response.status_code == 200
    assert "Enter why you want to attend" in response.content.decode()
    response = client.post(url, {"reason": "For my role", "line_manager": manager.pk})
    assert "Confirm that the line manager is correct" in response.content.decode()
    response = client.post(
        url, {"reason": "For my role", "line_manager": manager.pk, "confirm": "on"}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.status == Status.AWAITING_APPROVAL
    client.force_login(manager)
    assert applicant.full_name in client.get(reverse("training:approvals")).content.decode()
    response = client.post(
        reverse("training:decide", args=[application.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED


def test_someone_elses_application_is_a_404(client, applicant, manager, session, make_person):
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    client.force_login(make_person("practitioner"))
    for name in ("application_detail", "decide", "cancel"):
        assert client.get(reverse(f"training:{name}", args=[application.pk])).status_code == 404


def test_register_certificate_and_verification(client, applicant, manager, business_unit, session):
    application = apply_and_approve(applicant, session, manager)
    client.force_login(business_unit)
    url = reverse("training:register", args=[session.pk])
    assert "The register opens when the session starts, at 9:30am" in client.get(url).text
    # Before the session starts nobody can be marked, and the page says when it opens.
    early = client.post(url, {f"attendance-{application.pk}": "absent"}, follow=True)
    assert "The register opens when the session starts, 9:30am on" in early.content.decode()
    application.refresh_from_db()
    assert (application.status, application.charge) == (Status.CONFIRMED, None)
    with time_machine.travel(session.starts_at, tick=False):  # from the very start
        client.force_login(business_unit)  # a fresh sign-in: the earlier one has timed out
        client.post(url, {f"attendance-{application.pk}": "attended"})
    application.refresh_from_db()
    assert application.status == Status.ATTENDED
    client.force_login(applicant)
    pdf = client.get(reverse("training:certificate", args=[application.pk]))
    assert pdf.content.startswith(b"%PDF")
    client.logout()
    verify = reverse("training:verify")
    response = client.get(verify, {"code": application.certificate_code})
    assert "Certificate is genuine" in response.content.decode()
    # As people type it from paper: spaces for the dashes, in lower case.
    typed = application.certificate_code.replace("-", " ").lower()
    assert "Certificate is genuine" in client.get(verify, {"code": f" {typed} "}).text
    assert client.get(verify, {"code": "NOPE-NOPE-NOPE"}).status_code == 404
    # The public catalogue says where to check one.
    assert f'href="{verify}"' in client.get(reverse("training:catalogue")).text


def test_feedback_and_results(client, applicant, manager, business_unit, session):
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=True)
    client.force_login(applicant)
    url = reverse("training:feedback", args=[application.pk])
    response = client.post(url, {"overall": "", "outcomes_met": "4"})
    assert "Choose an overall rating" in response.content.decode()
    client.post(url, {"overall": "5", "outcomes_met": "4", "comments": "Very useful"})
    client.force_login(business_unit)
    response = client.get(reverse("training:session_results", args=[session.pk]))
    assert "<svg" in response.content.decode()
    assert "Very useful" in response.content.decode()


def test_charges_report_downloads_for_the_business_unit(
    client, applicant, manager, business_unit, session
):
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=False)
    client.force_login(business_unit)
    response = client.get(reverse("training:charges", args=["csv"]))
    body = b"".join(response.streaming_content).decode()
    assert "Absence" in body
    assert "50.0" in body
    xlsx = client.get(reverse("training:charges", args=["xlsx"]))
    assert xlsx.status_code == 200
    client.force_login(applicant)
    assert client.get(reverse("training:charges", args=["csv"])).status_code == 403


def test_business_unit_pages(client, business_unit, session):
    client.force_login(business_unit)
    for url in (
        reverse("training:dashboard"),
        reverse("training:manage"),
        reverse("training:reports"),
        reverse("training:session_manage", args=[session.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_staff_passports_for_an_agency_lead(
    client, applicant, manager, business_unit, make_person, health, course
):
    lead = make_person("agency_lead", lead_of=health, agency=health)
    session = make_session(business_unit, course, days=10)
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=True)
    client.force_login(lead)
    response = client.get(reverse("training:staff"))
    assert applicant.full_name in response.content.decode()
    client.force_login(applicant)
    assert course.title in client.get(reverse("training:passport")).content.decode()
    assert client.get(reverse("training:staff")).status_code == 403


def test_offer_accepted_through_the_page(client, applicant, manager, staff, session):
    first, second, third = (apply_and_approve(p, session, manager) for p in staff[:3])
    services.cancel(first.applicant, first)
    client.force_login(third.applicant)
    page = client.get(reverse("training:application_detail", args=[third.pk]))
    assert "Accept the place" in page.content.decode()
    client.post(reverse("training:accept_offer", args=[third.pk]))
    third.refresh_from_db()
    assert third.status == Status.CONFIRMED


def _posted(client, url, data=None):
    """Where a post went, and what the page it went to said."""
    response = client.post(url, data or {}, follow=True)
    said = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    return response.redirect_chain, said


def test_cancelling_accepting_and_overriding_say_what_happened_and_where_to_go(
    client, business_unit, manager, staff, session
):
    first, _, third, fourth = (apply_and_approve(p, session, manager) for p in staff[:4])
    first_page = reverse("training:application_detail", args=[first.pk])
    third_page = reverse("training:application_detail", args=[third.pk])
    client.force_login(first.applicant)
    assert _posted(client, reverse("training:cancel", args=[first.pk]), {"reason": "Rota"}) == (
        [(first_page, 302)],
        [("success", "The application has been cancelled")],
    )

    client.force_login(third.applicant)
    accept = reverse("training:accept_offer", args=[third.pk])
    assert _posted(client, accept) == (
        [(third_page, 302)],
        [("success", "You have accepted the place. It is confirmed.")],
    )
    # The offer is gone: refused, back to the same page.
    assert _posted(client, accept) == (
        [(third_page, 302)],
        [("error", "There is no offer to accept")],
    )

    client.force_login(business_unit)
    override = reverse("training:override", args=[fourth.pk])
    assert _posted(client, override, {"note": "Needed"}) == (
        [(reverse("training:session_manage", args=[session.pk]), 302)],
        [("success", f"{fourth.applicant} now has a confirmed place")],
    )
    fourth.refresh_from_db()
    assert fourth.status == Status.CONFIRMED


def test_closed_session_cannot_be_applied_for(client, applicant, business_unit, course):
    session = make_session(business_unit, course, days=1)
    assert session.booking_closes < timezone.localdate() + timedelta(days=1)
    client.force_login(applicant)
    response = client.get(reverse("training:apply", args=[session.pk]))
    assert response.status_code == 302


def test_business_unit_adds_a_course_and_a_session(client, business_unit, children_board):
    client.force_login(business_unit)
    url = reverse("training:course_create")
    response = client.post(url, {"title": ""})
    assert "Enter the course title" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "Self-neglect",
            "topic": "Self-neglect",
            "audience": "Adult social care staff",
            "level": "intermediate",
            "learning_outcomes": "Know the signs",
            "duration": "One day",
            "fee_contributing": "0",
            "fee_non_contributing": "60",
            "fee_private": "90",
            "charge_contributing": "50",
            "charge_non_contributing": "60",
            "charge_private": "90",
            "waiting_list_minimum": "8",
            "offer_hours": "48",
        },
    )
    assert response.status_code == 302, response.content.decode()
    from safeguarding.training.models import Course, Session

    course = Course.objects.get(title="Self-neglect")
    url = reverse("training:session_create", args=[course.pk])
    response = client.post(url, {"date": "", "trainer": ""})
    assert "Enter the date of the session" in response.content.decode()
    day = timezone.localdate() + timedelta(days=40)
    response = client.post(
        url,
        {
            "date_0": day.day,
            "date_1": day.month,
            "date_2": day.year,
            "date": day.strftime("%d/%m/%Y"),
            "start_time": "9:30",
            "end_time": "4pm",
            "venue": "County Hall",
            "trainer": "Terry",
            "capacity": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()
    session = Session.objects.get(course=course)
    assert session.capacity == 20
    pdf = client.get(reverse("training:sign_in_sheet", args=[session.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_reports_by_agency_sector_and_period(
    client, applicant, manager, business_unit, course, django_assert_max_num_queries
):
    session = make_session(business_unit, course, days=10)
    application = apply_and_approve(applicant, session, manager)
    mark_when_it_starts(business_unit, application, attended=False)
    from safeguarding.training.models import Session

    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(business_unit)
    url = reverse("training:reports")
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "Health" in page  # the agency's sector
    assert "Lancashire Teaching Hospitals" in page
    past = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    later = client.get(url, {"date_from": past}).content.decode()
    assert "Lancashire Teaching Hospitals" not in later


def test_cancelling_a_session_through_the_page(client, applicant, manager, business_unit, session):
    apply_and_approve(applicant, session, manager)
    client.force_login(business_unit)
    url = reverse("training:session_cancel", args=[session.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter why the session is cancelled" in response.content.decode()
    assert client.post(url, {"reason": "Venue flooded"}).status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    # a cancelled session leaves the public catalogue
    assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 404


def test_edit_pages_for_the_business_unit(client, business_unit, session, course):
    client.force_login(business_unit)
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 200
    url = reverse("training:session_edit", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Terry Trainer" in page
    day = session.start_date
    response = client.post(
        url,
        {
            "date": day.strftime("%d/%m/%Y"),
            "date_0": day.day,
            "date_1": day.month,
            "date_2": day.year,
            "start_time": "10:00",
            "end_time": "3pm",
            "venue": "Lancaster Town Hall",
            "trainer": "Terry Trainer",
            "capacity": "12",
        },
    )
    assert response.status_code == 302, response.content.decode()
    session.refresh_from_db()
    assert (session.capacity, session.venue) == (12, "Lancaster Town Hall")


@pytest.mark.parametrize("extra", [0, 12])
def test_list_pages_query_counts_do_not_grow_with_the_data(
    client, applicant, manager, staff, business_unit, course, extra, django_assert_max_num_queries
):
    for days in range(10, 10 + extra):
        session = make_session(business_unit, course, days=days, capacity=3)
        for person in [applicant, *staff]:
            apply_and_approve(person, session, manager)
    pages = {
        applicant: ["training:my_applications", "training:dashboard", "training:passport"],
        manager: ["training:approvals"],
        business_unit: ["training:manage", "training:reports", "training:staff"],
    }
    for person, names in pages.items():
        client.force_login(person)
        for name in names:
            with django_assert_max_num_queries(16):
                assert client.get(reverse(name)).status_code == 200, name


def test_session_dates_have_sensible_bounds(client, business_unit, course):
    client.force_login(business_unit)
    url = reverse("training:session_create", args=[course.pk])
    body = {
        "start_time": "9:30",
        "end_time": "4pm",
        "venue": "County Hall",
        "trainer": "Terry",
        "capacity": "20",
    }
    for day in ("01/01/1900", "01/01/9999"):
        response = client.post(url, {**body, "date": day})
        assert response.status_code == 200
        assert response.context["form"].errors["date"][0].startswith("Enter a date for the session")
    day = (timezone.localdate() + timedelta(days=40)).strftime("%d/%m/%Y")
    response = client.post(url, {**body, "date": day, "booking_closes": "01/01/1900"})
    assert "on or after 1 January 2000" in response.context["form"].errors["booking_closes"][0]
    assert not course.sessions.exists()


def test_session_page_and_catalogue_give_the_times_and_the_place_once(client, session, county):
    """The session page once said "Time: Not given" while the catalogue gave the times, and
    the catalogue said "County Hall, Preston, Preston"."""
    session.area = Area.objects.get(kind=Area.Kind.DISTRICT, name="Preston")
    session.save()
    page = client.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    times = f"{hub_time(session.starts_at)} to {hub_time(session.ends_at)}"
    assert times in page
    assert "Not given" not in page
    catalogue = client.get(reverse("training:catalogue")).content.decode()
    for text in (page, catalogue):
        assert "County Hall, Preston" in text
        assert "Preston, Preston" not in text
    session.venue = "Fulwood Library"
    session.save()
    assert "Fulwood Library, Preston" in client.get(reverse("training:catalogue")).content.decode()
