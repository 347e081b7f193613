"""Reads: every list starts from a `*_visible_to(user)` selector."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguarding.core.permissions import bu_board_ids
from safeguarding.organisations.models import Agency, Area, Board, Person, Role, RoleAssignment

from .models import AgendaItem, Meeting, Newsflash, Paper


def _meeting_scope(user, prefix: str = "") -> Q | None:
    """None: everything (a superuser)."""
    if user.is_superuser:
        return None
    return Q(**{f"{prefix}board__in": bu_board_ids(user)}) | Q(
        **{
            f"{prefix}pk__in": Meeting.members.through.objects.filter(person=user.pk).values(
                "meeting"
            )
        }
    )


def meetings_visible_to(user) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("board", "area")
    if not user.is_authenticated:
        return meetings.none()
    scope = _meeting_scope(user)
    return meetings if scope is None else meetings.filter(scope)


def items_visible_to(user) -> QuerySet[AgendaItem]:
    items = AgendaItem.objects.select_related("meeting", "meeting__board")
    if not user.is_authenticated:
        return items.none()
    scope = _meeting_scope(user, "meeting__")
    return items if scope is None else items.filter(scope)


def decisions_visible_to(user) -> QuerySet[AgendaItem]:
    """Items with a decision whose minutes the person may read: the business unit's always,
    members' once the minutes are circulated."""
    items = items_visible_to(user).exclude(decision="")
    if not user.is_authenticated or user.is_superuser:
        return items
    return items.filter(
        Q(meeting__board__in=bu_board_ids(user)) | ~Q(meeting__minutes_state=Meeting.Minutes.DRAFT)
    )


def papers_visible_to(user) -> QuerySet[Paper]:
    """Papers of meetings the person may see, and public papers of published agendas."""
    papers = Paper.objects.select_related("item", "item__meeting")
    public = Q(is_public=True, item__meeting__agenda_published_at__isnull=False)
    if not user.is_authenticated:
        return papers.filter(public)
    scope = _meeting_scope(user, "item__meeting__")
    return papers if scope is None else papers.filter(scope | public)


def published_newsflashes() -> QuerySet[Newsflash]:
    return Newsflash.objects.filter(state=Newsflash.State.PUBLISHED).select_related("board")


def newsflashes_visible_to(user) -> QuerySet[Newsflash]:
    """Published ones for everyone; drafts too for the business unit of the board."""
    newsflashes = Newsflash.objects.select_related("board", "meeting")
    published = Q(state=Newsflash.State.PUBLISHED)
    if not user.is_authenticated:
        return newsflashes.filter(published)
    if user.is_superuser:
        return newsflashes
    return newsflashes.filter(published | Q(board__in=bu_board_ids(user)))


def upcoming_for(user, *, days: int = 28) -> QuerySet[Meeting]:
    today = timezone.localdate()
    return (
        Meeting.objects.filter(
            members=user, date__gte=today, date__lte=today + timezone.timedelta(days=days)
        )
        .select_related("board")
        .order_by("date", "start_time")
    )


def search(user, query: str) -> dict[str, list]:
    """Every word, icontains, across agendas, decisions, minutes and newsflashes, each scoped to
    the reader (the same on SQLite and PostgreSQL); PostgreSQL also matches stemmed full text."""
    words = query.split()
    if not words:
        return {"meetings": [], "items": [], "newsflashes": []}
    meeting_q, item_q, minutes_q, news_q = Q(), Q(), Q(), Q()
    for word in words:
        meeting_q &= Q(title__icontains=word) | Q(venue__icontains=word)
        item_q &= Q(title__icontains=word) | Q(presenter__icontains=word)
        minutes_q &= (
            Q(title__icontains=word) | Q(discussion__icontains=word) | Q(decision__icontains=word)
        )
        news_q &= Q(title__icontains=word) | Q(body__icontains=word)
    minutes_ids = decisions_visible_to(user).model.objects.none()
    items = items_visible_to(user).filter(item_q)
    if user.is_authenticated:
        readable = items_visible_to(user)
        if not user.is_superuser:
            readable = readable.filter(
                Q(meeting__board__in=bu_board_ids(user))
                | ~Q(meeting__minutes_state=Meeting.Minutes.DRAFT)
            )
        minutes_ids = readable.filter(minutes_q)
    newsflashes = newsflashes_visible_to(user)
    if connection.vendor == "postgresql":
        # Full text as well: stemmed English words, so "inspections" finds "inspection".
        query_text = SearchQuery(query, config="english", search_type="websearch")
        news_q |= Q(
            pk__in=newsflashes.annotate(found=SearchVector("title", "body", config="english"))
            .filter(found=query_text)
            .values("pk")
        )
        if user.is_authenticated:
            minutes_ids = minutes_ids | readable.annotate(
                found=SearchVector("title", "discussion", "decision", config="english")
            ).filter(found=query_text)
    found_items = (items | minutes_ids).distinct().order_by("-meeting__date", "order")[:50]
    return {
        "meetings": list(meetings_visible_to(user).filter(meeting_q).order_by("-date")[:50]),
        "items": list(found_items),
        "newsflashes": list(newsflashes.filter(news_q)[:50]),
    }


# Members by group. A board keeps its standing membership in the directory: the people who
# hold its board-member role sit at its board meetings, a CPB's chair and members at the
# CPB's. Groups are named by key, the same in the form and the API: "standing",
# "board:<board id>", "business_unit:<board id>", "cpb:<area id>" and "agency:<agency id>".
STANDING = "standing"
REPRESENTATIVE_ROLES = [Role.BOARD_MEMBER, Role.CPB_CHAIR, Role.CPB_MEMBER, Role.AGENCY_LEAD]


