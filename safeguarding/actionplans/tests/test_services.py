import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, Challenge, Evidence
from safeguarding.core.models import AuditEvent

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_create_plan_records_audit_and_shares(plan, business_unit, burnley):
    assert plan.created_by == business_unit
    assert burnley in plan.shared_with.all()
    event = AuditEvent.objects.get(target_type="actionplans.actionplan", target_id=str(plan.pk))
    assert event.verb == "plan created"
    assert event.board_id == plan.board_id


def test_create_plan_needs_business_unit_of_that_board(make_person, adults_board, children_board):
    other = make_person("business_unit", board=adults_board)
    with pytest.raises(PermissionDenied):
        services.create_plan(other, board=children_board, title="X", origin_kind="other")


def test_plan_period_must_be_in_order(business_unit, children_board):
    with pytest.raises(ValidationError) as error:
        services.create_plan(
            business_unit,
            board=children_board,
            title="Plan",
            origin_kind="other",
            period_start=datetime.date(2015, 4, 1),
            period_end=datetime.date(2015, 3, 1),
        )
    assert "period_end" in error.value.message_dict


def test_update_plan_records_changes(plan, business_unit, preston):
    services.update_plan(business_unit, plan, title="CSE plan 2015", shared_with=[preston])
    event = AuditEvent.objects.filter(verb="plan changed", target_id=str(plan.pk)).get()
    assert event.payload["title"] == ["CSE action plan", "CSE plan 2015"]
    assert list(plan.shared_with.all()) == [preston]


def test_add_and_update_action(action, business_unit, health, burnley):
    assert action.status == Action.Status.NOT_STARTED
    services.update_action(
        business_unit, action, owner_agency=health, owner_person=None, localities=[burnley]
    )
    action.refresh_from_db()
    assert action.owner_agency == health
    assert action.version == 2
    assert list(action.localities.all()) == [burnley]


def test_owner_person_must_be_from_owner_agency(make_action, health, owner):
    with pytest.raises(ValidationError):
        make_action(owner_agency=health, owner_person=owner)


def test_post_update_changes_status_and_version(action, owner):
    update = services.post_update(owner, action, status="on_track", narrative="Two sessions held")
    action.refresh_from_db()
    assert action.status == "on_track"
    assert action.status_reason == "Two sessions held"
    assert action.last_update_at is not None
    assert action.version == 2
    assert update.author == owner
    assert AuditEvent.objects.filter(verb="progress updated", target_id=str(action.pk)).exists()


def test_complete_needs_evidence(action, owner):
    with pytest.raises(ValidationError) as error:
        services.post_update(owner, action, status="complete", narrative="Done")
    assert "evidence" in str(error.value)
    action.refresh_from_db()
    assert action.status == "not_started"


def test_complete_with_evidence_in_the_same_update(action, owner):
    update = services.post_update(
        owner,
        action,
        status="complete",
        narrative="All trained",
        links=[("https://intranet.example/register", "Attendance register")],
    )
    assert update.evidence.count() == 1
    action.refresh_from_db()
    assert action.status == "complete"


def test_complete_with_earlier_evidence(action, owner):
    services.add_evidence_file(owner, action, pdf(), "Training plan")
    services.post_update(owner, action, status="complete", narrative="Done")
    action.refresh_from_db()
    assert action.is_complete


def test_stale_version_is_refused(action, owner):
    with pytest.raises(ValidationError):
        services.post_update(
            owner, action, status="on_track", narrative="x", expected_version=action.version + 5
        )


def test_practitioner_cannot_post_update(action, practitioner):
    with pytest.raises(PermissionDenied):
        services.post_update(practitioner, action, status="on_track", narrative="x")


