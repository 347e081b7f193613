"""The review pages: restricted access, one access row per view or download, and query counts
that do not grow with the data."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.organisations.tests.factories import AgencyFactory
from safeguarding.reviews import services
from safeguarding.reviews.models import Stage

D = datetime.date


@pytest.fixture
def people(make_person, children_board, adults_board, agency):
    other_agency = AgencyFactory(name="Blackpool Teaching Hospitals")
    return {
        "bu": make_person("business_unit", board=children_board),
        "other_bu": make_person("business_unit", board=adults_board),
        "panel": make_person("practitioner", agency=agency, full_name="Pat Panel"),
        "lead": make_person("agency_lead", lead_of=agency, agency=agency),
        "other_lead": make_person("agency_lead", lead_of=other_agency, agency=other_agency),
        "chair": make_person("cpb_chair", area=None or _locality(), agency=agency),
        "admin": make_person("administrator", is_staff=True, is_superuser=True),
    }


def _locality():
    from safeguarding.organisations.models import Area

    return Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name").first()


@pytest.fixture
def seated(review, people):
    services.add_panel_member(people["bu"], review, person=people["panel"], role="Chair")
    return review


def _views(review):
    return AuditEvent.objects.filter(
        verb__in=["review viewed", "review downloaded"], target_id=str(review.pk)
    ).count()


@pytest.mark.parametrize(
    ("who", "answer"),
    [
        ("bu", 200),
        ("panel", 200),
        ("admin", 200),
        ("other_bu", 404),
        ("lead", 404),
        ("chair", 404),
        ("other_lead", 404),
    ],
)
def test_only_the_panel_the_business_unit_and_administrators_see_a_review(
    client, seated, people, who, answer
):
    client.force_login(people[who])
    assert client.get(f"/reviews/{seated.pk}/").status_code == answer
    listing = client.get("/reviews/", {"search": seated.reference})
    if listing.status_code == 200:
        # (the search box repeats the words searched for: look for the review's link)
        assert (f"/reviews/{seated.pk}/" in listing.content.decode()) == (answer == 200)
    download = client.get("/reviews/", {"download": "csv"})
    if download.status_code == 200:
        text = (
            b"".join(download.streaming_content).decode()
            if download.streaming
            else (download.content.decode())
        )
        assert (seated.reference in text) == (answer == 200)


def test_a_removed_panel_member_is_refused_on_the_next_request(client, seated, people):
    client.force_login(people["panel"])
    assert client.get(f"/reviews/{seated.pk}/").status_code == 200
    member = seated.panel.get()
    services.remove_panel_member(people["bu"], member)
    assert client.get(f"/reviews/{seated.pk}/").status_code == 404
    assert client.get("/reviews/").status_code == 403


def test_every_view_writes_exactly_one_access_row(client, seated, people):
    client.force_login(people["panel"])
    before = _views(seated)
    client.get(f"/reviews/{seated.pk}/")
    assert _views(seated) == before + 1
    event = AuditEvent.objects.filter(verb="review viewed").latest("pk")
    assert event.actor_id == people["panel"].pk
    assert event.payload == {"reason": "review page opened"}
    client.get(f"/reviews/{seated.pk}/")
    assert _views(seated) == before + 2


def test_the_other_boards_business_unit_never_sees_the_audit_rows(client, seated, people):
    client.force_login(people["other_bu"])
    page = client.get("/audit/")
    assert seated.reference not in page.content.decode()


def test_an_agency_sees_and_answers_only_its_chronology_request(
    client, review, people, agency, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    request = services.request_chronology(
        people["bu"],
        review,
        agency=agency,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert OutboundEmail.objects.filter(recipient=people["lead"].email).count() == 1
    client.force_login(people["other_lead"])
    assert client.get(f"/reviews/chronologies/{request.pk}/").status_code == 404
    client.force_login(people["lead"])
    assert client.get(f"/reviews/{review.pk}/").status_code == 404
    page = client.get("/reviews/chronologies/")
    assert review.reference in page.content.decode()
    answer = client.post(
        f"/reviews/chronologies/{request.pk}/",
        {"upload": SimpleUploadedFile("chronology.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
    )
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.is_received
    before = _views(review)
    client.force_login(people["bu"])
    download = client.get(f"/reviews/chronologies/{request.pk}/file/")
    assert download.status_code == 200
    b"".join(download.streaming_content)
    assert _views(review) == before + 1


def test_the_business_unit_runs_a_review_through_its_pages(client, review, people, agency):
    client.force_login(people["bu"])
    page = client.get(f"/reviews/{review.pk}/")
    assert "Notification to the national panel and Ofsted" in page.content.decode()
    response = client.post(
        f"/reviews/{review.pk}/stage/rapid_review/",
        {"notified_on": "09/01/2015", "rapid_review_on": "22/01/2015"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.RAPID_REVIEW
    refused = client.post(f"/reviews/{review.pk}/stage/decision/", {"decision": "local"})
    assert refused.status_code == 200
    assert "rapid review" in refused.content.decode().lower()
    made = client.post(
        f"/reviews/{review.pk}/recommendations/new/",
        {
            "text": "Health visitors share concerns with GPs",
            "agency": agency.pk,
            "due_date": "30/06/2030",
        },
    )
    assert made.status_code == 302
    assert review.recommendations.get().action.plan.shared_with.exists()


def test_the_register_and_a_review_page_cost_the_same_queries_at_any_size(
    client, people, children_board, agency
):
    bu = people["bu"]
    reviews = [
        services.record_notification(
            bu, board=children_board, kind="scr", learned_on=D(2014, 1, 6), agencies=[agency]
        )
        for _ in range(3)
    ]
    client.force_login(bu)

    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as register:
            client.get("/reviews/")
        with CaptureQueriesContext(connection) as page:
            client.get(f"/reviews/{reviews[0].pk}/")
        return len(register), len(page)

    counts()  # the header's per-process caches filled
    small = counts()
    for _ in range(12):
        review = services.record_notification(
            bu, board=children_board, kind="scr", learned_on=D(2014, 1, 6), agencies=[agency]
        )
        services.add_panel_member(bu, review, person=people["panel"])
    assert counts() == small


def test_a_course_linked_to_a_published_review_shows_on_its_learning_brief(
    client, business_unit, children_board, agency
):
    from decimal import Decimal

    from safeguarding.reviews.tests.matrix import _published
    from safeguarding.training import services as training

    course = training.create_course(
        business_unit,
        board=children_board,
        title="Seeing the whole household",
        topic="Neglect",
        audience="Everyone working with children and families",
        level="introductory",
        learning_outcomes="Ask who lives in the home",
        duration="One day",
        fee_non_contributing=Decimal("60"),
        fee_private=Decimal("90"),
        charge_contributing=Decimal("50"),
        charge_non_contributing=Decimal("60"),
        charge_private=Decimal("90"),
        validity_months=36,
    )
    review, brief = _published(business_unit, children_board, agency)
    services.update_review(business_unit, review, courses=[course])
    page = client.get(f"/reviews/learning/{brief.pk}/")
    assert "Seeing the whole household" in page.content.decode()
    assert review.courses.get() == course


def test_the_tracker_download_logs_one_access_row_per_review_and_holds_only_ones_own(
    client, seated, people, business_unit, children_board
):
    import csv
    import io

    second = services.record_notification(
        business_unit, board=children_board, kind="scr", learned_on=D(2015, 2, 2)
    )
    client.force_login(people["bu"])
    page = client.get("/reviews/reports/")
    assert page.status_code == 200
    assert "Reviews by theme and year" in page.content.decode()
    before = {r.pk: _views(r) for r in (seated, second)}
    download = client.get("/reviews/reports/", {"download": "csv"})
    body = b"".join(download.streaming_content) if download.streaming else download.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Reference", "Type", "Board", "Stage"]
    assert {row[0] for row in rows[1:]} == {seated.reference, second.reference}
    assert {r.pk: _views(r) for r in (seated, second)} == {k: v + 1 for k, v in before.items()}
    client.force_login(people["other_bu"])
    download = client.get("/reviews/reports/", {"download": "csv"})
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert seated.reference not in body.decode("utf-8-sig")


def test_the_register_download_logs_one_access_row_per_review(client, seated, people):
    client.force_login(people["bu"])
    before = _views(seated)
    download = client.get("/reviews/", {"download": "csv"})
    b"".join(download.streaming_content) if download.streaming else download.content
    assert _views(seated) == before + 1


def test_the_business_unit_adds_a_panel_member_by_email(client, review, people):
    client.force_login(people["bu"])
    missing = client.post(f"/reviews/{review.pk}/panel/", {"email": "nobody@example.org"})
    assert "No one in the directory has this e-mail address" in missing.content.decode()
    added = client.post(
        f"/reviews/{review.pk}/panel/", {"email": people["panel"].email.upper(), "role": "Chair"}
    )
    assert added.status_code == 302
    assert review.panel.get().person == people["panel"]


def test_the_register_filters_by_rag_and_shows_it(client, review, people, children_board):
    from safeguarding.core.workdays import add_working_days

    fresh = services.record_notification(
        people["bu"],
        board=children_board,
        kind="rapid",
        learned_on=add_working_days(timezone.localdate(), -1),
    )
    client.force_login(people["bu"])
    late = client.get("/reviews/", {"rag": "red"}).content.decode()
    assert f"/reviews/{review.pk}/" in late
    assert f"/reviews/{fresh.pk}/" not in late
    assert "Red: late" in late
    soon = client.get("/reviews/", {"rag": "green"}).content.decode()
    assert (
        f"/reviews/{fresh.pk}/" in soon
        or f"/reviews/{fresh.pk}/" in client.get("/reviews/", {"rag": "amber"}).content.decode()
    )
