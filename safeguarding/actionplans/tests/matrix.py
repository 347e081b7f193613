"""The action plans' rows of the permission matrix for pages added after the matrix's own
(tests/test_permission_matrix.py); the plan is agency B's, shared with no locality."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.actionplans import services as plans
from safeguarding.core.testing.writes import sets_up

EXPECTED = {
    "actionplans:plan_pdf": "auth  404  404  404  404  404  404  404  200  200",
    "actionplans:plan_trend": "auth  404  404  404  404  404  404  404  200  200",
    "actionupdate-bulk": " 403  405  405  405  405  405  405  405  405  405",
    "actionupdate-bulk+format": " 403  405  405  405  405  405  405  405  405  405",
}
PAGE_KWARGS = {
    "actionplans:plan_pdf": lambda w: {"pk": w["plan"].pk},
    "actionplans:plan_trend": lambda w: {"pk": w["plan"].pk},
}


def _due(days=90):
    return timezone.localdate() + datetime.timedelta(days=days)


def _plan(w):
    return {"title": "Matrix plan", "origin_kind": "themed", "board": w["children"].pk}


def _action(w):
    return {
        "plan": w["plan"].pk,
        "what": "Run a neglect audit",
        "owner_agency": w["agency_b"].pk,
        "due_date": _due().strftime("%d/%m/%Y"),
    }


def _api_action(w):
    return {**_action(w), "due_date": _due().isoformat()}


def _challenge(w):
    return {
        "action": w["action"].pk,
        "question": "Who has agreed the tool?",
        "addressed_to_agency": w["agency_b"].pk,
        "respond_by": _due(30).strftime("%d/%m/%Y"),
    }


def _actions_file(w):
    rows = f"What will be done,Agency,Due date\r\nAudit,{w['agency_b'].name},{_due():%d/%m/%Y}\r\n"
    return {"upload": SimpleUploadedFile("actions.csv", rows.encode())}


@sets_up
def _agency_a_action(w):
    action = plans.add_action(
        w["people"]["business_unit"],
        w["plan"],
        what="Check the screening tool with police staff",
        owner_agency=w["agency_a"],
        due_date=_due(),
    )
    return {"actions": [action.pk], "status": "on_track", "narrative": "All on track"}


def _update(w):
    return {"status": "on_track", "narrative": "Tool agreed", "version": w["action"].version}


# Rows of tests/test_write_matrix.py. The plan, action, evidence and challenge are agency B's,
# shared with no locality: only the business unit and the administrator may change them.
# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PAGE_BU = "auth  403  403  403  403  403  403  403 done done"
PAGE_HIDDEN = "auth  404  404  404  404  404  404  404 done done"
API_BU = " 403  403  403  403  403  403  403  403 done done"
API_HIDDEN = " 403  404  404  404  404  404  404  404 done done"
# The API answers 400 "choose a plan (or action) you can see" for records outside one's view.
API_UNSEEN = " 403  400  400  400  400  400  400  400 done done"
WRITES = {
    "actionplans:plan_create": ("post", _plan, PAGE_BU),
    "actionplans:plan_edit": ("post", _plan, PAGE_HIDDEN),
    "actionplans:plan_import": ("post", _actions_file, PAGE_HIDDEN),
    "actionplans:action_create": ("post", _action, PAGE_HIDDEN),
    "actionplans:action_edit": ("post", _action, PAGE_HIDDEN),
    "actionplans:action_post_update": ("post", _update, PAGE_HIDDEN),
    "actionplans:evidence_review": ("post", lambda w: {"accepted": "yes"}, PAGE_HIDDEN),
    "actionplans:challenge_create": ("post", _challenge, PAGE_HIDDEN),
    "actionplans:challenge_answer": ("post", lambda w: {"answer": "By March"}, PAGE_HIDDEN),
    "actionplans:challenge_close": ("post", lambda w: {"outcome": "Assured"}, PAGE_HIDDEN),
    # The lead's bulk status change of their agency's open actions.
    "actionplans:agency_actions": (
        "post",
        _agency_a_action,
        "auth  403  403 done  403  403  403  403  403  403",
    ),
    "actionplan-list": ("post", _plan, API_BU),
    "actionplan-detail put": ("put", _plan, API_HIDDEN),
    "actionplan-detail patch": ("patch", lambda w: {"purpose": "Act sooner"}, API_HIDDEN),
    "action-list": ("post", _api_action, API_UNSEEN),
    # The lead's bulk status change of their agency's open actions.
    "actionupdate-bulk": (
        "post",
        _agency_a_action,
        " 403  403  403 done  403  403  403  403  403  403",
    ),
    "action-detail put": ("put", _api_action, API_HIDDEN),
    "action-detail patch": ("patch", lambda w: {"what": "Run two audits"}, API_HIDDEN),
    "actionupdate-list": (
        "post",
        lambda w: {"action": w["action"].pk, "status": "on_track", "narrative": "Tool agreed"},
        API_UNSEEN,
    ),
    "actionevidence-review": ("post", lambda w: {"accepted": True}, API_HIDDEN),
    "actionchallenge-list": (
        "post",
        lambda w: {**_challenge(w), "respond_by": _due(30).isoformat()},
        API_UNSEEN,
    ),
    "actionchallenge-answer": ("post", lambda w: {"answer": "By March"}, API_HIDDEN),
    "actionchallenge-close": ("post", lambda w: {"outcome": "Assured"}, API_HIDDEN),
}

# Pages that answer a POST as they answer a GET; the write matrix checks it changes nothing.
READ_ONLY = {
    "actionplans:action_detail",
    "actionplans:challenge_detail",
    "actionplans:challenge_log",
    "actionplans:evidence_download",
    "actionplans:import_template",
    "actionplans:locality_actions",
    "actionplans:plan_detail",
    "actionplans:plan_export",
    "actionplans:plan_list",
    "actionplans:plan_pdf",
    "actionplans:plan_report",
    "actionplans:plan_trend",
}

# tests/test_api_parity.py: each page write's API twin, or why it has none.
API_TWINS = {
    "actionplans:plan_create": "actionplan-list",
    "actionplans:plan_edit": "actionplan-detail",
    "actionplans:action_create": "action-list",
    "actionplans:action_edit": "action-detail",
    "actionplans:action_post_update": "actionupdate-list",
    "actionplans:evidence_review": "actionevidence-review",
    "actionplans:challenge_create": "actionchallenge-list",
    "actionplans:challenge_answer": "actionchallenge-answer",
    "actionplans:challenge_close": "actionchallenge-close",
    "actionplans:agency_actions": "actionupdate-bulk",
}
NO_API_TWIN = {
    "actionplans:plan_import": "a spreadsheet of actions, added one by one through the service "
    "POST /api/actions/ calls",
}
