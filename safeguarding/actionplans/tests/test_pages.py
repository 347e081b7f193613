import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, Challenge, ProgressUpdate
from safeguarding.core.models import AuditEvent
from safeguarding.organisations.tests.factories import AgencyFactory

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def burnley_action(make_action, burnley, owner):
    return make_action(what="Burnley MASPI follow-up", localities=[burnley], owner_person=owner)


@pytest.fixture
def challenge(burnley_action, roles):
    return services.raise_challenge(
        roles["burnley_chair"],
        burnley_action,
        question="What has changed since the inspection?",
        respond_by=timezone.localdate() + datetime.timedelta(days=10),
    )


# role -> status code for the Burnley action's page
ACTION_PAGE = {
    "business_unit": 200,
    "other_board_bu": 404,
    "burnley_chair": 200,
    "burnley_member": 200,
    "preston_chair": 404,
    "police_lead": 200,
    "health_lead": 404,
    "owner": 200,
    "practitioner": 404,
}


@pytest.mark.parametrize(("role", "expected"), ACTION_PAGE.items())
def test_action_page_by_role(client, roles, burnley_action, role, expected):
    client.force_login(roles[role])
    response = client.get(reverse("actionplans:action_detail", args=[burnley_action.pk]))
    assert response.status_code == expected
    plan_response = client.get(reverse("actionplans:plan_detail", args=[burnley_action.plan_id]))
    # the plan is shared with Preston, so its chair sees the plan but not the Burnley action
    if role == "preston_chair":
        assert plan_response.status_code == 200
        assert "Burnley MASPI follow-up" not in plan_response.text
    elif expected == 200:
        assert plan_response.status_code == 200
        assert "Burnley MASPI follow-up" in plan_response.text


