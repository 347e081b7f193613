"""The training app's rows in tests/test_permission_matrix.py.

The catalogue, course, session and calendar pages and certificate checking are public. The
world's application belongs to agency B's hidden person (no line manager named), for a
children's board course, and has been attended: only the children's business unit and the
administrator may see it (404 for everyone else); giving feedback is the applicant's alone
(403 for the business unit, who can see it). Session management pages are the business unit's.
POST-only URLs answer 405.

The world's practitioner is named as the trainer of the world's session (Session.trained_by):
they, and only they besides the business unit, open its register and sign-in sheet (page and
API); everything else of the session (management, feedback, changes) stays a 404 to them.
test_pages.py checks that a trainer cannot open the register of a session they do not train.
"""

from datetime import timedelta

import time_machine
from django.utils import timezone

from safeguarding.core.testing.writes import sets_up
from safeguarding.training import services
from safeguarding.training.models import Application

# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PUBLIC = " 200  200  200  200  200  200  200  200  200  200"
SIGNED_IN = "auth  200  200  200  200  200  200  200  200  200"
BU_ONLY_404 = "auth  404  404  404  404  404  404  404  200  200"
BU_ONLY_403 = "auth  403  403  403  403  403  403  403  200  200"
POST_ONLY = "auth  405  405  405  405  405  405  405  405  405"
API_LIST = " 403  200  200  200  200  200  200  200  200  200"
API_HIDDEN = " 403  404  404  404  404  404  404  404  200  200"
API_POST = " 403  405  405  405  405  405  405  405  405  405"
TRAINER_AND_BU = "auth  200  404  404  404  404  404  404  200  200"
API_TRAINER_AND_BU = " 403  200  404  404  404  404  404  404  200  200"

EXPECTED = {
    "training:catalogue": PUBLIC,
    "training:course_detail": PUBLIC,
    "training:session_detail": PUBLIC,
    "training:session_ics": PUBLIC,
    "training:programme_calendar": PUBLIC,
    "training:verify": PUBLIC,
    "training:dashboard": SIGNED_IN,
    "training:apply": SIGNED_IN,
    "training:my_applications": SIGNED_IN,
    "training:approvals": SIGNED_IN,
    "training:passport": SIGNED_IN,
    "training:staff": "auth  403  403  200  403  403  403  403  200  200",
    "training:application_detail": BU_ONLY_404,
    "training:cancel": BU_ONLY_404,
    "training:decide": BU_ONLY_404,
    "training:certificate": BU_ONLY_404,
    # Only the applicant gives feedback on their course; a superuser does not speak for them.
    "training:feedback": "auth  404  404  404  404  404  404  404  403  403",
    "training:accept_offer": POST_ONLY,
    # Nothing to override: the application is not declined or waiting.
    "training:override": POST_ONLY,
    "training:manage": BU_ONLY_403,
    "training:reports": BU_ONLY_403,
    "training:charges": BU_ONLY_403,
    "training:session_manage": BU_ONLY_404,
    # Marking absent before the session (it is 40 days ahead) is refused with a message
    "training:register": TRAINER_AND_BU,
    "training:my_sessions": SIGNED_IN,
    "training:course_publication": BU_ONLY_404,
    "training:course_results": BU_ONLY_404,
    "training:session_results": BU_ONLY_404,
    "training:sign_in_sheet": TRAINER_AND_BU,
    "training:session_cancel": BU_ONLY_404,
    "training:session_edit": BU_ONLY_404,
    "training:course_edit": BU_ONLY_404,
    "training:session_create": BU_ONLY_404,
    "training:course_create": BU_ONLY_403,
}
for basename in ("trainingcourse", "trainingsession"):
    for suffix in ("", "+format"):
        EXPECTED[f"{basename}-list{suffix}"] = API_LIST
        EXPECTED[f"{basename}-detail{suffix}"] = API_LIST
for suffix in ("", "+format"):
    EXPECTED[f"trainingcourse-publish{suffix}"] = API_POST
    EXPECTED[f"trainingcourse-unpublish{suffix}"] = API_POST
    EXPECTED[f"trainingcourse-feedback{suffix}"] = API_HIDDEN
    EXPECTED[f"trainingregister-list{suffix}"] = API_LIST
    EXPECTED[f"trainingregister-detail{suffix}"] = API_TRAINER_AND_BU
    EXPECTED[f"trainingapplication-list{suffix}"] = API_LIST
    EXPECTED[f"trainingapplication-detail{suffix}"] = API_HIDDEN
    for verb in ("approve", "decline", "cancel", "accept", "attendance", "feedback", "override"):
        EXPECTED[f"trainingapplication-{verb}{suffix}"] = API_POST
    EXPECTED[f"trainingsession-cancel{suffix}"] = API_POST


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    course = services.create_course(
        bu,
        board=world["children"],
        title="Matrix course",
        topic="Neglect",
        audience="Everyone",
        level="introductory",
        learning_outcomes="Learn",
        duration="One day",
    )
    start = timezone.now() + timedelta(days=40)
    session = services.create_session(
        bu,
        course,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        trainer="Trainer",
        capacity=10,
        venue="County Hall",
    )
    application = services.apply(world["hidden"], session, reason="Matrix", line_manager=None)
    services.approve(bu, application)
    with time_machine.travel(start + timedelta(minutes=1), tick=False):  # the register opens
        services.mark_attendance(bu, application, attended=True)
    services.update_session(bu, session, trained_by=world["people"]["practitioner"])
    return {
        "training_course": course,
        "training_session": session,
        "training_application": application,
    }


