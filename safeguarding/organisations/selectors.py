"""Reads shared by views and the API. `visible_to(user)` answers which records a person may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from safeguarding.core.json_rows import RowsAsJSON
from safeguarding.core.permissions import bu_board_ids, member_board_ids

from .models import CONTACT_ROLES, Agency, Area, Board, Person, Role, RoleAssignment

SESSION_BOARD_KEY = "hub_board"


def default_board() -> Board | None:
    """The board shown first (`Board.is_default`; at most one is), or the first by name when
    none is marked; None before any board exists."""
    return Board.objects.order_by("-is_default", "name").first()


def all_boards(person=None) -> list[Board]:
    """Every board, the default one first (the model's ordering): those read with the signed-in
    `person` when given (person_for_session), else by a query of their own."""
    loaded = getattr(person, "loaded_boards", None)
    return list(Board.objects.all()) if loaded is None else loaded


ROLES_AS_JSON = RowsAsJSON(
    RoleAssignment, ["id", "person", "role", "board", "area", "agency"], link="person"
)
BOARDS_AS_JSON = RowsAsJSON(Board, [field.name for field in Board._meta.concrete_fields])


def person_for_session(pk) -> Person | None:
    """The signed-in person with their roles and every board, in one query: what each request
    needs to decide what the person may see and which boards they may switch between."""
    person = (
        Person.objects.annotate(role_rows=ROLES_AS_JSON, board_rows=BOARDS_AS_JSON)
        .filter(pk=pk)
        .first()
    )
    if person is None:
        return None
    person.__dict__["role_assignments"] = ROLES_AS_JSON.instances(person.__dict__.pop("role_rows"))
    boards = BOARDS_AS_JSON.instances(person.__dict__.pop("board_rows"))
    person.loaded_boards = sorted(boards, key=lambda board: (not board.is_default, board.name))
    return person


def boards_for_person(person, boards: list[Board] | None = None) -> list[Board]:
    """Boards a person works for: business-unit staff and board members of each board; the
    switcher appears when there are two or more. Pass `boards` when they are already loaded."""
    if not person.is_authenticated:
        return []
    boards = all_boards(person) if boards is None else boards
    if person.is_superuser or person.has_role(Role.ADMINISTRATOR):
        return boards
    ids = bu_board_ids(person) | member_board_ids(person)
    return [board for board in boards if board.pk in ids]


def board_for_request(request) -> Board | None:
    """The board the person is working for, remembered in the session. Also leaves the
    boards they may switch between on `request.switchable_boards`, so the header needs no
    further query."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    boards = all_boards(user if signed_in else None)
    allowed = boards_for_person(user, boards) if signed_in else boards
    request.switchable_boards = allowed if signed_in else []
    if not boards:
        return None
    chosen = request.session.get(SESSION_BOARD_KEY) if hasattr(request, "session") else None
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
    """The one rule for the directory's pages, exports and API (ADR 0006).

    Business-unit staff and administrators see everyone. Someone who registered themselves and
    whose agency's lead has not yet confirmed them sees only themselves. Anyone else sees
    themselves, their line manager and the people they line-manage, the partnership's contacts
    (board and CPB members, agency leads), and their own agency's line managers; an agency lead
    also sees everyone in the agencies they lead. Nobody else's colleagues are listed."""
    if not person.is_authenticated:
        return Person.objects.none()
    if sees_everyone(person):
        return Person.objects.all()
    condition = Q(pk=person.pk)
    if not person.agency_confirmed:
        return Person.objects.filter(condition)
    condition |= Q(line_manager_id=person.pk) | Q(
        pk__in=RoleAssignment.objects.filter(role__in=CONTACT_ROLES).values("person")
    )
    if person.line_manager_id:
        condition |= Q(pk=person.line_manager_id)
    if person.agency_id:
        managers = Person.objects.filter(
            agency_id=person.agency_id, agency_confirmed=True, reports__isnull=False
        )
        condition |= Q(pk__in=managers.values("pk"))
    led = person.scope_ids(Role.AGENCY_LEAD, "agency")
    if led:
        condition |= Q(agency_id__in=sorted(led))
    return Person.objects.filter(condition)


def sees_everyone(person) -> bool:
    return bool(
        person.is_superuser
        or person.has_role(Role.ADMINISTRATOR)
        or person.scope_ids(Role.BUSINESS_UNIT, "board")
    )


def directory_audience(person) -> str:
    """Who sees the same people as `person`: everyone who sees everyone, or just them."""
    return "everyone" if sees_everyone(person) else f"person:{person.pk}"


def directory_people(person) -> QuerySet[Person]:
    """`people_visible_to` with what the directory's lists and API show for each person."""
    return (
        people_visible_to(person)
        .select_related("agency", "line_manager")
        .prefetch_related(
            Prefetch(
                "roles", queryset=RoleAssignment.objects.select_related("board", "area", "agency")
            )
        )
    )


def directory_agencies(person, *, with_details: bool = False) -> QuerySet[Agency]:
    """`agencies_visible_to` with boards and a count of active people; `with_details` adds the
    districts and e-mail domains that exports and the API show.

    The count is a correlated subquery rather than a join with GROUP BY, so a page of 50
    agencies counts the people of those 50 only, not of every agency before paging."""
    active_people = (
        Person.objects.filter(agency=OuterRef("pk"), is_active=True)
        .order_by()
        .values("agency")
        .annotate(count=Count("pk"))
        .values("count")
    )
    agencies = agencies_visible_to(person).annotate(
        people_count=Coalesce(Subquery(active_people), 0)
    )
    if with_details:
        return agencies.prefetch_related("boards", "districts", "email_domains")
    return agencies.prefetch_related("boards")


def boards_with_areas() -> QuerySet[Board]:
    return (
        Board.objects.annotate(agency_count=Count("agencies", distinct=True))
        .prefetch_related(
            Prefetch(
                "areas", queryset=Area.objects.order_by("kind", "name").only("id", "name", "kind")
            )
        )
        .order_by("-is_default", "name")
    )


def localities_with_members() -> QuerySet[Area]:
    """The locality boards (CPBs) with their districts, chairs and members."""
    members = (
        RoleAssignment.objects.filter(role__in=[Role.CPB_CHAIR, Role.CPB_MEMBER])
        .select_related("person", "person__agency")
        .order_by("role", "person__full_name")
    )
    return (
        Area.objects.filter(kind=Area.Kind.LOCALITY)
        .prefetch_related("districts", Prefetch("role_assignments", queryset=members))
        .order_by("name")
    )


def localities() -> QuerySet[Area]:
    return Area.objects.filter(kind=Area.Kind.LOCALITY).prefetch_related("districts")


def board_for_new_record(request) -> Board:
    """The board a new plan, meeting, course or inspection belongs to: the board the person is
    working for (the header's switcher) when they are its business-unit staff, else the first
    board they serve. 403 for anyone who is not business-unit staff (superusers excepted)."""
    boards = bu_board_ids(request.user)
    board = getattr(request, "board", None)
    if board is not None and (board.pk in boards or request.user.is_superuser):
        return board
    if boards:
        return Board.objects.filter(pk__in=boards).first()
    if request.user.is_superuser:
        return default_board()
    raise PermissionDenied
