import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.actionplans.models import Action
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.returns import library, services
from safeguarding.returns.models import Answer, Question, Return, Template

from .conftest import by_key, questions_of


def test_the_library_holds_the_8_section_11_standards_and_the_restructuring_return(library):
    version = services.latest_version(library["section_11"])
    assert version.sections.count() == 8
    assert [s.title.split(":")[0] for s in version.sections.order_by("position")] == [
        f"Standard {n}" for n in range(1, 9)
    ]
    assert services.latest_version(library["restructuring"]).sections.count() == 1


def test_the_library_is_made_once(business_unit, children_board, library):
    services.ensure_library(business_unit, children_board)
    assert Template.objects.filter(board=children_board).count() == 2


def test_a_findings_questionnaire_has_questions_for_each_finding(business_unit, children_board):
    template = services.findings_template(
        business_unit,
        board=children_board,
        report_title="CSE diagnostic",
        findings=["Strategy is not shared.", "", "Data is not joined up."],
    )
    questions = Question.objects.filter(section__version__template=template)
    assert questions.filter(kind="text", required=True).count() == 2
    assert template.kind == Template.Kind.FINDINGS


def test_sending_makes_one_return_per_agency_and_tells_the_leads(sent, police_lead):
    assert sent.returns.count() == 2
    assert all(r.template_version_id == sent.version_id for r in sent.returns.all())
    assert OutboundEmail.objects.filter(
        purpose="returns.request_sent", recipient=police_lead.email
    ).exists()
    assert AuditEvent.objects.filter(verb="request sent").count() == 1


def test_only_the_business_unit_sends(police_lead, children_board, section_11, police):
    with pytest.raises(PermissionDenied):
        services.send_request(
            police_lead,
            board=children_board,
            version=services.latest_version(section_11),
            title="Mine",
            deadline=datetime.date(2030, 6, 1),
            agencies=[police],
        )


def test_a_deadline_before_sending_is_refused_naming_the_field(
    business_unit, children_board, section_11, police
):
    with pytest.raises(ValidationError) as error:
        services.send_request(
            business_unit,
            board=children_board,
            version=services.latest_version(section_11),
            title="Back to front",
            deadline=datetime.date(2030, 1, 1),
            sent_on=datetime.date(2030, 2, 1),
            agencies=[police],
        )
    assert "deadline" in error.value.message_dict


def _score_everything(lead, answered, score=2):
    answers = {}
    for question in questions_of(answered):
        if question.kind == Question.Kind.SCALE:
            answers[question.pk] = {"score": score}
        elif question.kind == Question.Kind.TEXT:
            answers[question.pk] = {"text": "Our arrangements are reviewed every year."}
    return services.save_answers(lead, answered, answers)


def test_answers_are_saved_per_question_and_keep_what_was_not_sent(police_lead, police_return):
    questions = by_key(police_return)
    improve = questions["training-improve"]
    services.save_answers(
        police_lead, police_return, {improve.pk: {"text": "Refresh training", "owner": "Chief"}}
    )
    services.save_answers(
        police_lead, police_return, {improve.pk: {"due_date": datetime.date(2030, 12, 1)}}
    )
    answer = Answer.objects.get(answered_return=police_return, question=improve)
    assert (answer.text, answer.owner, answer.due_date) == (
        "Refresh training",
        "Chief",
        datetime.date(2030, 12, 1),
    )
    police_return.refresh_from_db()
    assert police_return.status == Return.Status.DRAFT


def test_another_agency_cannot_answer(health_lead, police_return):
    question = by_key(police_return)["training-score"]
    with pytest.raises(PermissionDenied):
        services.save_answers(health_lead, police_return, {question.pk: {"score": 3}})


def test_a_score_off_the_scale_is_refused(police_lead, police_return):
    question = by_key(police_return)["training-score"]
    with pytest.raises(ValidationError) as error:
        services.save_answers(police_lead, police_return, {question.pk: {"score": 7}})
    assert f"q{question.pk}" in error.value.message_dict


def test_a_childs_name_needs_confirming(police_lead, police_return):
    question = by_key(police_return)["training-how"]
    with pytest.raises(ValidationError):
        services.save_answers(
            police_lead, police_return, {question.pk: {"text": "Jayden Smith was trained"}}
        )
    services.save_answers(
        police_lead,
        police_return,
        {question.pk: {"text": "Training on the Smith Report"}},
        confirm_no_names=True,
    )


def test_sign_off_needs_every_required_answer_then_locks(police_lead, police_return):
    with pytest.raises(ValidationError):
        services.sign_off(police_lead, police_return)
    _score_everything(police_lead, police_return)
    services.sign_off(police_lead, police_return)
    police_return.refresh_from_db()
    assert police_return.is_locked
    assert police_return.moderation == Return.Moderation.IN_MODERATION
    question = by_key(police_return)["training-score"]
    with pytest.raises(PermissionDenied):
        services.save_answers(police_lead, police_return, {question.pk: {"score": 3}})


def test_reopening_is_the_business_units_audited_decision(
    business_unit, police_lead, police_return
):
    _score_everything(police_lead, police_return)
    services.sign_off(police_lead, police_return)
    with pytest.raises(PermissionDenied):
        services.reopen(police_lead, police_return, reason="Typo")
    with pytest.raises(ValidationError):
        services.reopen(business_unit, police_return, reason=" ")
    services.reopen(business_unit, police_return, reason="A late correction agreed")
    police_return.refresh_from_db()
    assert not police_return.is_locked
    event = AuditEvent.objects.get(verb="return reopened")
    assert event.payload["reason"] == "A late correction agreed"


