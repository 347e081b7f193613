"""The reviews' URLs for the people the project's matrix has no column for: a member of the
world review's panel, the safeguarding lead of the agency its chronology is asked of, and
business-unit staff of the other board (who run reviews, but not this one). Plus: a removed
panel member is refused on the next request, pages and API alike."""

import pytest

from safeguarding.organisations.models import RoleAssignment
from safeguarding.organisations.tests.factories import PersonFactory
from safeguarding.reviews import services
from tests.test_permission_matrix import all_patterns, answer, build_url, world  # noqa: F401

PEOPLE = ["panel_member", "agency_b_lead", "other_board_bu"]
#            panel_member  agency_b_lead  other_board_bu
EXPECTED = {
    "reviews:register": "200 403 200",
    "reviews:review_create": "403 403 200",
    "reviews:theme_list": "403 403 200",
    "reviews:reports": "403 403 200",
    "reviews:clocks_edit": "403 403 200",
    "reviews:sar_report": "403 403 200",
    "reviews:public_learning": "200 200 200",
    "reviews:public_brief": "200 200 200",
    "reviews:chronology_list": "200 200 200",
    "reviews:chronology_detail": "200 200 404",
    "reviews:chronology_download": "200 200 404",
    "reviews:review_detail": "200 404 404",
    "reviews:review_edit": "403 404 404",
    "reviews:review_move": "403 404 404",
    "reviews:panel_add": "403 404 404",
    "reviews:panel_remove": "405 405 405",
    "reviews:chronology_create": "403 404 404",
    "reviews:recommendation_create": "403 404 404",
    # The published review's page: the panel member is not on its panel.
    "reviews:brief_create": "404 404 404",
    "review-list": "200 200 200",
    "review-detail": "200 404 404",
    "review-recommendation-counts": "200 404 404",
    "review-move": "405 405 405",
    "review-panel": "405 405 405",
    "review-panel-member": "405 405 405",
    "review-chronologies": "405 405 405",
    "review-recommendations": "405 405 405",
    "review-briefs": "405 405 405",
    "reviewchronology-list": "200 200 200",
    "reviewchronology-detail": "200 200 404",
    "reviewchronology-upload": "405 405 405",
    "reviewtheme-list": "200 403 200",
    "reviewtheme-detail": "200 403 200",
    "reviewclocks-list": "200 200 200",
}


def _people(w):
    agency_b_lead = PersonFactory(agency=w["agency_b"], full_name="Agency B Lead")
    RoleAssignment.objects.create(person=agency_b_lead, role="agency_lead", agency=w["agency_b"])
    other = PersonFactory(full_name="Adults Business Unit")
    from safeguarding.organisations.models import Board

    adults = Board.objects.get(kind=Board.Kind.ADULTS)
    RoleAssignment.objects.create(person=other, role="business_unit", board=adults)
    # The world's hidden person (agency B, a practitioner) sits on the review's panel.
    return {
        "panel_member": w["hidden"],
        "agency_b_lead": agency_b_lead,
        "other_board_bu": other,
    }


def _reviews_keys():
    for key, route in sorted(all_patterns().items()):
        name = key.split("+")[0]
        if name in EXPECTED:
            yield key, route, name


def test_every_reviews_url_has_a_row_here():
    names = {key.split("+")[0] for key in all_patterns()}
    ours = {
        n
        for n in names
        if n.startswith(
            ("reviews:", "review-", "reviewchronology-", "reviewtheme-", "reviewclocks-")
        )
    }
    assert ours == set(EXPECTED)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_panel_the_addressed_agency_and_the_other_board_get_the_expected_answers(
    client,
    world,  # noqa: F811 - the project matrix's fixture
    who,
):
    person = _people(world)[who]
    client.force_login(person)
    wrong = []
    for key, route, name in _reviews_keys():
        got = answer(client.get(build_url(key, route, world)))
        expected = EXPECTED[name].split()[PEOPLE.index(who)]
        if got != expected:
            wrong.append(f"{key}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_removed_panel_member_is_refused_on_the_next_request_in_pages_and_api(
    client,
    world,  # noqa: F811
):
    member = world["hidden"]
    review = world["review"]
    client.force_login(member)
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 200
    services.remove_panel_member(world["people"]["business_unit"], world["review_member"])
    assert client.get(f"/reviews/{review.pk}/").status_code == 404
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 404
    assert client.get("/api/reviews/").json()["results"] == []
    assert client.get("/reviews/").status_code == 403