def test_signed_out_goes_to_sign_in(client, burnley_action):
    response = client.get(reverse("actionplans:action_detail", args=[burnley_action.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_business_unit_creates_plan_and_action(client, roles, burnley, police):
    client.force_login(roles["business_unit"])
    assert client.get(reverse("actionplans:plan_create")).status_code == 200
    response = client.post(
        reverse("actionplans:plan_create"),
        {
            "title": "Burnley MASPI action plan",
            "origin_kind": "practice_inspection",
            "origin_reference": "MASPI Burnley, October 2014",
            "period_start": "01/11/2014",
            "period_end": "31/10/2015",
            "shared_with": [burnley.pk],
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    plan_pk = int(plan_url.rstrip("/").split("/")[-1])
    response = client.post(
        reverse("actionplans:action_create", args=[plan_pk]),
        {"what": "Audit strategy meetings", "owner_agency": police.pk, "due_date": "31/02/2015"},
    )
    assert response.status_code == 200
    assert "Enter the due date as a real date" in response.text
    response = client.post(
        reverse("actionplans:action_create", args=[plan_pk]),
        {"what": "Audit strategy meetings", "owner_agency": police.pk, "due_date": "30/04/2015"},
    )
    assert response.status_code == 302
    assert Action.objects.get().due_date == datetime.date(2015, 4, 30)


def test_cpb_chair_cannot_create_plans_or_edit_actions(client, roles, burnley_action):
    client.force_login(roles["burnley_chair"])
    assert client.get(reverse("actionplans:plan_create")).status_code == 403
    edit = reverse("actionplans:action_edit", args=[burnley_action.pk])
    assert client.get(edit).status_code == 403
    assert (
        client.get(reverse("actionplans:plan_edit", args=[burnley_action.plan_id])).status_code
        == 403
    )


def test_owner_posts_update_with_file(client, roles, burnley_action):
    client.force_login(roles["owner"])
    response = client.post(
        reverse("actionplans:action_post_update", args=[burnley_action.pk]),
        {
            "status": "complete",
            "narrative": "Audit finished",
            "file": SimpleUploadedFile("audit.pdf", PDF),
            "evidence_description": "Audit report",
            "version": burnley_action.version,
        },
    )
    assert response.status_code == 302
    burnley_action.refresh_from_db()
    assert burnley_action.status == "complete"
    update = ProgressUpdate.objects.get()
    evidence = update.evidence.get()
    page = client.get(reverse("actionplans:action_detail", args=[burnley_action.pk]))
    assert "audit.pdf" in page.text
    assert "moj-timeline" in page.text
    download = client.get(reverse("actionplans:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(
        verb="evidence downloaded", target_id=str(evidence.pk)
    ).exists()


def test_complete_without_evidence_shows_error(client, roles, burnley_action):
    client.force_login(roles["owner"])
    response = client.post(
        reverse("actionplans:action_post_update", args=[burnley_action.pk]),
        {"status": "complete", "narrative": "Done", "version": burnley_action.version},
    )
    assert response.status_code == 400
    # Listed once, at the top of the long page, linked to the field, before the action itself.
    text = response.text
    assert text.count("govuk-error-summary__title") == 1
    summary = text.index("govuk-error-summary__title")
    assert summary < text.index("<h1")
    assert text.index("Add evidence") < text.index("<h1")
    assert 'href="#id_status_0"' in text


def test_bad_file_shows_error(client, roles, burnley_action):
    client.force_login(roles["owner"])
    response = client.post(
        reverse("actionplans:action_post_update", args=[burnley_action.pk]),
        {
            "status": "on_track",
            "narrative": "x",
            "file": SimpleUploadedFile("evil.pdf", b"<script>"),
            "version": burnley_action.version,
        },
    )
    assert response.status_code == 400
    assert "evil.pdf, is not a real PDF file" in response.text


def test_evidence_download_hidden_from_others(client, roles, burnley_action):
    evidence = services.add_evidence_file(
        roles["owner"], burnley_action, SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(roles["preston_chair"])
    url = reverse("actionplans:evidence_download", args=[evidence.pk])
    assert client.get(url).status_code == 404
    client.force_login(roles["burnley_member"])
    assert client.get(url).status_code == 200


def test_cpb_reviews_evidence(client, roles, burnley_action):
    evidence = services.add_evidence_link(roles["owner"], burnley_action, "https://example.org/")
    client.force_login(roles["police_lead"])
    url = reverse("actionplans:evidence_review", args=[evidence.pk])
    assert client.post(url, {"accepted": "yes"}).status_code == 403
    client.force_login(roles["burnley_chair"])
    assert client.get(url).status_code == 405
    # Not accepted needs a reason, which the owner then reads beside the evidence.
    refused = client.post(url, {"accepted": "no"}, follow=True)
    assert "Say why the evidence is not accepted" in refused.text
    evidence.refresh_from_db()
    assert evidence.accepted is None
    assert client.post(url, {"accepted": "no", "note": "Not dated"}).status_code == 302
    client.force_login(roles["owner"])
    page = client.get(reverse("actionplans:action_detail", args=[burnley_action.pk])).text
    assert "Why: Not dated" in page
    evidence.refresh_from_db()
    assert evidence.accepted is False


def test_challenge_pages(client, roles, burnley_action, police):
    client.force_login(roles["burnley_chair"])
    url = reverse("actionplans:challenge_create", args=[burnley_action.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "question": "How many staff attended?",
            "addressed_to_agency": police.pk,
            "respond_by": (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    detail = reverse("actionplans:challenge_detail", args=[challenge.pk])
    client.force_login(roles["police_lead"])
    page = client.get(detail)
    assert "Answer the challenge" in page.text
    answer = reverse("actionplans:challenge_answer", args=[challenge.pk])
    assert client.post(answer, {"answer": ""}).status_code == 400
    assert client.post(answer, {"answer": "Forty"}).status_code == 302
    # Answered once: the answer is shown, and no form offers to answer again.
    page = client.get(detail)
    assert "Forty" in page.text
    assert "Answer the challenge" not in page.text
    again = client.post(answer, {"answer": "Forty-one"})
    assert again.status_code == 400
    assert "already been answered" in again.text
    client.force_login(roles["burnley_chair"])
    close = reverse("actionplans:challenge_close", args=[challenge.pk])
    assert client.post(close, {"outcome": "Assured"}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "closed"
    log = client.get(reverse("actionplans:challenge_log"))
    assert "How many staff attended?" in log.text
    assert "hub-no-print" in log.text
    client.force_login(roles["health_lead"])
    assert client.get(detail).status_code == 404
    assert "How many staff" not in client.get(reverse("actionplans:challenge_log")).text


def test_challenge_log_csv(client, roles, challenge):
    client.force_login(roles["business_unit"])
    response = client.get(reverse("actionplans:challenge_log") + "?download=csv")
    body = b"".join(response.streaming_content).decode()
    assert "What has changed since the inspection?" in body


def test_locality_page_filters(client, roles, burnley_action, make_action, preston):
    make_action(what="Preston only action", localities=[preston])
    client.force_login(roles["burnley_chair"])
    response = client.get(reverse("actionplans:locality_actions"))
    assert response.status_code == 200
    assert "Burnley MASPI follow-up" in response.text
    assert "Preston only action" not in response.text
    response = client.get(reverse("actionplans:locality_actions") + "?status=complete")
    assert "Burnley MASPI follow-up" not in response.text
    client.force_login(roles["practitioner"])
    assert client.get(reverse("actionplans:locality_actions")).status_code == 403


def test_agency_lead_bulk_status(client, roles, burnley_action, make_action, health):
    second = make_action(what="Second police action")
    theirs = make_action(what="Health action", owner_agency=health)
    client.force_login(roles["police_lead"])
    url = reverse("actionplans:agency_actions")
    page = client.get(url)
    assert page.status_code == 200
    assert "Health action" not in page.text
    response = client.post(
        url, {"actions": [burnley_action.pk, theirs.pk], "status": "at_risk", "narrative": "x"}
    )
    assert response.status_code == 200  # the health action is not a valid choice
    theirs.refresh_from_db()
    assert theirs.status == "not_started"
    response = client.post(
        url,
        {"actions": [burnley_action.pk, second.pk], "status": "at_risk", "narrative": "Vacancies"},
    )
    assert response.status_code == 302
    assert set(
        Action.objects.filter(owner_agency__name="Lancashire Constabulary").values_list(
            "status", flat=True
        )
    ) == {"at_risk"}
    client.force_login(roles["burnley_chair"])
    assert client.get(url).status_code == 403


def test_report_and_export(client, roles, burnley_action):
    client.force_login(roles["business_unit"])
    response = client.get(reverse("actionplans:plan_report", args=[burnley_action.plan_id]))
    assert response.status_code == 200
    assert "<svg" in response.text
    assert "Number of actions by status" in response.text
    assert "Overdue actions" in response.text
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse("actionplans:plan_export", args=[burnley_action.plan_id, fmt])
        )
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    response = client.get(reverse("actionplans:plan_export", args=[burnley_action.plan_id, "csv"]))
    assert "Burnley MASPI follow-up" in b"".join(response.streaming_content).decode()
    client.force_login(roles["practitioner"])
    assert (
        client.get(
            reverse("actionplans:plan_export", args=[burnley_action.plan_id, "csv"])
        ).status_code
        == 404
    )


def _many_actions(plan, rows, business_unit, burnley):
    for i in range(rows):
        agency = AgencyFactory(name=f"Listed Agency {i:03d}")
        action = services.add_action(
            business_unit,
            plan,
            what=f"Listed action {i:03d}",
            owner_agency=agency,
            due_date=datetime.date(2015, 5, 1),
            localities=[burnley] if i % 2 else [],
        )
        services.raise_challenge(
            business_unit, action, question=f"Question {i}", respond_by=timezone.localdate()
        )


@pytest.mark.parametrize("rows", [5, 60])
def test_list_pages_query_counts_are_flat(
    client, roles, plan, business_unit, burnley, rows, django_assert_max_num_queries
):
    _many_actions(plan, rows, business_unit, burnley)
    for person in (roles["business_unit"], roles["burnley_chair"]):
        client.force_login(person)
        for url in (
            reverse("actionplans:plan_list"),
            reverse("actionplans:locality_actions"),
            reverse("actionplans:challenge_log"),
            reverse("actionplans:plan_detail", args=[plan.pk]),
            reverse("actionplans:plan_report", args=[plan.pk]),
        ):
            with django_assert_max_num_queries(22):
                response = client.get(url)
            assert response.status_code == 200, url
        assert "Listed action 000" in client.get(reverse("actionplans:locality_actions")).text


@pytest.mark.parametrize("rows", [3, 30])
def test_action_page_query_count_is_flat(
    client, roles, burnley_action, rows, django_assert_max_num_queries
):
    owner, chair = roles["owner"], roles["burnley_chair"]
    for i in range(rows):
        services.post_update(
            owner,
            burnley_action,
            status="on_track",
            narrative=f"Update {i}",
            links=[(f"https://example.org/{i}", f"Link {i}")],
        )
        services.raise_challenge(
            chair, burnley_action, question=f"Question {i}", respond_by=timezone.localdate()
        )
    client.force_login(chair)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("actionplans:action_detail", args=[burnley_action.pk]))
    assert response.status_code == 200
    assert f"Update {rows - 1}" in response.text


def test_challenge_form_offers_only_whom_the_chair_may_address(
    client, roles, burnley_action, police, make_person, business_unit
):
    """The addressees are the action's owner, the owner agency's leads and the business unit
    of the plan's board: not the other board's staff, other agencies' leads or practitioners."""
    stranger = make_person("practitioner", agency=police, full_name="Sam Stranger")
    client.force_login(roles["burnley_chair"])
    url = reverse("actionplans:challenge_create", args=[burnley_action.pk])
    field = client.get(url).context["form"]["addressed_to_person"]
    offered = set(field.field.queryset)
    assert offered == {roles["owner"], roles["police_lead"], roles["business_unit"], business_unit}
    assert "business unit" in field.help_text
    respond_by = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    for person in (stranger, roles["other_board_bu"], roles["health_lead"]):
        response = client.post(
            url,
            {
                "question": "How many staff attended?",
                "addressed_to_agency": police.pk,
                "addressed_to_person": person.pk,
                "respond_by": respond_by,
            },
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.context["form"].errors["addressed_to_person"][0]
    assert not Challenge.objects.exists()
    response = client.post(
        url,
        {
            "question": "How many staff attended?",
            "addressed_to_agency": police.pk,
            "addressed_to_person": roles["police_lead"].pk,
            "respond_by": respond_by,
        },
    )
    assert response.status_code == 302
    assert Challenge.objects.get().addressed_to_person == roles["police_lead"]


def test_reply_by_date_in_9999_is_refused_on_the_page(client, roles, burnley_action, police):
    client.force_login(roles["burnley_chair"])
    url = reverse("actionplans:challenge_create", args=[burnley_action.pk])
    response = client.post(
        url,
        {"question": "Why late?", "addressed_to_agency": police.pk, "respond_by": "31/12/9999"},
    )
    assert response.status_code == 200
    error = response.context["form"].errors["respond_by"][0]
    assert error.startswith("Enter a reply-by date no later than")
    assert not Challenge.objects.exists()


@time_machine.travel(datetime.datetime(2026, 12, 18, 12, tzinfo=datetime.UTC), tick=False)
def test_a_new_challenge_asks_for_a_reply_in_ten_working_days(client, roles, burnley_action):
    """From Friday 18 December 2026: Christmas Day, Boxing Day (moved to Monday 28th) and New
    Year's Day are not working days, so the tenth working day is Wednesday 6 January 2027."""
    client.force_login(roles["burnley_chair"])
    page = client.get(reverse("actionplans:challenge_create", args=[burnley_action.pk]))
    assert page.context["form"]["respond_by"].value() == datetime.date(2027, 1, 6)
