"""Who may see and do what with case reviews.

A review is restricted: only its named panel, the business unit of its board and
administrators see it; anyone else gets 404, in lists, search, downloads and the API alike.
Panel membership is read afresh on every request, so a removal takes effect at once.

An agency sees only what it is asked to contribute: a chronology request addressed to it,
which its safeguarding leads answer with an upload.
"""

from __future__ import annotations

import rules

from safeguarding.core.permissions import bu_board_ids, is_board_business_unit, led_agency_ids
from safeguarding.organisations.rules import is_administrator


@rules.predicate
def manages_review(user, review) -> bool:
    """Business-unit staff of the review's board, and administrators."""
    if review is None or not user.is_authenticated:
        return False
    return is_administrator(user) or review.board_id in bu_board_ids(user)


def _panel_ids(user, review) -> bool:
    cache = review.__dict__.setdefault("_panel_cache", {})
    if user.pk not in cache:
        cache[user.pk] = review.panel.filter(person_id=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def on_panel(user, review) -> bool:
    return review is not None and user.is_authenticated and _panel_ids(user, review)


@rules.predicate
def may_see_reviews(user) -> bool:
    """The register's link and page: anyone who might see a review (what they see is then
    decided per review)."""
    if not user.is_authenticated:
        return False
    if is_administrator(user) or bu_board_ids(user):
        return True
    from .models import PanelMember

    return PanelMember.objects.filter(person_id=user.pk).exists()


@rules.predicate
def may_answer_chronology(user, request) -> bool:
    if request is None or not user.is_authenticated:
        return False
    return request.agency_id in led_agency_ids(user) or manages_review(user, request.review)


@rules.predicate
def manages_request(user, request) -> bool:
    return request is not None and manages_review(user, request.review)


@rules.predicate
def leads_an_agency(user) -> bool:
    return bool(led_agency_ids(user))


rules.add_perm("reviews.view_register", may_see_reviews)
rules.add_perm("reviews.add_review", is_board_business_unit | is_administrator)
rules.add_perm("reviews.view_review", manages_review | on_panel)
rules.add_perm("reviews.change_review", manages_review)
rules.add_perm("reviews.manage_panel", manages_review)
rules.add_perm("reviews.manage_themes", is_board_business_unit | is_administrator)


@rules.predicate
def on_requests_panel(user, request) -> bool:
    return request is not None and on_panel(user, request.review)


rules.add_perm("reviews.view_chronology", may_answer_chronology | on_requests_panel)
rules.add_perm("reviews.upload_chronology", may_answer_chronology)
rules.add_perm("reviews.view_chronologies", leads_an_agency | may_see_reviews)


@rules.predicate
def runs_reviews(user) -> bool:
    """The header's link, decided from the roles already loaded (no query): business-unit
    staff and administrators. Panel members reach their reviews from their home page."""
    return user.is_authenticated and (is_administrator(user) or bool(bu_board_ids(user)))


rules.add_perm("reviews.see_register_link", runs_reviews)