def test_a_colleague_from_the_agency_is_invited_and_may_answer(
    police_lead, police_colleague, police_return, health_lead
):
    with pytest.raises(ValidationError):
        services.invite_colleague(police_lead, police_return, health_lead)
    services.invite_colleague(police_lead, police_return, police_colleague)
    answered = Return.objects.get(pk=police_return.pk)
    question = by_key(answered)["training-score"]
    services.save_answers(police_colleague, answered, {question.pk: {"score": 1}})
    with pytest.raises(PermissionDenied):
        services.sign_off(police_colleague, answered)


def test_evidence_files_and_links(police_lead, police_return):
    question = by_key(police_return)["training-evidence"]
    services.add_evidence(
        police_lead,
        police_return,
        upload=SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        description="Training policy",
        question_id=question.pk,
    )
    services.add_evidence(police_lead, police_return, url="https://example.org/report")
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            police_lead,
            police_return,
            upload=SimpleUploadedFile("setup.exe", b"MZ", "application/octet-stream"),
        )
    assert "file" in error.value.message_dict
    assert police_return.evidence.count() == 2


def test_answers_carry_forward_only_for_unchanged_questions(
    business_unit, children_board, section_11, police, health, police_lead, police_return
):
    _score_everything(police_lead, police_return, score=3)
    services.sign_off(police_lead, police_return)
    definition = library.section_11()
    definition["sections"][0]["questions"][0]["text"] = "A new wording for standard 1"
    services.add_version(business_unit, section_11, definition=definition, note="Reworded")
    later = services.send_request(
        business_unit,
        board=children_board,
        version=services.latest_version(section_11),
        title="Section 11 audit, autumn",
        deadline=datetime.date(2030, 11, 29),
        agencies=[police],
        sent_on=datetime.date(2030, 9, 2),
    )
    answered = later.returns.get()
    carried = {a.question.key: a for a in answered.answers.select_related("question")}
    assert "senior-management-score" not in carried
    assert carried["training-score"].score == 3
    assert carried["training-score"].carried_forward
    assert answered.template_version.number == 2
    police_return.refresh_from_db()
    assert police_return.template_version.number == 1


def _signed(police_lead, police_return, score=3):
    _score_everything(police_lead, police_return, score=score)
    services.sign_off(police_lead, police_return)
    return Return.objects.get(pk=police_return.pk)


def test_moderation_sets_a_score_beside_the_agencys_with_a_reason(
    business_unit, police_lead, police_return, health_lead
):
    answered = _signed(police_lead, police_return)
    question = by_key(answered)["training-score"]
    with pytest.raises(PermissionDenied):
        services.moderate(police_lead, answered, {question.pk: (1, "No")})
    with pytest.raises(ValidationError):
        services.moderate(business_unit, answered, {question.pk: (1, "")})
    services.moderate(
        business_unit, answered, {question.pk: (1, "Training records are incomplete")}
    )
    answered.refresh_from_db()
    assert answered.moderated_scores.get().score == 1
    assert answered.moderation == Return.Moderation.IN_MODERATION


def test_a_named_panel_member_may_moderate(business_unit, police_lead, police_return, make_person):
    panel = make_person("practitioner", full_name="Panel Person")
    police_return.request.moderators.add(panel)
    answered = _signed(police_lead, police_return)
    question = by_key(answered)["training-score"]
    services.moderate(panel, answered, {question.pk: (2, "Mostly there")}, complete=True)
    answered.refresh_from_db()
    assert answered.moderation == Return.Moderation.MODERATED


def test_asking_for_more_evidence_opens_the_return_with_its_own_deadline(
    business_unit, police_lead, police_return
):
    answered = _signed(police_lead, police_return)
    services.ask_for_evidence(
        business_unit,
        answered,
        note="Send the audit of DBS checks",
        deadline=datetime.date(2030, 9, 1),
    )
    answered.refresh_from_db()
    assert not answered.is_locked
    assert answered.moderation == Return.Moderation.MORE_EVIDENCE
    assert OutboundEmail.objects.filter(purpose="returns.evidence_asked").count() == 1
    services.sign_off(police_lead, answered)
    answered.refresh_from_db()
    assert answered.moderation == Return.Moderation.IN_MODERATION


def test_a_challenge_events_outcome_is_recorded(business_unit, police_lead, police_return):
    answered = _signed(police_lead, police_return)
    services.record_challenge(
        business_unit, answered, held_on=datetime.date(2030, 7, 10), outcome="Score agreed at 2"
    )
    assert answered.challenge_events.get().outcome == "Score agreed at 2"


def test_areas_for_improvement_and_findings_become_actions_once(
    business_unit, police_lead, police_return
):
    improve = by_key(police_return)["training-improve"]
    services.save_answers(
        police_lead,
        police_return,
        {improve.pk: {"text": "Train every officer", "owner": "Head of training"}},
    )
    answered = _signed(police_lead, police_return, score=3)
    question = by_key(answered)["safer-recruitment-score"]
    services.moderate(business_unit, answered, {question.pk: (1, "Gaps in DBS checks")})
    assert services.raise_actions(business_unit, answered) == 2
    actions = Action.objects.filter(owner_agency=answered.agency)
    assert actions.count() == 2
    answered.refresh_from_db()
    assert answered.action_plan.actions.count() == 2
    with pytest.raises(ValidationError):
        services.raise_actions(business_unit, answered)
    with pytest.raises(PermissionDenied):
        services.raise_actions(police_lead, answered)
