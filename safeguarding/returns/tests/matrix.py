"""The returns rows of the permission matrices (tests/test_permission_matrix.py and
tests/test_write_matrix.py).

The world's Section 11 request goes to agency B only: an open return (every required question
answered, so it can be signed off) and a second request's return, signed off and in
moderation. Agency A (every scoped role) has no return, so nobody outside the business unit
may see them: 404, as for a record that does not exist.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.returns import services
from safeguarding.returns.models import Question
from safeguarding.returns.selectors import structure

#  anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
#  inspection_reviewer business_unit administrator
# The business unit sees every return but answers none (403); the administrator, a superuser,
# may. Agency A's roles see none of agency B's returns (404).
EXPECTED = {
    "returns:agency_scores": " auth   403   403   403   403   403   403   403   200   200",
    "returns:ask_evidence": " auth   404   404   404   404   404   404   404   200   200",
    "returns:challenge": " auth   404   404   404   404   404   404   404   200   200",
    "returns:evidence_add": " auth   404   404   404   404   404   404   404   403   200",
    "returns:evidence_download": " auth   404   404   404   404   404   404   404   200   200",
    "returns:findings_create": " auth   403   403   403   403   403   403   403   200   200",
    "returns:home": " auth   403   403   200   403   403   403   403   200   200",
    "returns:invite": " auth   404   404   404   404   404   404   404   403   200",
    "returns:moderate": " auth   404   404   404   404   404   404   404   200   200",
    "returns:raise_actions": " auth   405   405   405   405   405   405   405   405   405",
    "returns:reopen": " auth   404   404   404   404   404   404   404   200   200",
    "returns:report_download": " auth   404   404   404   404   404   404   404   200   200",
    "returns:request_create": " auth   403   403   403   403   403   403   403   200   200",
    "returns:request_detail": " auth   404   404   404   404   404   404   404   200   200",
    "returns:request_list": " auth   403   403   403   403   403   403   403   200   200",
    "returns:return_detail": " auth   404   404   404   404   404   404   404   200   200",
    "returns:return_section": " auth   404   404   404   404   404   404   404   403   200",
    "returns:sign_off": " auth   404   404   404   404   404   404   404   403   200",
    "returns:template_detail": " auth   403   403   403   403   403   403   403   200   200",
    "returns:template_list": " auth   403   403   403   403   403   403   403   200   200",
    "returns:template_create": " auth   403   403   403   403   403   403   403   200   200",
    "returns:template_edit": " auth   403   403   403   403   403   403   403   200   200",
    "returns:triangulation": " auth   404   404   404   404   404   404   404   200   200",
    "returnsrequest-detail": "  403   403   403   403   403   403   403   403   200   200",
    "returnsrequest-detail+format": "  403   403   403   403   403   403   403   403   200   200",
    "returnsrequest-list": "  403   403   403   403   403   403   403   403   200   200",
    "returnsrequest-list+format": "  403   403   403   403   403   403   403   403   200   200",
    "returnsreturn-answers": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-answers+format": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-detail": "  403   404   404   404   404   404   404   404   200   200",
    "returnsreturn-detail+format": "  403   404   404   404   404   404   404   404   200   200",
    "returnsreturn-evidence": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-evidence+format": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-list": "  403   200   200   200   200   200   200   200   200   200",
    "returnsreturn-list+format": "  403   200   200   200   200   200   200   200   200   200",
    "returnsreturn-moderate": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-moderate+format": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-reopen": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-reopen+format": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-sign-off": "  403   405   405   405   405   405   405   405   405   405",
    "returnsreturn-sign-off+format": "  403   405   405   405   405   405   405   405   405   405",
    "returnstemplate-detail": "  403   403   403   403   403   403   403   403   200   200",
    "returnstemplate-detail+format": "  403   403   403   403   403   403   403   403   200   200",
    "returnstemplate-list": "  403   403   403   403   403   403   403   403   200   200",
    "returnstemplate-list+format": "  403   403   403   403   403   403   403   403   200   200",
}


# The moderation and agency actions added to the API: a GET is 405 for anyone signed in; the
# questionnaire builder's is gated as the questionnaires are (the business unit's).
API_POST_ONLY = "  403   405   405   405   405   405   405   405   405   405"
for _route, _row in {
    "returnsreturn-invite": API_POST_ONLY,
    "returnsreturn-ask-evidence": API_POST_ONLY,
    "returnsreturn-challenge": API_POST_ONLY,
    "returnsreturn-raise-actions": API_POST_ONLY,
    "returnstemplate-versions": "  403   403   403   403   403   403   403   403   405   405",
}.items():
    EXPECTED[_route] = EXPECTED[f"{_route}+format"] = _row


def _answer_required(person, answered):
    answers = {}
    for section in structure(answered.template_version_id):
        for question in section.questions.all():
            if question.kind == Question.Kind.SCALE:
                answers[question.pk] = {"score": 2}
    services.save_answers(person, answered, answers)


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    board = world["children"]
    agency_b = world["agency_b"]
    agency_b.boards.add(board)
    from safeguarding.organisations.models import RoleAssignment
    from safeguarding.organisations.tests.factories import PersonFactory

    lead_b = PersonFactory(agency=agency_b, full_name="Lead B")
    RoleAssignment.objects.create(person=lead_b, role="agency_lead", agency=agency_b)
    templates = {t.kind: t for t in services.ensure_library(bu, board)}
    version = services.latest_version(templates["section_11"])
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    open_request = services.send_request(
        bu,
        board=board,
        version=version,
        title="Section 11 self-assessment",
        deadline=deadline,
        agencies=[agency_b],
        report=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    open_return = open_request.returns.get()
    _answer_required(lead_b, open_return)
    evidence = services.add_evidence(
        lead_b,
        open_return,
        upload=SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    signed_request = services.send_request(
        bu,
        board=board,
        version=version,
        title="Section 11 self-assessment, earlier",
        deadline=deadline,
        agencies=[agency_b],
    )
    signed = signed_request.returns.get()
    _answer_required(lead_b, signed)
    improve = next(
        q
        for s in structure(signed.template_version_id)
        for q in s.questions.all()
        if q.kind == Question.Kind.IMPROVEMENT
    )
    services.save_answers(lead_b, signed, {improve.pk: {"text": "Refresh training"}})
    services.sign_off(lead_b, signed)
    return {
        "returns_request": open_request,
        "returns_open": open_return,
        "returns_signed": signed,
        "returns_evidence": evidence,
        "returns_template": templates["section_11"],
        "returns_lead_b": lead_b,
        "returns_scale_question": next(
            q
            for s in structure(signed.template_version_id)
            for q in s.questions.all()
            if q.kind == Question.Kind.SCALE
        ),
        "returns_colleague_b": PersonFactory(agency=agency_b, full_name="Colleague B"),
    }


def _open(w):
    return {"pk": w["returns_open"].pk}


def _signed(w):
    return {"pk": w["returns_signed"].pk}


PAGE_KWARGS = {
    "returns:request_detail": lambda w: {"pk": w["returns_request"].pk},
    "returns:triangulation": lambda w: {"pk": w["returns_request"].pk},
    "returns:template_detail": lambda w: {"pk": w["returns_template"].pk},
    "returns:template_edit": lambda w: {"pk": w["returns_template"].pk},
    "returns:agency_scores": lambda w: {"pk": w["agency_b"].pk},
    "returns:return_detail": _open,
    "returns:return_section": lambda w: {
        "pk": w["returns_open"].pk,
        "section_pk": w["returns_open"].template_version.sections.order_by("position")[0].pk,
    },
    "returns:evidence_add": _open,
    "returns:report_download": _open,
    "returns:invite": _open,
    "returns:sign_off": _open,
    "returns:reopen": _signed,
    "returns:moderate": _signed,
    "returns:ask_evidence": _signed,
    "returns:challenge": _signed,
    "returns:raise_actions": _signed,
    "returns:evidence_download": lambda w: {"pk": w["returns_evidence"].pk},
}
API_OBJECTS = {
    "returnstemplate": lambda w: w["returns_template"].pk,
    "returnsrequest": lambda w: w["returns_request"].pk,
    "returnsreturn": lambda w: w["returns_open"].pk,
}
for _format in ("", "+format"):
    for _route in ("reopen", "moderate", "ask-evidence", "challenge", "raise-actions"):
        PAGE_KWARGS[f"returnsreturn-{_route}{_format}"] = _signed


def _day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _request(w):
    return {
        "title": "Matrix request",
        "template": w["returns_template"].pk,
        "deadline": _day(40),
        "agencies": [w["agency_b"].pk],
    }


def _section_answer(w):
    answered = w["returns_open"]
    section = answered.template_version.sections.order_by("position")[0]
    question = section.questions.order_by("position")[1]
    return {"loaded": "{}", f"q{question.pk}": "Our board reviews safeguarding every quarter"}


def _evidence(w):
    return {"link": "https://example.org/policy", "description": "Policy"}


def _moderation(w):
    question = w["returns_scale_question"]
    return {f"q{question.pk}": "1", f"q{question.pk}_reason": "Little evidence seen"}


def _api_answers(w):
    answered = w["returns_open"]
    section = answered.template_version.sections.order_by("position")[0]
    question = section.questions.order_by("position")[1]
    return {"answers": [{"question": question.pk, "text": "Reviewed every quarter"}]}


def _api_moderation(w):
    question = w["returns_scale_question"]
    return {"scores": [{"question": question.pk, "score": 1, "reason": "Little evidence seen"}]}


# Rows of tests/test_write_matrix.py. The returns are agency B's: agency A's roles get 404; the
# business unit manages and moderates but does not answer (403); the administrator may do all.
# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PAGE_BU = "auth  403  403  403  403  403  403  403 done done"
PAGE_HIDDEN = "auth  404  404  404  404  404  404  404 done done"
PAGE_AGENCY = "auth  404  404  404  404  404  404  404  403 done"
API_BU = " 403  403  403  403  403  403  403  403 done done"
API_HIDDEN = " 403  404  404  404  404  404  404  404 done done"
API_AGENCY = " 403  404  404  404  404  404  404  404  403 done"
WRITES = {
    "returns:request_create": ("post", _request, PAGE_BU),
    "returns:findings_create": (
        "post",
        lambda w: {"report_title": "CSE diagnostic", "findings": "Strategy is not shared"},
        PAGE_BU,
    ),
    "returns:template_create": (
        "post",
        lambda w: {"name": "Matrix audit", "kind": "other", "questions": "## A\ntext: Why?"},
        PAGE_BU,
    ),
    "returns:template_edit": (
        "post",
        lambda w: {"questions": "## A\ntext: Why?", "note": "Shorter"},
        PAGE_BU,
    ),
    "returns:return_section": ("post", _section_answer, PAGE_AGENCY),
    "returns:evidence_add": ("post", _evidence, PAGE_AGENCY),
    "returns:invite": ("post", lambda w: {"person": w["returns_colleague_b"].pk}, PAGE_AGENCY),
    "returns:sign_off": ("post", None, PAGE_AGENCY),
    "returns:reopen": ("post", lambda w: {"reason": "A correction agreed"}, PAGE_HIDDEN),
    "returns:moderate": ("post", _moderation, PAGE_HIDDEN),
    "returns:ask_evidence": (
        "post",
        lambda w: {"note": "Send the DBS audit", "deadline": _day(20)},
        PAGE_HIDDEN,
    ),
    "returns:challenge": (
        "post",
        lambda w: {"held_on": _day(-1), "outcome": "Score agreed"},
        PAGE_HIDDEN,
    ),
    "returns:raise_actions": ("post", None, PAGE_HIDDEN),
    "returnsrequest-list": (
        "post",
        lambda w: {
            "board": w["children"].pk,
            "title": "Matrix request",
            "template": w["returns_template"].pk,
            "deadline": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
            "agencies": [w["agency_b"].pk],
        },
        API_BU,
    ),
    "returnsreturn-answers": ("post", _api_answers, API_AGENCY),
    "returnsreturn-evidence": (
        "post",
        lambda w: {"url": "https://example.org/policy", "description": "Policy"},
        API_AGENCY,
    ),
    "returnsreturn-sign-off": ("post", None, API_AGENCY),
    "returnsreturn-reopen": ("post", lambda w: {"reason": "A correction agreed"}, API_HIDDEN),
    "returnsreturn-moderate": ("post", _api_moderation, API_HIDDEN),
    # The agency's lead invites; the business unit sees the return but invites nobody (403).
    "returnsreturn-invite": (
        "post",
        lambda w: {"person": w["returns_colleague_b"].pk},
        API_AGENCY,
    ),
    "returnsreturn-ask-evidence": (
        "post",
        lambda w: {
            "note": "Send the DBS audit",
            "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        },
        API_HIDDEN,
    ),
    "returnsreturn-challenge": (
        "post",
        lambda w: {
            "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "outcome": "Score agreed",
        },
        API_HIDDEN,
    ),
    "returnsreturn-raise-actions": ("post", None, API_HIDDEN),
    "returnstemplate-list": (
        "post",
        lambda w: {
            "board": w["children"].pk,
            "name": "Matrix audit",
            "kind": "other",
            "questions": "## A\ntext: Why?",
        },
        API_BU,
    ),
    # A questionnaire outside the reader's board is 404, as one that does not exist.
    "returnstemplate-versions": (
        "post",
        lambda w: {"questions": "## A\ntext: Why?", "note": "Shorter"},
        API_HIDDEN,
    ),
}
API_TWINS = {
    "returns:request_create": "returnsrequest-list",
    "returns:return_section": "returnsreturn-answers",
    "returns:evidence_add": "returnsreturn-evidence",
    "returns:sign_off": "returnsreturn-sign-off",
    "returns:reopen": "returnsreturn-reopen",
    "returns:moderate": "returnsreturn-moderate",
    "returns:invite": "returnsreturn-invite",
    "returns:ask_evidence": "returnsreturn-ask-evidence",
    "returns:challenge": "returnsreturn-challenge",
    "returns:raise_actions": "returnsreturn-raise-actions",
    "returns:template_create": "returnstemplate-list",
    "returns:template_edit": "returnstemplate-versions",
}
NO_API_TWIN = {
    "returns:findings_create": "a questionnaire made from a report's findings; the API builds "
    "questionnaires from the builder's text (POST /api/return-templates/), findings included",
}
