"""The reviews' writes (the app's rows of the write matrix) for the people the project's
matrix has no column for: a member of the world review's panel (who sees it, but changes
nothing), the lead of the agency its chronology is asked of (who uploads it, and nothing else)
and the other board's business unit (who runs their own reviews, never this one). After every
refusal the database is as it was."""

import pytest

from safeguarding.organisations.models import Board, RoleAssignment
from safeguarding.organisations.tests.factories import PersonFactory
from safeguarding.reviews.tests.matrix import WRITES
from tests.test_permission_matrix import world  # noqa: F401
from tests.test_write_matrix import Attempts

PEOPLE = ["panel_member", "agency_b_lead", "other_board_bu"]
#          panel_member  agency_b_lead  other_board_bu
EXPECTED = {
    "reviews:review_create": "403 403 200",  # the adults' board holds SARs only: refused
    "reviews:theme_list": "403 403 done",
    "reviews:clocks_edit": "403 403 done",
    "reviews:review_edit": "403 404 404",
    "reviews:review_move": "403 404 404",
    "reviews:panel_add": "403 404 404",
    "reviews:panel_remove": "403 404 404",
    "reviews:chronology_create": "403 404 404",
    "reviews:chronology_detail": "403 done 404",
    "reviews:recommendation_create": "403 404 404",
    "reviews:brief_create": "404 404 404",
    "review-list": "403 403 403",
    "review-detail patch": "403 404 404",
    "review-move": "403 404 404",
    "review-panel": "403 404 404",
    "review-panel-member": "403 404 404",
    "review-chronologies": "403 404 404",
    "review-recommendations": "403 404 404",
    "review-briefs": "404 404 404",
    "reviewchronology-upload": "403 done 404",
    "reviewtheme-list": "403 403 done",
    "reviewclocks-list": "403 403 done",
}


def test_every_reviews_write_has_a_row_here():
    assert set(EXPECTED) == set(WRITES)


def _add_people(w):
    lead = PersonFactory(agency=w["agency_b"], full_name="Agency B Lead")
    RoleAssignment.objects.create(person=lead, role="agency_lead", agency=w["agency_b"])
    other = PersonFactory(full_name="Adults Business Unit")
    adults = Board.objects.get(kind=Board.Kind.ADULTS)
    RoleAssignment.objects.create(person=other, role="business_unit", board=adults)
    w["people"].update(
        {"panel_member": w["hidden"], "agency_b_lead": lead, "other_board_bu": other}
    )


@pytest.mark.parametrize("who", PEOPLE)
def test_the_panel_the_addressed_agency_and_the_other_board_write_only_what_they_may(
    client,
    world,  # noqa: F811 - the project matrix's fixture
    who,
):
    _add_people(world)
    attempts = Attempts(client, world, who)
    wrong = []
    for key, (method, payload, _) in sorted(WRITES.items()):
        got = attempts.send(key, method, payload)
        expected = EXPECTED[key].split()[PEOPLE.index(who)]
        if got != expected:
            wrong.append(f"{key} ({method.upper()}): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