def _session(w):
    return {"pk": w["training_session"].pk}


def _application(w):
    return {"pk": w["training_application"].pk}


PAGE_KWARGS = {
    "training:course_detail": lambda w: {"pk": w["training_course"].pk},
    "training:session_detail": _session,
    "training:session_ics": _session,
    "training:apply": _session,
    "training:session_manage": _session,
    # Marking absent before the session (it is 40 days ahead) is refused with a message
    "training:register": _session,
    "training:session_results": _session,
    "training:sign_in_sheet": _session,
    "training:session_cancel": _session,
    "training:session_edit": _session,
    "training:course_edit": lambda w: {"pk": w["training_course"].pk},
    "training:course_publication": lambda w: {"pk": w["training_course"].pk},
    "training:course_results": lambda w: {"pk": w["training_course"].pk},
    "training:session_create": lambda w: {"pk": w["training_course"].pk},
    "training:application_detail": _application,
    "training:cancel": _application,
    "training:decide": _application,
    "training:certificate": _application,
    "training:feedback": _application,
    "training:accept_offer": _application,
    # Nothing to override: the application is not declined or waiting.
    "training:override": _application,
    "training:charges": lambda w: {"fmt": "csv"},
}
API_OBJECTS = {
    "trainingcourse": lambda w: w["training_course"].pk,
    "trainingsession": lambda w: w["training_session"].pk,
    "trainingapplication": lambda w: w["training_application"].pk,
    "trainingregister": lambda w: w["training_session"].pk,
}


def _course_fields(w):
    return {
        "title": "Matrix course two",
        "topic": "Neglect",
        "audience": "Everyone",
        "level": "introductory",
        "learning_outcomes": "Learn",
        "duration": "One day",
        "fee_contributing": "0",
        "fee_non_contributing": "0",
        "fee_private": "0",
        "charge_contributing": "0",
        "charge_non_contributing": "0",
        "charge_private": "0",
        "waiting_list_minimum": "3",
        "offer_hours": "48",
    }


def _session_fields(w):
    day = timezone.localdate() + timedelta(days=60)
    return {
        "date": day.strftime("%d/%m/%Y"),
        "start_time": "09:30",
        "end_time": "12:30",
        "venue": "County Hall",
        "capacity": "12",
        "trainer": "Trainer",
    }


def _api_session_fields(w):
    starts = timezone.now() + timedelta(days=60)
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "venue": "County Hall",
        "capacity": 12,
        "trainer": "Trainer",
    }


def _in_status(status, body=None):
    """The world's application brought back to `status` (it is attended), for a decision."""

    @sets_up
    def payload(w):
        Application.objects.filter(pk=w["training_application"].pk).update(status=status)
        return body or {}

    return payload


@sets_up
def _unpublished(w):
    services.set_course_published(w["people"]["business_unit"], w["training_course"], False)
    return {}


