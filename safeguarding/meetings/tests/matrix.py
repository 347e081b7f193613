"""The meetings app's rows in tests/test_permission_matrix.py.

The world's meeting belongs to the children's board; its only member is agency B's hidden person,
so the scoped roles of agency A (the board member included) are not members: the meeting, its
items and its restricted paper are 404 for them. The newsflash pages use a published newsflash
(public: no sign-in) except edit, which uses a draft only the business unit may see.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.core.testing.writes import sets_up
from safeguarding.meetings import services

# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
EXPECTED = {
    "agendaitem-detail": "  403   404   404   404   404   404   404   404   200   200",
    "agendaitem-detail+format": "  403   404   404   404   404   404   404   404   200   200",
    "agendaitem-list": "  403   200   200   200   200   200   200   200   200   200",
    "agendaitem-list+format": "  403   200   200   200   200   200   200   200   200   200",
    "decision-detail": "  403   404   404   404   404   404   404   404   200   200",
    "decision-detail+format": "  403   404   404   404   404   404   404   404   200   200",
    "decision-list": "  403   200   200   200   200   200   200   200   200   200",
    "decision-list+format": "  403   200   200   200   200   200   200   200   200   200",
    "meeting-detail": "  403   404   404   404   404   404   404   404   200   200",
    "meeting-detail+format": "  403   404   404   404   404   404   404   404   200   200",
    "meeting-list": "  403   200   200   200   200   200   200   200   200   200",
    "meeting-list+format": "  403   200   200   200   200   200   200   200   200   200",
    "meeting-member-groups": "  403   403   403   403   403   403   403   403   200   200",
    "meeting-member-groups+format": "  403   403   403   403   403   403   403   403   200   200",
    "meetings:action_add": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:approve_minutes": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:attendance": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:calendar_feed": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:calendar_feed_kind": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:circulate_minutes": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:declaration_add": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:item_create": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:item_remove": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:paper_remove": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:item_edit": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:meeting_create": " auth   403   403   403   403   403   403   403   200   200",
    "meetings:meeting_detail": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:meeting_edit": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:meeting_cancel": " auth   404   404   404   404   404   404   404   200   200",
    # Anyone may add a meeting to their calendar, as the public feed shows it; members (here
    # the business unit and the administrator) get the online link and agenda with it.
    "meetings:meeting_ics": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:meeting_list": " auth   200   200   200   200   200   200   200   200   200",
    "meetings:newsflash_approve": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:newsflash_detail": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:newsflash_draft": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:newsflash_edit": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:newsflash_feed": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:newsflash_list": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:newsflash_pdf": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:newsflash_publish": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:paper_add": " auth   404   404   404   404   404   404   404   200   200",
    "meetings:paper_download": "  404   404   404   404   404   404   404   404   200   200",
    "meetings:publish_agenda": " auth   405   405   405   405   405   405   405   405   405",
    "meetings:search": " auth   200   200   200   200   200   200   200   200   200",
    "meetings:subscribe": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:subscribe_confirm": "  200   200   200   200   200   200   200   200   200   200",
    "meetings:unsubscribe": "  200   200   200   200   200   200   200   200   200   200",
    "newsflash-detail": "  403   404   404   404   404   404   404   404   200   200",
    "newsflash-detail+format": "  403   404   404   404   404   404   404   404   200   200",
    "newsflash-list": "  403   200   200   200   200   200   200   200   200   200",
    "newsflash-list+format": "  403   200   200   200   200   200   200   200   200   200",
}
# The API's lifecycle writes take a POST only.
POST_ONLY = "  403   405   405   405   405   405   405   405   405   405"
for _route in (
    "meeting-cancel",
    "meeting-publish-agenda",
    "meeting-attendance",
    "meeting-declarations",
    "meeting-actions",
    "meeting-circulate-minutes",
    "meeting-approve-minutes",
    "meeting-draft-newsflash",
    "newsflash-approve",
    "newsflash-publish",
):
    EXPECTED[_route] = EXPECTED[f"{_route}+format"] = POST_ONLY


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    children = world["children"]
    meeting = services.schedule_meeting(
        bu,
        board=children,
        kind="board",
        title="Matrix board meeting",
        date=datetime.date(2030, 3, 20),
        start_time=datetime.time(10),
        venue="County Hall",
        members=[world["hidden"]],
    )[0]
    item = services.add_item(bu, meeting, title="Restricted business", purpose="decision")
    services.update_item(bu, item, decision="The Board agreed it.")
    paper = services.add_paper(
        bu, item, SimpleUploadedFile("secret.pdf", b"%PDF-1.4\n%%EOF\n"), is_public=False
    )
    services.publish_agenda(bu, meeting)
    published = services.draft_newsflash(bu, meeting)
    services.approve_newsflash(bu, published)
    services.publish_newsflash(bu, published)
    other = services.schedule_meeting(
        bu,
        board=children,
        kind="executive",
        title="Matrix executive",
        date=datetime.date(2030, 4, 20),
        start_time=datetime.time(10),
        venue="County Hall",
    )[0]
    services.add_item(bu, other, title="Draft business", purpose="information")
    draft = services.draft_newsflash(bu, other)
    subscriber = services.subscribe(children, "matrix-reader@example.org")
    return {
        "meeting": meeting,
        "agenda_item": item,
        "paper": paper,
        "newsflash": published,
        "draft_newsflash": draft,
        "subscriber": subscriber,
    }


def _meeting(w):
    return {"pk": w["meeting"].pk}


PAGE_KWARGS = {
    "meetings:meeting_detail": _meeting,
    "meetings:meeting_edit": _meeting,
    "meetings:meeting_cancel": _meeting,
    "meetings:meeting_ics": _meeting,
    "meetings:item_create": _meeting,
    "meetings:publish_agenda": _meeting,
    "meetings:attendance": _meeting,
    "meetings:declaration_add": _meeting,
    "meetings:action_add": _meeting,
    "meetings:circulate_minutes": _meeting,
    "meetings:approve_minutes": _meeting,
    "meetings:newsflash_draft": _meeting,
    "meetings:item_edit": lambda w: {"pk": w["agenda_item"].pk},
    "meetings:paper_add": lambda w: {"pk": w["agenda_item"].pk},
    "meetings:paper_download": lambda w: {"pk": w["paper"].pk},
    "meetings:paper_remove": lambda w: {"pk": w["paper"].pk},
    "meetings:item_remove": lambda w: {"pk": w["agenda_item"].pk},
    "meetings:calendar_feed": lambda w: {"board": w["children"].slug},
    "meetings:calendar_feed_kind": lambda w: {"board": w["children"].slug, "kind": "board"},
    "meetings:subscribe_confirm": lambda w: {"token": w["subscriber"].token},
    "meetings:unsubscribe": lambda w: {"token": w["subscriber"].token},
    "meetings:newsflash_detail": lambda w: {"pk": w["newsflash"].pk},
    "meetings:newsflash_pdf": lambda w: {"pk": w["newsflash"].pk},
    "meetings:newsflash_edit": lambda w: {"pk": w["draft_newsflash"].pk},
    "meetings:newsflash_approve": lambda w: {"pk": w["draft_newsflash"].pk},
    "meetings:newsflash_publish": lambda w: {"pk": w["draft_newsflash"].pk},
}
API_OBJECTS = {
    "meeting": lambda w: w["meeting"].pk,
    "agendaitem": lambda w: w["agenda_item"].pk,
    "decision": lambda w: w["agenda_item"].pk,
    "newsflash": lambda w: w["draft_newsflash"].pk,
}


def _meeting_fields(w):
    return {
        "kind": "board",
        "title": "Extra board meeting",
        "date": "21/05/2030",
        "start_time": "10:00",
        "venue": "County Hall",
    }


def _action_arising(w):
    return {
        "item": w["agenda_item"].pk,
        "what": "Write to partners",
        "owner_agency": w["agency_b"].pk,
        "due_date": "30/06/2030",
    }


def _paper(w):
    return {"file": SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n%%EOF\n"), "title": "Paper"}


def _attendance(w):
    return {"quorate": "yes", f"status_{w['hidden'].pk}": "present"}


@sets_up
def _circulated(w):
    services.circulate_minutes(w["people"]["business_unit"], w["meeting"])
    return {}


@sets_up
def _approved_newsflash(w):
    services.approve_newsflash(w["people"]["business_unit"], w["draft_newsflash"])
    return {}


# Rows of tests/test_write_matrix.py. Only the business unit and the administrator may change a
# meeting; its one member is agency B's, so agency A's roles do not see it (404).
# anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
# inspection_reviewer business_unit administrator
PAGE_BU = " auth   403   403   403   403   403   403   403  done  done"
PAGE_HIDDEN = " auth   404   404   404   404   404   404   404  done  done"
# The API: nobody signed out; the meeting is agency B's member's, so agency A's roles do not
# see it (404).
API_HIDDEN = "  403   404   404   404   404   404   404   404  done  done"
# Subscribing to the newsflash, by e-mail link: anyone.
PUBLIC_DONE = " done  done  done  done  done  done  done  done  done  done"
WRITES = {
    "meetings:meeting_create": ("post", _meeting_fields, PAGE_BU),
    "meetings:meeting_edit": ("post", _meeting_fields, PAGE_HIDDEN),
    "meetings:meeting_cancel": ("post", lambda w: {"reason": "Not quorate"}, PAGE_HIDDEN),
    "meetings:item_create": (
        "post",
        lambda w: {"title": "New business", "purpose": "information"},
        PAGE_HIDDEN,
    ),
    "meetings:item_edit": (
        "post",
        lambda w: {"title": "Restricted business", "purpose": "decision", "decision": "Agreed."},
        PAGE_HIDDEN,
    ),
    "meetings:item_remove": ("post", None, PAGE_HIDDEN),
    "meetings:paper_add": ("post", _paper, PAGE_HIDDEN),
    "meetings:paper_remove": ("post", None, PAGE_HIDDEN),
    "meetings:publish_agenda": ("post", None, PAGE_HIDDEN),
    "meetings:attendance": ("post", _attendance, PAGE_HIDDEN),
    "meetings:declaration_add": (
        "post",
        lambda w: {"person": w["hidden"].pk, "interest": "Trustee of a provider"},
        PAGE_HIDDEN,
    ),
    "meetings:action_add": ("post", _action_arising, PAGE_HIDDEN),
    "meetings:circulate_minutes": ("post", None, PAGE_HIDDEN),
    "meetings:approve_minutes": ("post", _circulated, PAGE_HIDDEN),
    # The meeting's newsflash is already drafted (and published): the page says so.
    "meetings:newsflash_draft": (
        "post",
        None,
        " auth   404   404   404   404   404   404   404   302   302",
    ),
    "meetings:newsflash_edit": (
        "post",
        lambda w: {"title": "News", "body": "What the board agreed"},
        PAGE_HIDDEN,
    ),
    "meetings:newsflash_approve": ("post", None, PAGE_HIDDEN),
    "meetings:newsflash_publish": ("post", _approved_newsflash, PAGE_HIDDEN),
    "meetings:subscribe": (
        "post",
        lambda w: {"email": "reader@example.org", "board": w["children"].pk},
        PUBLIC_DONE,
    ),
    "meetings:subscribe_confirm": ("post", None, PUBLIC_DONE),
    "meetings:unsubscribe": ("post", None, PUBLIC_DONE),
    "meeting-list": (
        "post",
        lambda w: {**_meeting_fields(w), "board": w["children"].pk, "date": "2030-05-21"},
        "  403   403   403   403   403   403   403   403  done  done",
    ),
    "agendaitem-list": (
        "post",
        lambda w: {"meeting": w["meeting"].pk, "title": "New business", "purpose": "information"},
        # A meeting one may not see is not a valid choice (400), as on the pages (404).
        "  403   400   400   400   400   400   400   400  done  done",
    ),
    "meeting-detail put": (
        "put",
        lambda w: {**_meeting_fields(w), "board": w["children"].pk, "date": "2030-05-21"},
        API_HIDDEN,
    ),
    "meeting-detail patch": ("patch", lambda w: {"venue": "Preston Town Hall"}, API_HIDDEN),
    "meeting-cancel": ("post", lambda w: {"reason": "Not quorate"}, API_HIDDEN),
    "meeting-publish-agenda": ("post", None, API_HIDDEN),
    "meeting-attendance": (
        "post",
        lambda w: {
            "quorate": True,
            "attendance": [{"person": w["hidden"].pk, "status": "present"}],
        },
        API_HIDDEN,
    ),
    "meeting-declarations": (
        "post",
        lambda w: {"person": w["hidden"].pk, "interest": "Trustee of a provider"},
        API_HIDDEN,
    ),
    "meeting-actions": (
        "post",
        lambda w: {**_action_arising(w), "due_date": "2030-06-30"},
        API_HIDDEN,
    ),
    "meeting-circulate-minutes": ("post", None, API_HIDDEN),
    "meeting-approve-minutes": ("post", _circulated, API_HIDDEN),
    # As on the page: the meeting's newsflash is already published, so it is not redrafted.
    "meeting-draft-newsflash": ("post", None, API_HIDDEN.replace("done", " 400")),
    "agendaitem-detail put": (
        "put",
        lambda w: {
            "meeting": w["meeting"].pk,
            "title": "Restricted business",
            "purpose": "decision",
            "decision": "Agreed.",
        },
        API_HIDDEN,
    ),
    "agendaitem-detail patch": ("patch", lambda w: {"decision": "Agreed."}, API_HIDDEN),
    "agendaitem-detail delete": ("delete", None, API_HIDDEN),
    "newsflash-detail put": (
        "put",
        lambda w: {"title": "News", "body": "What the board agreed"},
        API_HIDDEN,
    ),
    "newsflash-detail patch": ("patch", lambda w: {"body": "What the board agreed"}, API_HIDDEN),
    "newsflash-approve": ("post", None, API_HIDDEN),
    "newsflash-publish": ("post", _approved_newsflash, API_HIDDEN),
}

# Pages that answer a POST as they answer a GET; the write matrix checks it changes nothing.
READ_ONLY = {
    "meetings:calendar_feed",
    "meetings:calendar_feed_kind",
    "meetings:meeting_detail",
    "meetings:meeting_ics",
    "meetings:meeting_list",
    "meetings:newsflash_detail",
    "meetings:newsflash_feed",
    "meetings:newsflash_list",
    "meetings:newsflash_pdf",
    "meetings:paper_download",
    "meetings:search",
}

# tests/test_api_parity.py: each page write's API twin, or why it has none.
API_TWINS = {
    "meetings:meeting_create": "meeting-list",
    "meetings:meeting_edit": "meeting-detail",
    "meetings:meeting_cancel": "meeting-cancel",
    "meetings:item_create": "agendaitem-list",
    "meetings:item_edit": "agendaitem-detail",
    "meetings:item_remove": "agendaitem-detail",
    "meetings:publish_agenda": "meeting-publish-agenda",
    "meetings:attendance": "meeting-attendance",
    "meetings:declaration_add": "meeting-declarations",
    "meetings:action_add": "meeting-actions",
    "meetings:circulate_minutes": "meeting-circulate-minutes",
    "meetings:approve_minutes": "meeting-approve-minutes",
    "meetings:newsflash_draft": "meeting-draft-newsflash",
    "meetings:newsflash_edit": "newsflash-detail",
    "meetings:newsflash_approve": "newsflash-approve",
    "meetings:newsflash_publish": "newsflash-publish",
}
PAPERS = "papers are files, which the API does not carry (as with action evidence files)"
SUBSCRIBING = (
    "the public subscribe by e-mail link, without signing in; the API is for signed-in people"
)
NO_API_TWIN = {
    "meetings:paper_add": PAPERS,
    "meetings:paper_remove": PAPERS,
    "meetings:subscribe": SUBSCRIBING,
    "meetings:subscribe_confirm": SUBSCRIBING,
    "meetings:unsubscribe": SUBSCRIBING,
}
