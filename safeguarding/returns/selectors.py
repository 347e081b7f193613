"""Reads shared by the pages, the API, the home page and the sweeps. Every list starts from a
`*_visible_to(user)` selector, so an agency's returns never reach another agency."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from safeguarding.core.permissions import bu_board_ids, led_agency_ids
from safeguarding.organisations.models import Person, Role

from .models import Answer, ModeratedScore, Question, Request, Return, Section, Template


def templates_visible_to(user) -> QuerySet[Template]:
    if not user.is_authenticated:
        return Template.objects.none()
    qs = Template.objects.select_related("board")
    if user.is_superuser:
        return qs
    return qs.filter(board_id__in=sorted(bu_board_ids(user)))


def requests_visible_to(user) -> QuerySet[Request]:
    if not user.is_authenticated:
        return Request.objects.none()
    qs = Request.objects.select_related("board", "version__template")
    if user.is_superuser:
        return qs
    return qs.filter(board_id__in=sorted(bu_board_ids(user)))


def returns_visible_to(user) -> QuerySet[Return]:
    """The business unit's boards' returns, the returns of agencies the person leads, those
    they were invited to help with and those of requests they moderate."""
    if not user.is_authenticated:
        return Return.objects.none()
    qs = Return.objects.select_related("request__board", "agency", "template_version__template")
    if user.is_superuser:
        return qs
    condition = (
        Q(request__board_id__in=sorted(bu_board_ids(user)))
        | Q(agency_id__in=sorted(led_agency_ids(user)))
        | Q(
            pk__in=Return.collaborators.through.objects.filter(person_id=user.pk).values(
                "return_id"
            )
        )
        | Q(
            request_id__in=Request.moderators.through.objects.filter(person_id=user.pk).values(
                "request_id"
            )
        )
    )
    return qs.filter(condition)


def return_rows(user) -> QuerySet[Return]:
    """Visible returns with what the rules read (colleagues, the panel) loaded."""
    return returns_visible_to(user).prefetch_related("collaborators", "request__moderators")


def structure(version_id: int) -> list[Section]:
    """A version's sections with their questions, in order: two queries."""
    return list(
        Section.objects.filter(version_id=version_id)
        .order_by("position", "id")
        .prefetch_related(Prefetch("questions", Question.objects.order_by("position", "id")))
    )


def answers_by_question(answered: Return) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in answered.answers.select_related("question")}


def moderated_by_question(answered: Return) -> dict[int, ModeratedScore]:
    return {
        score.question_id: score
        for score in answered.moderated_scores.select_related("moderator").all()
    }


def request_rows(user) -> QuerySet[Request]:
    """Requests with counts of their returns by state, for the list page."""
    return requests_visible_to(user).annotate(
        agencies=Count("returns", distinct=True),
        signed_off=Count("returns", filter=Q(returns__status=Return.Status.SIGNED_OFF)),
    )


def agency_leads(agency_id: int) -> list[Person]:
    return list(
        Person.objects.filter(
            is_active=True, roles__role=Role.AGENCY_LEAD, roles__agency_id=agency_id
        ).distinct()
    )


def board_members_for(agency_id: int, board_id: int) -> list[Person]:
    """The board members who represent the agency on the request's board."""
    return list(
        Person.objects.filter(
            is_active=True,
            roles__role=Role.BOARD_MEMBER,
            roles__agency_id=agency_id,
            roles__board_id=board_id,
        ).distinct()
    )


def colleagues_for(answered: Return) -> QuerySet[Person]:
    """Who a lead may invite: active, confirmed people of the return's own agency."""
    return Person.objects.filter(
        agency_id=answered.agency_id, is_active=True, agency_confirmed=True
    ).order_by("full_name")


def previous_return(answered: Return) -> Return | None:
    """The agency's latest earlier return of the same template."""
    return (
        Return.objects.filter(
            agency_id=answered.agency_id,
            template_version__template_id=answered.template_version.template_id,
            request__sent_on__lte=answered.request.sent_on,
        )
        .exclude(pk=answered.pk)
        .exclude(request_id=answered.request_id)
        .order_by("-request__sent_on", "-pk")
        .first()
    )


# --- Scores by section (standard) ------------------------------------------------------------


def section_scores(return_ids) -> dict[tuple[int, str], dict]:
    """{(return id, section title): {"self": mean, "moderated": mean}} over the scale
    questions. Two grouped queries, whatever the number of returns; the database averages,
    so a row comes back per return and section rather than per answer."""
    result: dict[tuple[int, str], dict] = defaultdict(dict)
    own = (
        Answer.objects.filter(
            answered_return_id__in=return_ids,
            question__kind=Question.Kind.SCALE,
            score__isnull=False,
        )
        .values_list("answered_return_id", "question__section__title")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    for return_id, title, mean in own:
        result[(return_id, title)]["self"] = round(mean, 1)
    moderated = (
        ModeratedScore.objects.filter(moderated_return_id__in=return_ids)
        .values_list("moderated_return_id", "question__section__title")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    for return_id, title, mean in moderated:
        result[(return_id, title)]["moderated"] = round(mean, 1)
    return result