# Rows of tests/test_write_matrix.py. The application is agency B's hidden person's, approved
# and marked attended; the session (40 days ahead) is trained by the world's practitioner.
# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PAGE_BU = "auth  403  403  403  403  403  403  403 done done"
PAGE_HIDDEN = "auth  404  404  404  404  404  404  404 done done"
API_HIDDEN = " 403  404  404  404  404  404  404  404 done done"
WRITES = {
    "training:course_create": ("post", _course_fields, PAGE_BU),
    "training:course_edit": ("post", _course_fields, PAGE_HIDDEN),
    "training:course_publication": ("post", lambda w: {"publish": "no"}, PAGE_HIDDEN),
    "training:session_create": ("post", _session_fields, PAGE_HIDDEN),
    "training:session_edit": ("post", _session_fields, PAGE_HIDDEN),
    "training:session_cancel": ("post", lambda w: {"reason": "Trainer unwell"}, PAGE_HIDDEN),
    "training:apply": (
        "post",
        lambda w: {"reason": "To learn", "confirm": "on"},
        " auth  done  done  done  done  done  done  done  done  done",
    ),
    "training:cancel": ("post", _in_status("confirmed", {"reason": "Rota changed"}), PAGE_HIDDEN),
    "training:decide": (
        "post",
        _in_status("awaiting_approval", {"decision": "decline", "note": "No cover"}),
        PAGE_HIDDEN,
    ),
    "training:feedback": (
        "post",
        lambda w: {"overall": "4", "outcomes_met": "4", "will_change_practice": "on"},
        " auth   404   404   404   404   404   404   404   403   403",
    ),
    # The applicant's own steps (feedback, accepting an offer): nobody, a superuser included,
    # takes them in the applicant's name.
    "training:accept_offer": (
        "post",
        _in_status("offered"),
        " auth   404   404   404   404   404   404   404   403   403",
    ),
    # Nothing to override: the application is not declined or waiting.
    "training:override": (
        "post",
        lambda w: {"note": "Agreed by phone"},
        " auth   404   404   404   404   404   404   404   302   302",
    ),
    # Marking absent before the session (it is 40 days ahead) is refused with a message
    "training:register": (
        "post",
        lambda w: {f"attendance-{w['training_application'].pk}": "absent"},
        " auth   302   404   404   404   404   404   404   302   302",
    ),
    "trainingcourse-publish": ("post", _unpublished, API_HIDDEN),
    "trainingcourse-unpublish": ("post", None, API_HIDDEN),
    "trainingapplication-list": (
        "post",
        lambda w: {"session": w["training_session"].pk, "reason": "To learn"},
        "  403  done  done  done  done  done  done  done  done  done",
    ),
    "trainingapplication-approve": ("post", _in_status("awaiting_approval"), API_HIDDEN),
    "trainingapplication-decline": (
        "post",
        _in_status("awaiting_approval", {"note": "No cover"}),
        API_HIDDEN,
    ),
    "trainingapplication-cancel": ("post", _in_status("confirmed"), API_HIDDEN),
    # The applicant's own step; the administrator may take it for anyone today.
    "trainingapplication-accept": (
        "post",
        _in_status("offered"),
        "  403   404   404   404   404   404   404   404   403   403",
    ),
    "trainingapplication-feedback": (
        "post",
        lambda w: {"overall": 4, "outcomes_met": 4, "will_change_practice": True},
        "  403   404   404   404   404   404   404   404   403   403",
    ),
    # Nothing to override: the application is not declined or waiting.
    "trainingapplication-override": (
        "post",
        lambda w: {"note": "Agreed by phone"},
        "  403   404   404   404   404   404   404   404   400   400",
    ),
    "trainingcourse-list": (
        "post",
        lambda w: {**_course_fields(w), "board": w["children"].pk},
        "  403   403   403   403   403   403   403   403  done  done",
    ),
    "trainingcourse-detail put": (
        "put",
        lambda w: {**_course_fields(w), "board": w["children"].pk},
        API_HIDDEN,
    ),
    "trainingcourse-detail patch": ("patch", lambda w: {"duration": "Two days"}, API_HIDDEN),
    # A course one does not manage is not a valid choice (400), as on the pages (404).
    "trainingsession-list": (
        "post",
        lambda w: {**_api_session_fields(w), "course": w["training_course"].pk},
        "  403   400   400   400   400   400   400   400  done  done",
    ),
    "trainingsession-detail put": (
        "put",
        lambda w: {**_api_session_fields(w), "course": w["training_course"].pk},
        API_HIDDEN,
    ),
    "trainingsession-detail patch": ("patch", lambda w: {"capacity": 12}, API_HIDDEN),
    "trainingsession-cancel": ("post", lambda w: {"reason": "Trainer unwell"}, API_HIDDEN),
    # Marking absent before the session is refused
    "trainingapplication-attendance": (
        "post",
        lambda w: {"attended": False},
        "  403   400   404   404   404   404   404   404   400   400",
    ),
}

# Pages that answer a POST as they answer a GET; the write matrix checks it changes nothing.
READ_ONLY = {
    "training:application_detail",
    "training:approvals",
    "training:catalogue",
    "training:certificate",
    "training:charges",
    "training:course_detail",
    "training:course_results",
    "training:dashboard",
    "training:manage",
    "training:my_applications",
    "training:my_sessions",
    "training:passport",
    "training:reports",
    "training:session_detail",
    "training:session_ics",
    "training:programme_calendar",
    "training:session_manage",
    "training:session_results",
    "training:sign_in_sheet",
    "training:staff",
    "training:verify",
}

# tests/test_api_parity.py: each page write's API twin.
API_TWINS = {
    "training:course_create": "trainingcourse-list",
    "training:course_edit": "trainingcourse-detail",
    "training:course_publication": ("trainingcourse-publish", "trainingcourse-unpublish"),
    "training:session_create": "trainingsession-list",
    "training:session_edit": "trainingsession-detail",
    "training:session_cancel": "trainingsession-cancel",
    "training:apply": "trainingapplication-list",
    "training:cancel": "trainingapplication-cancel",
    "training:decide": ("trainingapplication-approve", "trainingapplication-decline"),
    "training:feedback": "trainingapplication-feedback",
    "training:accept_offer": "trainingapplication-accept",
    "training:override": "trainingapplication-override",
    # The page marks the whole register; the API marks one person at a time.
    "training:register": "trainingapplication-attendance",
}