@dataclass(frozen=True)
class MemberGroup:
    key: str
    label: str
    size: int


def standing_members(board: Board, kind: str, area: Area | None) -> QuerySet[Person]:
    """Who a meeting of this kind invites by default: the board's members for its board
    meeting, the CPB's chair and members for a CPB meeting; nobody for other kinds, whose
    members are chosen meeting by meeting."""
    if kind == Meeting.Kind.BOARD:
        return _people_with_role(Q(role=Role.BOARD_MEMBER, board=board))
    if kind == Meeting.Kind.CPB and area is not None:
        return _people_with_role(Q(role__in=[Role.CPB_CHAIR, Role.CPB_MEMBER], area=area))
    return Person.objects.none()


def _people_with_role(condition: Q) -> QuerySet[Person]:
    holders = RoleAssignment.objects.filter(condition).values("person")
    return Person.objects.filter(is_active=True, pk__in=holders)


def _agency_representatives() -> dict[int, set[int]]:
    """agency id -> ids of the people who represent it: its staff on a board, a CPB or as its
    safeguarding lead, and board members who sit for it."""
    representatives: dict[int, set[int]] = {}
    staff = Person.objects.filter(
        is_active=True, agency__isnull=False, roles__role__in=REPRESENTATIVE_ROLES
    ).values_list("agency", "pk")
    sitting_for = RoleAssignment.objects.filter(
        role=Role.BOARD_MEMBER, agency__isnull=False, person__is_active=True
    ).values_list("agency", "person")
    for agency_id, person_id in [*staff, *sitting_for]:
        representatives.setdefault(agency_id, set()).add(person_id)
    return representatives


def _role_holders(role_names, scope: str) -> dict[int, set[int]]:
    holders: dict[int, set[int]] = {}
    rows = RoleAssignment.objects.filter(role__in=role_names, person__is_active=True)
    for scope_id, person_id in rows.values_list(scope, "person"):
        holders.setdefault(scope_id, set()).add(person_id)
    return holders


def member_groups() -> tuple[list[MemberGroup], list[MemberGroup]]:
    """(the boards', business units' and CPBs' groups, the agencies' groups), each with its
    size, for choosing members by group. Agencies without representatives are left out."""
    board_members = _role_holders([Role.BOARD_MEMBER], "board")
    business_units = _role_holders([Role.BUSINESS_UNIT], "board")
    cpbs = _role_holders([Role.CPB_CHAIR, Role.CPB_MEMBER], "area")
    groups = []
    for board in Board.objects.order_by("-is_default", "name"):
        name = board.short_name
        size = len(board_members.get(board.pk, ()))
        groups.append(MemberGroup(f"board:{board.pk}", f"{name} board members", size))
        size = len(business_units.get(board.pk, ()))
        groups.append(MemberGroup(f"business_unit:{board.pk}", f"{name} business unit", size))
    for area in Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"):
        size = len(cpbs.get(area.pk, ()))
        groups.append(MemberGroup(f"cpb:{area.pk}", f"{area.name} CPB chair and members", size))
    representatives = _agency_representatives()
    agencies = [
        MemberGroup(f"agency:{agency.pk}", agency.name, len(representatives[agency.pk]))
        for agency in Agency.objects.filter(pk__in=representatives).order_by("name")
    ]
    return groups, agencies


def people_in_groups(
    keys, *, board: Board, kind: str, area: Area | None
) -> tuple[list[Person], dict[str, str]]:
    """The people in the groups named by `keys`, and an error per key that names no group."""
    ids: set[int] = set()
    errors = {}
    for key in keys:
        name, _, number = key.partition(":")
        if key == STANDING:
            ids.update(standing_members(board, kind, area).values_list("pk", flat=True))
        elif name in {"board", "business_unit", "cpb", "agency"} and number.isdigit():
            ids.update(_group_people(name, int(number)))
        else:
            errors[key] = f"“{key}” is not a group of members"
    people = Person.objects.filter(pk__in=ids).select_related("agency").order_by("full_name")
    return list(people), errors


def _group_people(name: str, pk: int) -> set[int]:
    if name == "agency":
        return _agency_representatives().get(pk, set())
    role_names, scope = {
        "board": ([Role.BOARD_MEMBER], "board"),
        "business_unit": ([Role.BUSINESS_UNIT], "board"),
        "cpb": ([Role.CPB_CHAIR, Role.CPB_MEMBER], "area"),
    }[name]
    rows = RoleAssignment.objects.filter(role__in=role_names, person__is_active=True, **{scope: pk})
    return set(rows.values_list("person", flat=True))


def meetings_audience(user) -> str:
    """Who sees the very same meetings as `user` (meetings_visible_to): every superuser; the
    business unit of the same boards, when each meeting they are a member of is one of those
    boards'; otherwise just them."""
    if user.is_superuser:
        return "superuser"
    boards = sorted(bu_board_ids(user))
    if boards:
        elsewhere = Meeting.members.through.objects.filter(person=user.pk).exclude(
            meeting__board__in=boards
        )
        if not elsewhere.exists():
            return f"business unit:{boards}"
    return f"person:{user.pk}"


def newsflash_audience(user) -> str:
    """Who sees the same newsflashes as `user` (newsflashes_visible_to): the drafts are the
    business unit's of their boards; everyone else sees the published ones only."""
    if not user.is_authenticated:
        return "public"
    if user.is_superuser:
        return "superuser"
    boards = sorted(bu_board_ids(user))
    return f"business unit:{boards}" if boards else "public"