def test_evidence_file_stored_under_generated_name(action, owner):
    evidence = services.add_evidence_file(owner, action, pdf("Our plan.pdf"), "The plan")
    assert evidence.original_name == "Our plan.pdf"
    assert "Our plan" not in evidence.file.name
    assert evidence.file.name.startswith("actionplans/evidence/")
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ...", "must be a PDF"),
        ("fake.pdf", b"<html>", "not a real PDF file"),
        ("fake.png", PDF, "not a real PNG image file"),
        ("binary.txt", b"abc\x00def", "not a real text file"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_evidence_file_checks(action, owner, name, content, message):
    with pytest.raises(ValidationError) as error:
        services.add_evidence_file(owner, action, SimpleUploadedFile(name, content), "")
    assert message in str(error.value)
    assert not Evidence.objects.exists()


def test_evidence_file_size_limit(action, owner, settings):
    settings.HUB_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.add_evidence_file(owner, action, pdf(content=PDF + b"x" * 20), "")
    assert "smaller than" in str(error.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.png", PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0JFIF"),
        ("a.csv", b"a,b\n1,2\n"),
        ("a.docx", b"PK\x03\x04rest"),
        ("a.xlsx", b"PK\x03\x04rest"),
        ("a.txt", "caf\u00e9".encode()),
    ],
)
def test_allowed_files(action, owner, name, content):
    evidence = services.add_evidence_file(owner, action, SimpleUploadedFile(name, content), "")
    assert evidence.kind == "file"


def test_evidence_link_must_be_web_address(action, owner):
    with pytest.raises(ValidationError):
        services.add_evidence_link(owner, action, "javascript:alert(1)")
    evidence = services.add_evidence_link(owner, action, "https://example.org/a", "Report")
    assert evidence.kind == "link"


def test_review_evidence_by_cpb_chair(action, owner, roles):
    evidence = services.add_evidence_link(owner, action, "https://example.org/a")
    services.review_evidence(roles["burnley_chair"], evidence, accepted=True)
    evidence.refresh_from_db()
    assert evidence.accepted is True
    assert evidence.accepted_by == roles["burnley_chair"]
    with pytest.raises(PermissionDenied):
        services.review_evidence(roles["police_lead"], evidence, accepted=False)


def test_challenge_lifecycle(action, roles, police):
    chair = roles["burnley_chair"]
    challenge = services.raise_challenge(
        chair,
        action,
        question="How many officers have been trained in Burnley?",
        respond_by=timezone.localdate() + datetime.timedelta(days=14),
        locality=chair.role_assignments[0].area,
    )
    assert challenge.addressed_to_agency == police
    assert challenge.status == Challenge.State.OPEN
    with pytest.raises(PermissionDenied):
        services.answer_challenge(roles["health_lead"], challenge, answer="x")
    services.answer_challenge(roles["police_lead"], challenge, answer="42 of 50")
    challenge.refresh_from_db()
    assert challenge.status == "answered"
    with pytest.raises(PermissionDenied):
        services.close_challenge(roles["preston_chair"], challenge, outcome="ok")
    services.close_challenge(chair, challenge, outcome="Satisfied")
    challenge.refresh_from_db()
    assert challenge.status == "closed"
    assert challenge.closed_by == chair
    verbs = set(
        AuditEvent.objects.filter(target_type="actionplans.challenge").values_list(
            "verb", flat=True
        )
    )
    assert verbs == {"challenge raised", "challenge answered", "challenge closed"}


def test_challenge_respond_by_not_in_past(action, roles):
    with pytest.raises(ValidationError):
        services.raise_challenge(
            roles["burnley_chair"], action, question="Q", respond_by=datetime.date(2000, 1, 1)
        )


def test_bulk_update_status(make_action, roles, health):
    lead = roles["police_lead"]
    first, second = make_action(), make_action(what="Second")
    updates = services.bulk_update_status(
        lead, [first, second], status="at_risk", narrative="Staff shortages"
    )
    assert len(updates) == 2
    assert set(Action.objects.values_list("status", flat=True)) == {"at_risk"}


def test_bulk_update_is_all_or_nothing(make_action, roles, health):
    lead = roles["police_lead"]
    ours, theirs = make_action(), make_action(owner_agency=health)
    with pytest.raises(PermissionDenied):
        services.bulk_update_status(lead, [ours, theirs], status="at_risk", narrative="x")
    ours.refresh_from_db()
    assert ours.status == "not_started"


def test_rejected_evidence_does_not_count_for_completion(action, owner, roles):
    evidence = services.add_evidence_link(owner, action, "https://example.org/a")
    services.review_evidence(roles["burnley_chair"], evidence, accepted=False, note="Undated")
    with pytest.raises(ValidationError):
        services.post_update(owner, action, status="complete", narrative="Done")


def test_challenge_locality_must_be_the_raisers(action, roles, preston):
    with pytest.raises(ValidationError) as error:
        services.raise_challenge(
            roles["burnley_chair"],
            action,
            question="Q",
            respond_by=timezone.localdate(),
            locality=preston,
        )
    assert "locality" in error.value.message_dict
