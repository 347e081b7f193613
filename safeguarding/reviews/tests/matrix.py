"""The case reviews rows of the permission and write matrices (tests/test_permission_matrix.py,
tests/test_write_matrix.py).

The world's review is on the children's board, at its notification, with agency B's hidden
person on its panel and a chronology asked of agency B. None of the matrix's scoped roles
(all of agency A) is on a panel, so only the business unit and the administrator see it:
everyone else gets 404, as for a review that does not exist. A second review, led by another
area, is published with a learning brief, which anyone may read on the public pages.

The panel member, the addressed agency's lead and the other board's business unit are tried
in `safeguarding/reviews/tests/test_access_matrix.py`.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.reviews import services
from safeguarding.reviews.models import Stage, Theme

#  anonymous practitioner line_manager agency_lead cpb_chair cpb_member board_member
#  inspection_reviewer business_unit administrator
BU_ONLY = "auth  403  403  403  403  403  403  403  200  200"
HIDDEN = "auth  404  404  404  404  404  404  404  200  200"
PUBLIC = " 200  200  200  200  200  200  200  200  200  200"
EXPECTED = {
    "reviews:register": BU_ONLY,
    "reviews:review_create": BU_ONLY,
    "reviews:theme_list": BU_ONLY,
    "reviews:reports": BU_ONLY,
    "reviews:public_learning": PUBLIC,
    "reviews:public_brief": PUBLIC,
    "reviews:chronology_list": "auth  403  403  200  403  403  403  403  200  200",
    "reviews:chronology_detail": HIDDEN,
    "reviews:chronology_download": HIDDEN,
    "reviews:review_detail": HIDDEN,
    # The adults' board's: the matrix's business unit is the children's board's.
    "reviews:clocks_edit": "auth  403  403  403  403  403  403  403  403  200",
    "reviews:sar_report": "auth  403  403  403  403  403  403  403  403  200",
    "reviews:review_edit": HIDDEN,
    "reviews:review_move": HIDDEN,
    "reviews:panel_add": HIDDEN,
    "reviews:panel_remove": " 405  405  405  405  405  405  405  405  405  405",
    "reviews:chronology_create": HIDDEN,
    "reviews:recommendation_create": HIDDEN,
    "reviews:brief_create": HIDDEN,
}

# The API: a review outside the reader's scope is 404, as one that does not exist; the list is
# then empty (200), as every app's API lists what its reader may see. Themes are gated as the
# pages are.
API_READ = " 403  403  403  403  403  403  403  403  200  200"
API_SCOPED = " 403  404  404  404  404  404  404  404  200  200"
API_POST_ONLY = " 403  405  405  405  405  405  405  405  405  405"
for _route, _row in {
    "review-list": " 403  200  200  200  200  200  200  200  200  200",
    "review-detail": API_SCOPED,
    "review-recommendation-counts": API_SCOPED,
    "review-briefs": API_POST_ONLY,
    "review-chronologies": API_POST_ONLY,
    "review-move": API_POST_ONLY,
    "review-panel": API_POST_ONLY,
    "review-panel-member": API_POST_ONLY,
    "review-recommendations": API_POST_ONLY,
    "reviewtheme-list": API_READ,
    "reviewtheme-detail": API_READ,
    # Agencies see the requests addressed to them: the world's is agency B's.
    "reviewchronology-list": " 403  200  200  200  200  200  200  200  200  200",
    "reviewchronology-detail": API_SCOPED,
    "reviewchronology-upload": API_POST_ONLY,
    # An adults' board's clocks: each reader lists those of the boards they run (none here).
    "reviewclocks-list": " 403  200  200  200  200  200  200  200  200  200",
}.items():
    EXPECTED[_route] = EXPECTED[f"{_route}+format"] = _row


def _published(bu, board, agency):
    review = services.record_notification(
        bu,
        board=board,
        kind="scr",
        learned_on=datetime.date(2014, 3, 3),
        led_elsewhere=True,
        lead_area="Tameside",
        their_publication_expected=datetime.date(2015, 3, 31),
        agencies=[agency],
    )
    services.move_review(bu, review, Stage.IN_PROGRESS)
    services.move_review(bu, review, Stage.PUBLICATION)
    services.move_review(
        bu,
        review,
        Stage.LEARNING,
        published_on=datetime.date(2015, 4, 1),
        report_url="https://example.org/tameside-scr.pdf",
    )
    brief = services.publish_learning_brief(
        bu, review, title="Seven-minute briefing", body="Share concerns across borders."
    )
    return review, brief


def _adults_board(w):
    from safeguarding.organisations.models import Board

    return Board.objects.get(kind=Board.Kind.ADULTS)


def build_world(world) -> dict:
    bu = world["people"]["business_unit"]
    Theme.objects.get_or_create(name="Neglect")
    review = services.record_notification(
        bu,
        board=world["children"],
        kind="rapid",
        learned_on=timezone.localdate() - datetime.timedelta(days=2),
        agencies=[world["agency_b"]],
    )
    member = services.add_panel_member(bu, review, person=world["hidden"])
    chronology = services.request_chronology(
        bu,
        review,
        agency=world["agency_b"],
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    services.upload_chronology(
        bu,
        chronology,
        upload=SimpleUploadedFile("chronology.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    published, brief = _published(bu, world["children"], world["agency_b"])
    return {
        "review": review,
        "review_member": member,
        "review_chronology": chronology,
        "review_published": published,
        "review_brief": brief,
    }


def _pk(w):
    return {"pk": w["review"].pk}


PAGE_KWARGS = {
    "reviews:public_brief": lambda w: {"pk": w["review_brief"].pk},
    "reviews:clocks_edit": lambda w: {"slug": "adults"},
    "reviews:sar_report": lambda w: {"slug": "adults"},
    "reviews:chronology_detail": lambda w: {"pk": w["review_chronology"].pk},
    "reviews:chronology_download": lambda w: {"pk": w["review_chronology"].pk},
    "reviews:review_detail": _pk,
    "reviews:review_edit": _pk,
    "reviews:review_move": lambda w: {"pk": w["review"].pk, "stage": "rapid_review"},
    "reviews:panel_add": _pk,
    "reviews:panel_remove": lambda w: {
        "pk": w["review"].pk,
        "member_pk": w["review_member"].pk,
    },
    "reviews:chronology_create": _pk,
    "reviews:recommendation_create": _pk,
    "reviews:brief_create": lambda w: {"pk": w["review_published"].pk},
}


def _day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


PAGE_BU = "auth  403  403  403  403  403  403  403 done done"
PAGE_HIDDEN = "auth  404  404  404  404  404  404  404 done done"
WRITES = {
    "reviews:review_create": (
        "post",
        lambda w: {"kind": "cspr", "learned_on": _day(-1), "agencies": [w["agency_b"].pk]},
        PAGE_BU,
    ),
    "reviews:theme_list": ("post", lambda w: {"name": "Domestic abuse"}, PAGE_BU),
    "reviews:clocks_edit": (
        "post",
        lambda w: {"decision_working_days": "20", "publication_months": "9"},
        "auth  403  403  403  403  403  403  403  403 done",
    ),
    "reviews:review_edit": (
        "post",
        lambda w: {
            "version": w["review"].version,
            "pseudonym": "Child B",
            "learned_on": w["review"].learned_on.strftime("%d/%m/%Y"),
            "agencies": [w["agency_b"].pk],
        },
        PAGE_HIDDEN,
    ),
    "reviews:review_move": (
        "post",
        lambda w: {"notified_on": _day(0), "rapid_review_on": _day(5)},
        PAGE_HIDDEN,
    ),
    "reviews:panel_add": (
        "post",
        lambda w: {"email": w["people"]["cpb_chair"].email, "role": "Member"},
        PAGE_HIDDEN,
    ),
    "reviews:panel_remove": ("post", None, PAGE_HIDDEN),
    "reviews:chronology_create": (
        "post",
        lambda w: {"agency": w["agency_a"].pk, "due_on": _day(20)},
        PAGE_HIDDEN,
    ),
    "reviews:chronology_detail": (
        "post",
        lambda w: {
            "upload": SimpleUploadedFile("again.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        },
        PAGE_HIDDEN,
    ),
    "reviews:recommendation_create": (
        "post",
        lambda w: {
            "text": "Share concerns with the family's GP",
            "agency": w["agency_b"].pk,
            "due_date": _day(200),
        },
        PAGE_HIDDEN,
    ),
    "reviews:brief_create": (
        "post",
        lambda w: {"title": "What we learned", "body": "Ask about the whole household."},
        PAGE_HIDDEN,
    ),
}

API_BU = "  403   403   403   403   403   403   403   403  done  done"
API_HIDDEN = "  403   404   404   404   404   404   404   404  done  done"


def _iso(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


WRITES.update(
    {
        "review-list": (
            "post",
            lambda w: {
                "board": w["children"].pk,
                "kind": "cspr",
                "learned_on": _iso(-1),
                "agencies": [w["agency_b"].pk],
            },
            API_BU,
        ),
        "review-detail patch": ("patch", lambda w: {"pseudonym": "Child B"}, API_HIDDEN),
        "review-move": (
            "post",
            lambda w: {"stage": "rapid_review", "notified_on": _iso(0), "rapid_review_on": _iso(5)},
            API_HIDDEN,
        ),
        "review-panel": (
            "post",
            lambda w: {"person": w["people"]["cpb_chair"].pk, "role": "Member"},
            API_HIDDEN,
        ),
        "review-panel-member": ("delete", None, API_HIDDEN),
        "review-chronologies": (
            "post",
            lambda w: {"agency": w["agency_a"].pk, "due_on": _iso(20)},
            API_HIDDEN,
        ),
        "review-recommendations": (
            "post",
            lambda w: {
                "text": "Share concerns with the family's GP",
                "agency": w["agency_b"].pk,
                "due_date": _iso(200),
            },
            API_HIDDEN,
        ),
        "review-briefs": (
            "post",
            lambda w: {"title": "What we learned", "body": "Ask about the whole household."},
            API_HIDDEN,
        ),
        # The addressed agency (B) uploads; agency A's lead does not see agency B's request.
        "reviewchronology-upload": (
            "post",
            lambda w: {"file_name": "again.pdf", "content_base64": "JVBERi0xLjQKJSVFT0YK"},
            API_HIDDEN,
        ),
        "reviewtheme-list": ("post", lambda w: {"name": "Domestic abuse"}, API_BU),
        # The adults' board's: the matrix's business unit is the children's board's.
        "reviewclocks-list": (
            "post",
            lambda w: {
                "board": _adults_board(w).pk,
                "decision_working_days": 20,
                "publication_months": 9,
            },
            "  403   403   403   403   403   403   403   403   403  done",
        ),
    }
)

# tests/test_api_parity.py: each page write's API twin.
API_TWINS = {
    "reviews:review_create": "review-list",
    "reviews:review_edit": "review-detail",
    "reviews:review_move": "review-move",
    "reviews:panel_add": "review-panel",
    "reviews:panel_remove": "review-panel-member",
    "reviews:chronology_create": "review-chronologies",
    "reviews:chronology_detail": "reviewchronology-upload",
    "reviews:recommendation_create": "review-recommendations",
    "reviews:brief_create": "review-briefs",
    "reviews:theme_list": "reviewtheme-list",
    "reviews:clocks_edit": "reviewclocks-list",
}

# Pages that answer a POST as they answer a GET; the write matrix checks it changes nothing.
READ_ONLY = {
    "reviews:register",
    "reviews:review_detail",
    "reviews:chronology_list",
    "reviews:chronology_download",
    "reviews:public_learning",
    "reviews:public_brief",
    "reviews:sar_report",
    "reviews:reports",
}


API_OBJECTS = {
    "review": lambda w: w["review"].pk,
    "reviewchronology": lambda w: w["review_chronology"].pk,
    "reviewtheme": lambda w: Theme.objects.order_by("pk").first().pk,
}
for _format in ("", "+format"):
    PAGE_KWARGS[f"review-panel-member{_format}"] = lambda w: {
        "pk": w["review"].pk,
        "member_pk": w["review_member"].pk,
    }
    PAGE_KWARGS[f"review-briefs{_format}"] = lambda w: {"pk": w["review_published"].pk}
