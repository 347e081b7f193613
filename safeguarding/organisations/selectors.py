"""Reads shared by views and the API. `visible_to(user)` answers which records a person may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Agency, Area, Board, Person, Role

SESSION_BOARD_KEY = "hub_board"


def all_boards() -> list[Board]:
    return list(Board.objects.order_by("kind"))


def boards_for_person(person) -> list[Board]:
    """Boards a person works for: business-unit staff and board members of each board; the
    switcher appears when there are two."""
    if not person.is_authenticated:
        return []
    ids = person.scope_ids(Role.BUSINESS_UNIT, "board") | person.scope_ids(
        Role.BOARD_MEMBER, "board"
    )
    if person.is_superuser or person.has_role(Role.ADMINISTRATOR):
        return all_boards()
    return [board for board in all_boards() if board.pk in ids]


def board_for_request(request) -> Board | None:
    boards = all_boards()
    if not boards:
        return None
    chosen = request.session.get(SESSION_BOARD_KEY) if hasattr(request, "session") else None
    user = getattr(request, "user", None)
    allowed = boards_for_person(user) if user is not None and user.is_authenticated else boards
    for board in allowed or boards:
        if board.slug == chosen:
            return board
    return (allowed or boards)[0]


def agencies_visible_to(person) -> QuerySet[Agency]:
    """Every signed-in person sees the partnership's agencies: it is the partner list."""
    if not person.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.all()


def people_visible_to(person) -> QuerySet[Person]:
    """Business-unit staff and administrators see everyone. Others see the people of their own
    agency and anyone holding a partnership role (board, CPB, agency lead): the contacts."""
    if not person.is_authenticated:
        return Person.objects.none()
    if (
        person.is_superuser
        or person.has_role(Role.ADMINISTRATOR)
        or person.scope_ids(Role.BUSINESS_UNIT, "board")
    ):
        return Person.objects.all()
    contact_roles = [Role.BOARD_MEMBER, Role.CPB_CHAIR, Role.CPB_MEMBER, Role.AGENCY_LEAD]
    condition = Q(roles__role__in=contact_roles) | Q(pk=person.pk)
    if person.agency_id:
        condition |= Q(agency_id=person.agency_id)
    return Person.objects.filter(pk__in=Person.objects.filter(condition).values("pk"))


def localities() -> QuerySet[Area]:
    return Area.objects.filter(kind=Area.Kind.LOCALITY).prefetch_related("districts")
