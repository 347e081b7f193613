"""Every write to meetings and newsflashes: one function per use case, in one transaction,
checking the rule (PermissionDenied), validating (ValidationError keyed by field) and writing an
audit row. Pages, the API and the demo loader come through here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from safeguarding.actionplans import services as plan_services
from safeguarding.actionplans.models import ActionPlan
from safeguarding.core.audit import changed_fields, record_change, snapshot
from safeguarding.core.calendars import CANCEL, REQUEST
from safeguarding.core.concurrency import lock_for_edit, save_edit
from safeguarding.core.days import on_or_after, on_or_before
from safeguarding.core.formatting import absolute_reverse, hub_date
from safeguarding.core.outbox import queue_email
from safeguarding.core.permissions import require
from safeguarding.core.uploads import check_upload, stored_name
from safeguarding.core.validation import check_date
from safeguarding.organisations.models import Agency, Area, Board, Person

from . import calendars
from . import newsflash as drafting
from .emails import Purpose
from .models import (
    ActionArising,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Newsflash,
    Paper,
    Subscriber,
)
from .selectors import people_in_groups

MEETING_FIELDS = [
    "kind",
    "title",
    "area",
    "date",
    "start_time",
    "end_time",
    "venue",
    "online_link",
]
ITEM_FIELDS = [
    "title",
    "purpose",
    "presenter",
    "minutes_allowed",
    "order",
    "include_in_summary",
    "discussion",
    "decision",
]
# A change to any of these is sent to the members invited.
WHEN_AND_WHERE = {"date", "start_time", "end_time", "venue", "online_link"}
MAX_SERIES = 60
SUMMARY_ITEM_TITLE = "Summary from the board"


def _names(people) -> list[str]:
    return sorted(str(person) for person in people)


def _with_groups(members, groups, *, board, kind, area) -> list[Person]:
    """`members` and everyone in `groups`, once each."""
    people, errors = people_in_groups(groups, board=board, kind=kind, area=area)
    if errors:
        raise ValidationError({"groups": list(errors.values())})
    chosen = {person.pk: person for person in [*members, *people]}
    return list(chosen.values())


def _check_meeting(meeting: Meeting) -> None:
    errors = {}
    if not meeting.title.strip():
        errors["title"] = "Enter the meeting's title"
    if meeting.kind == Meeting.Kind.CPB and meeting.area_id is None:
        errors["area"] = "Choose the locality board (CPB) the meeting is for"
    if meeting.area_id is not None and meeting.area.kind != Area.Kind.LOCALITY:
        errors["area"] = "Choose a locality board (CPB)"
    if meeting.end_time and meeting.start_time and meeting.end_time <= meeting.start_time:
        errors["end_time"] = "Enter an end time after the start time"
    if not meeting.venue.strip() and not meeting.online_link.strip():
        errors["venue"] = "Enter the venue, or an online meeting link, or both"
    if errors:
        raise ValidationError(errors)


# --- Scheduling -----------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    acting_user,
    *,
    board: Board,
    kind: str,
    title: str,
    date: date,
    start_time: time,
    end_time: time | None = None,
    venue: str = "",
    online_link: str = "",
    area: Area | None = None,
    members: Iterable[Person] = (),
    groups: Iterable[str] = (),
    repeat_weeks: int | None = None,
    until: date | None = None,
) -> list[Meeting]:
    """Schedules one meeting, or a series every `repeat_weeks` weeks up to and including
    `until`. Returns the meetings created, first one first. The members are `members` and
    everyone in `groups` (see selectors.member_groups; "standing" is the board's or CPB's
    standing membership)."""
    require(acting_user, "meetings.add_meeting", board)
    check_date("date", date, "meeting date")
    check_date("until", until, "date the series ends", earliest=date)
    dates = [date]
    series = ""
    if repeat_weeks:
        if repeat_weeks < 1:
            raise ValidationError({"repeat_weeks": "Enter a number of weeks of 1 or more"})
        if until is None or until < date:
            raise ValidationError(
                {"until": "Enter the date the series ends, on or after the first meeting"}
            )
        step = timedelta(weeks=repeat_weeks)
        while dates[-1] + step <= until:
            dates.append(dates[-1] + step)
        if len(dates) > MAX_SERIES:
            raise ValidationError(
                {"until": f"A series can have at most {MAX_SERIES} meetings; choose an earlier end"}
            )
        series = uuid.uuid4().hex
    members = _with_groups(members, groups, board=board, kind=kind, area=area)
    created = []
    for day in dates:
        meeting = Meeting(
            board=board,
            kind=kind,
            title=" ".join(title.split()),
            area=area,
            date=day,
            start_time=start_time,
            end_time=end_time,
            venue=venue.strip(),
            online_link=online_link.strip(),
            series=series,
        )
        _check_meeting(meeting)
        meeting.save()
        meeting.members.set(members)
        record_change(
            acting_user,
            "meeting scheduled",
            meeting,
            {
                "date": day.isoformat(),
                "kind": meeting.get_kind_display(),
                "members": _names(members),
                "series": series,
            },
        )
        carry_summaries(acting_user, meeting)
        created.append(meeting)
    return created


@transaction.atomic
def update_meeting(
    acting_user,
    meeting: Meeting,
    *,
    members=None,
    groups: Iterable[str] = (),
    version: int | None = None,
    **fields,
) -> Meeting:
    """`version`: the one the editor loaded; a meeting saved since then is not overwritten.
    `members` replaces the membership (None keeps it); everyone in `groups` is added."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = lock_for_edit(Meeting.objects.all(), meeting.pk, version)
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise ValueError(f"Unknown meeting field {name}")
        setattr(meeting, name, value)
    _check_meeting(meeting)
    changes = changed_fields(meeting, before, MEETING_FIELDS)
    if "date" in changes:  # a past meeting's record may be corrected; a new date is checked
        check_date("date", meeting.date, "meeting date")
    groups = list(groups)
    if members is not None or groups:
        old = _names(meeting.members.all())
        members = _with_groups(
            meeting.members.all() if members is None else members,
            groups,
            board=meeting.board,
            kind=meeting.kind,
            area=meeting.area,
        )
        meeting.members.set(members)
        if old != _names(members):
            changes["members"] = [old, _names(members)]
    save_edit(meeting)
    if changes:
        record_change(acting_user, "meeting changed", meeting, changes)
    if meeting.agenda_published and not meeting.is_cancelled and WHEN_AND_WHERE & set(changes):
        # Those invited get the invitation again, SEQUENCE moved on: their calendars move it.
        _email_members(
            meeting,
            purpose=Purpose.CHANGED,
            object_key=f"meeting:{meeting.pk}:version:{meeting.version}",
            subject=f"Meeting changed: {meeting}",
            template="emails/meetings/changed",
            calendar_method=REQUEST,
        )
    return meeting


def _email_members(
    meeting: Meeting,
    *,
    purpose: str,
    object_key: str,
    subject: str,
    template: str,
    calendar_method: str = "",
    **context,
) -> int:
    """E-mails each active member, with the meeting's calendar invitation (REQUEST) or
    cancellation (CANCEL) when `calendar_method` says. Returns the e-mails queued."""
    queued = 0
    for person in meeting.members.filter(is_active=True):
        queued += queue_email(
            purpose=purpose,
            recipient=person.email,
            object_key=object_key,
            subject=subject,
            template=template,
            context={
                "meeting": meeting,
                "person": person,
                "meeting_path": reverse("meetings:meeting_detail", args=[meeting.pk]),
                **context,
            },
            attachments=(
                calendars.invitation(meeting, person, calendar_method) if calendar_method else None
            ),
        )
    return queued


@transaction.atomic
def cancel_meeting(acting_user, meeting: Meeting, *, reason: str) -> int:
    """Calls a meeting off: each member is told why, with the calendar cancellation that takes
    it out of their calendar (SEQUENCE moved on). Returns the e-mails queued."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = _lock_unapproved(meeting)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": "This meeting has already been cancelled"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the meeting is cancelled, for the members"})
    meeting.cancelled_at = timezone.now()
    save_edit(meeting, update_fields=["cancelled_at"])
    queued = _email_members(
        meeting,
        purpose=Purpose.CANCELLED,
        object_key=f"meeting:{meeting.pk}",
        subject=f"Meeting cancelled: {meeting}",
        template="emails/meetings/cancelled",
        calendar_method=CANCEL,
        reason=reason,
    )
    record_change(acting_user, "meeting cancelled", meeting, {"reason": reason, "e-mails": queued})
    return queued


# --- The agenda -----------------------------------------------------------------------------


def _lock_unapproved(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction, if its minutes are not approved yet: checked
    against the locked row, so an edit racing the approval waits for it and is then refused."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_locked:
        raise ValidationError(
            {"__all__": "The minutes of this meeting are approved and can no longer be changed"}
        )
    return meeting


@transaction.atomic
def add_item(
    acting_user,
    meeting: Meeting,
    *,
    title: str,
    purpose: str,
    presenter: str = "",
    minutes_allowed: int | None = None,
    include_in_summary: bool | None = None,
    order: int | None = None,
    discussion: str = "",
    decision: str = "",
    from_newsflash: Newsflash | None = None,
) -> AgendaItem:
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = _lock_unapproved(meeting)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the item's title"})
    if purpose not in AgendaItem.Purpose.values:
        raise ValidationError(
            {"purpose": "Choose whether the item is for information, discussion or decision"}
        )
    if order is None:
        order = (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1
    if include_in_summary is None:  # not chosen: partners hear of decisions, not of apologies
        include_in_summary = purpose == AgendaItem.Purpose.DECISION
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        purpose=purpose,
        presenter=presenter.strip(),
        minutes_allowed=minutes_allowed,
        include_in_summary=include_in_summary,
        order=order,
        discussion=discussion.strip(),
        decision=decision.strip(),
        from_newsflash=from_newsflash,
    )
    record_change(
        acting_user,
        "agenda item added",
        item,
        {"title": title, "purpose": item.get_purpose_display(), "meeting": str(meeting)},
    )
    return item


@transaction.atomic
def update_item(
    acting_user, item: AgendaItem, *, version: int | None = None, **fields
) -> AgendaItem:
    """Changes an item's agenda entry or its minutes (discussion, decision). `version`: the
    one the editor loaded; an item saved since then is not overwritten."""
    require(acting_user, "meetings.change_meeting", item.meeting)
    meeting = _lock_unapproved(item.meeting)
    item = lock_for_edit(AgendaItem.objects.all(), item.pk, version)
    item.meeting = meeting
    before = snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise ValueError(f"Unknown agenda item field {name}")
        if isinstance(value, str):
            value = value.strip()
        setattr(item, name, value)
    if not item.title:
        raise ValidationError({"title": "Enter the item's title"})
    changes = changed_fields(item, before, ITEM_FIELDS)
    save_edit(item)
    if changes:
        record_change(acting_user, "agenda item changed", item, changes)
    return item


@transaction.atomic
def add_paper(acting_user, item: AgendaItem, upload, *, title: str = "", is_public: bool = False):
    require(acting_user, "meetings.change_meeting", item.meeting)
    checked = check_upload(upload)
    stored = default_storage.save(stored_name("meetings/papers", checked.extension), upload)
    paper = Paper.objects.create(
        item=item,
        title=(title.strip() or upload.name)[:200],
        file=stored,
        original_name=upload.name[:255],
        content_type=checked.content_type,
        size=upload.size,
        is_public=is_public,
        added_by=acting_user if acting_user.is_authenticated else None,
    )
    record_change(
        acting_user,
        "paper added",
        paper,
        {"title": paper.title, "public": is_public, "item": item.title},
    )
    return paper


@transaction.atomic
def publish_agenda(acting_user, meeting: Meeting) -> int:
    """Marks the agenda published and e-mails each member the agenda, links to the papers and
    the calendar invitation. Publishing again e-mails nobody twice. Returns e-mails queued."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": "The meeting is cancelled: its agenda is not sent"})
    if not meeting.items.exists():
        raise ValidationError({"__all__": "Add at least one agenda item before publishing"})
    first = meeting.agenda_published_at is None
    if first:
        meeting.agenda_published_at = timezone.now()
        meeting.save(update_fields=["agenda_published_at"])
    queued = _email_members(
        meeting,
        purpose=Purpose.AGENDA,
        object_key=f"meeting:{meeting.pk}",
        subject=f"Agenda and papers: {meeting}",
        template="emails/meetings/agenda",
        calendar_method=REQUEST,
        items=list(meeting.items.prefetch_related("papers")),
        ics_path=reverse("meetings:meeting_ics", args=[meeting.pk]),
    )
    record_change(
        acting_user,
        "agenda published" if first else "agenda published again",
        meeting,
        {"e-mails": queued},
    )
    return queued


# --- During and after the meeting -----------------------------------------------------------


@transaction.atomic
def record_attendance(
    acting_user, meeting: Meeting, *, rows: dict[Person, tuple[str, str]], quorate: bool | None
) -> Meeting:
    """rows: person -> (status, substitute's name). People left out keep their row."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = _lock_unapproved(meeting)
    changes = {}
    for person, (status, substitute) in rows.items():
        if status not in Attendance.Status.values:
            raise ValidationError({f"status_{person.pk}": f"Choose whether {person} attended"})
        if status == Attendance.Status.SUBSTITUTE and not substitute.strip():
            raise ValidationError(
                {f"substitute_{person.pk}": f"Enter who came instead of {person}"}
            )
        row, created = Attendance.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={"status": status, "substitute": substitute.strip()},
        )
        changes[str(person)] = row.get_status_display() + (
            f" ({row.substitute})" if row.substitute else ""
        )
    if meeting.quorate != quorate:
        changes["quorate"] = [meeting.quorate, quorate]
        meeting.quorate = quorate
        meeting.save(update_fields=["quorate"])
    record_change(acting_user, "attendance recorded", meeting, changes)
    return meeting


@transaction.atomic
def add_declaration(
    acting_user, meeting: Meeting, *, person: Person, interest: str, item: AgendaItem | None = None
) -> Declaration:
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = _lock_unapproved(meeting)
    if not interest.strip():
        raise ValidationError({"interest": "Enter the interest declared"})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item on this meeting's agenda"})
    declaration = Declaration.objects.create(
        meeting=meeting, person=person, item=item, interest=interest.strip()
    )
    record_change(
        acting_user,
        "interest declared",
        meeting,
        {"person": str(person), "interest": declaration.interest, "item": str(item or "")},
    )
    return declaration


def plan_for(meeting: Meeting) -> ActionPlan | None:
    return ActionPlan.objects.filter(
        origin_kind=ActionPlan.Origin.MEETING, origin_reference=f"meetings.meeting:{meeting.pk}"
    ).first()


@transaction.atomic
def add_action_arising(
    acting_user,
    item: AgendaItem,
    *,
    what: str,
    owner_agency: Agency,
    due_date: date,
    owner_person: Person | None = None,
) -> ActionArising:
    """An action arising from an item becomes an action in the meeting's action plan (made the
    first time a meeting has an action)."""
    meeting = item.meeting
    require(acting_user, "meetings.change_meeting", meeting)
    # Locked, also so that two people adding the first action make one plan.
    meeting = _lock_unapproved(meeting)
    plan = plan_for(meeting)
    if plan is None:
        plan = plan_services.create_plan(
            acting_user,
            board=meeting.board,
            title=f"Actions from the {meeting}",
            origin_kind=ActionPlan.Origin.MEETING,
            origin_reference=f"meetings.meeting:{meeting.pk}",
            purpose=f"Actions arising at the {meeting.title} on {hub_date(meeting.date)}.",
            shared_with=[meeting.area] if meeting.area_id else [],
        )
    action = plan_services.add_action(
        acting_user,
        plan,
        what=what,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_date=due_date,
        outcome=f"Arising from '{item.title}'",
    )
    link = ActionArising.objects.create(item=item, action=action)
    record_change(
        acting_user,
        "action arising recorded",
        item,
        {"action": str(action), "agency": owner_agency.name, "due": due_date.isoformat()},
    )
    return link


@transaction.atomic
def circulate_minutes(acting_user, meeting: Meeting) -> int:
    """The draft minutes go to the members for comment. Returns e-mails queued."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_state != Meeting.Minutes.DRAFT:
        raise ValidationError({"__all__": "The minutes have already been circulated"})
    Meeting.moves.move(acting_user, meeting, Meeting.Minutes.CIRCULATED)
    queued = _email_members(
        meeting,
        purpose=Purpose.MINUTES,
        object_key=f"meeting:{meeting.pk}",
        subject=f"Draft minutes for comment: {meeting}",
        template="emails/meetings/minutes",
    )
    return queued


@transaction.atomic
def approve_minutes(acting_user, meeting: Meeting) -> Meeting:
    """Approved (usually at the next meeting): from now on the minutes are locked."""
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_state != Meeting.Minutes.CIRCULATED:
        raise ValidationError(
            {"__all__": "Circulate the minutes to the members before they are approved"}
        )
    return Meeting.moves.move(
        acting_user,
        meeting,
        Meeting.Minutes.APPROVED,
        changes={"minutes_approved_at": timezone.now()},
    )


# --- The newsflash --------------------------------------------------------------------------


def _require_newsflash(acting_user, newsflash: Newsflash) -> None:
    require(acting_user, "meetings.change_newsflash", newsflash)


@transaction.atomic
def draft_newsflash(acting_user, meeting: Meeting) -> Newsflash:
    """Drafts (or, while still a draft, redrafts) the meeting's newsflash from its items marked
    for the summary, the next meetings and the board's contact details."""
    require(acting_user, "meetings.change_meeting", meeting)
    newsflash = Newsflash.objects.select_for_update().filter(meeting=meeting).first()
    title = drafting.summary_title(meeting)
    body = drafting.build_body(meeting)
    if newsflash is None:
        newsflash = Newsflash.objects.create(
            board=meeting.board, meeting=meeting, title=title, body=body, changed_by=acting_user
        )
        record_change(acting_user, "newsflash drafted", newsflash, {"title": title})
        return newsflash
    if newsflash.state != Newsflash.State.DRAFT:
        raise ValidationError(
            {"__all__": "The newsflash has been approved; it can no longer be redrafted"}
        )
    newsflash.title, newsflash.body, newsflash.updated_at = title, body, timezone.now()
    newsflash.changed_by = acting_user
    save_edit(newsflash)  # an editor's older copy must not undo the redraft
    record_change(acting_user, "newsflash redrafted", newsflash, {"title": title})
    return newsflash


@transaction.atomic
def update_newsflash(
    acting_user, newsflash: Newsflash, *, title: str, body: str, version: int | None = None
) -> Newsflash:
    """`version`: the one the editor loaded; a newsflash saved since then is not overwritten."""
    _require_newsflash(acting_user, newsflash)
    newsflash = lock_for_edit(Newsflash.objects.all(), newsflash.pk, version)
    if newsflash.state == Newsflash.State.PUBLISHED:
        raise ValidationError({"__all__": "A published newsflash can no longer be changed"})
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the newsflash's title"
    if not body.strip():
        errors["body"] = "Enter the newsflash's text"
    if errors:
        raise ValidationError(errors)
    before = snapshot(newsflash, ["title", "body", "state"])
    newsflash.title = " ".join(title.split())
    newsflash.body = body.strip() + "\n"
    # A change after approval needs approving again.
    newsflash.state = Newsflash.State.DRAFT
    newsflash.approved_by = None
    newsflash.approved_at = None
    newsflash.updated_at = timezone.now()
    newsflash.changed_by = acting_user
    changes = changed_fields(newsflash, before, ["title", "body", "state"])
    save_edit(newsflash)
    if changes:
        record_change(acting_user, "newsflash changed", newsflash, changes)
    return newsflash


@transaction.atomic
def approve_newsflash(acting_user, newsflash: Newsflash) -> Newsflash:
    _require_newsflash(acting_user, newsflash)
    newsflash = Newsflash.objects.select_for_update().get(pk=newsflash.pk)
    if newsflash.state != Newsflash.State.DRAFT:
        raise ValidationError({"__all__": "Only a draft newsflash can be approved"})
    if newsflash.needs_another_approver(acting_user):
        raise ValidationError(
            {
                "__all__": f"The {newsflash.board.short_name} asks for a second person: someone "
                "other than the person who drafted or last changed the newsflash must approve it"
            }
        )
    approval = {"approved_by": acting_user, "approved_at": timezone.now()}
    return Newsflash.moves.move(acting_user, newsflash, Newsflash.State.APPROVED, changes=approval)


@transaction.atomic
def publish_newsflash(acting_user, newsflash: Newsflash, *, today: date | None = None) -> Newsflash:
    """Publishes an approved newsflash: public page, feed and PDF at once, an e-mail to every
    confirmed subscriber, and a standing 'Summary from the board' item on the next meeting of
    every locality board (CPB). Publishing again changes nothing and e-mails nobody twice."""
    _require_newsflash(acting_user, newsflash)
    newsflash = Newsflash.objects.select_for_update().get(pk=newsflash.pk)
    if newsflash.state == Newsflash.State.DRAFT:
        raise ValidationError({"__all__": "Approve the newsflash before publishing it"})
    if newsflash.state == Newsflash.State.APPROVED:
        Newsflash.moves.move(
            acting_user,
            newsflash,
            Newsflash.State.PUBLISHED,
            changes={"published_at": timezone.now()},
        )
    send_newsflash(newsflash)
    cascade_to_localities(acting_user, newsflash, today=today)
    return newsflash


def send_newsflash(newsflash: Newsflash) -> int:
    """Queues the newsflash for every confirmed subscriber of its board. Safe to run again (a
    retry, a second publish): the outbox holds one message per subscriber and newsflash."""
    queued = 0
    path = reverse("meetings:newsflash_detail", args=[newsflash.pk])
    html = drafting.render_html(newsflash.body)
    text = drafting.plain_text(newsflash.body)
    subscribers = Subscriber.objects.filter(
        board_id=newsflash.board_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    for subscriber in subscribers.iterator():
        unsubscribe_url = absolute_reverse("meetings:unsubscribe", subscriber.token)
        queued += queue_email(
            purpose=Purpose.NEWSFLASH,
            recipient=subscriber.email,
            object_key=f"newsflash:{newsflash.pk}",
            subject=newsflash.title,
            template="emails/meetings/newsflash",
            context={
                "newsflash": newsflash,
                "text": text,
                "html": html,
                "path": path,
                "unsubscribe_url": unsubscribe_url,
            },
            # Mail clients offer their own "Unsubscribe" button from these, posting to the
            # same address as the link in the message (one click, RFC 8058).
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return queued


def _carry_summary(acting_user, newsflash: Newsflash, meeting: Meeting) -> AgendaItem | None:
    """The standing 'Summary from the board' item for `newsflash` on a CPB meeting, once."""
    if meeting.items.filter(from_newsflash=newsflash).exists():
        return None
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=0,
        title=SUMMARY_ITEM_TITLE,
        purpose=AgendaItem.Purpose.INFORMATION,
        presenter="Business unit",
        include_in_summary=False,
        discussion=f"{newsflash.title}: "
        + reverse("meetings:newsflash_detail", args=[newsflash.pk]),
        from_newsflash=newsflash,
    )
    record_change(
        acting_user,
        "agenda item added",
        item,
        {"title": item.title, "from newsflash": newsflash.title, "meeting": str(meeting)},
    )
    return item


def _next_cpb_meeting(board_id: int, area: Area, today: date) -> Meeting | None:
    return (
        Meeting.objects.filter(board_id=board_id, kind=Meeting.Kind.CPB, area=area, date__gte=today)
        .filter(cancelled_at__isnull=True)
        .exclude(minutes_state=Meeting.Minutes.APPROVED)
        .order_by("date", "start_time", "pk")
        .first()
    )


def cascade_to_localities(acting_user, newsflash: Newsflash, *, today: date | None = None) -> int:
    """Adds the standing summary item to the next meeting of every CPB of the board. A CPB
    with no meeting scheduled gets it on the next one scheduled (`carry_summaries`)."""
    today = today or timezone.localdate()
    added = 0
    for area in Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name"):
        meeting = _next_cpb_meeting(newsflash.board_id, area, today)
        if meeting is not None and _carry_summary(acting_user, newsflash, meeting):
            added += 1
    return added


def carry_summaries(acting_user, meeting: Meeting) -> int:
    """A CPB meeting just scheduled gets the summary of each newsflash published since its
    locality's previous CPB meeting (for a first meeting, in the six months before it) that
    no meeting of the locality has carried yet."""
    if meeting.kind != Meeting.Kind.CPB or meeting.area_id is None:
        return 0
    previous = (
        Meeting.objects.filter(
            board_id=meeting.board_id,
            kind=Meeting.Kind.CPB,
            area_id=meeting.area_id,
            date__lt=meeting.date,
            cancelled_at__isnull=True,
        )
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    since = previous or meeting.date - timedelta(days=183)
    waiting = (
        Newsflash.objects.filter(
            board_id=meeting.board_id,
            state=Newsflash.State.PUBLISHED,
            **on_or_after("published_at", since),
            **on_or_before("published_at", meeting.date),
        )
        .exclude(cascaded_items__meeting__area_id=meeting.area_id)
        .order_by("published_at", "pk")
    )
    return sum(1 for newsflash in waiting if _carry_summary(acting_user, newsflash, meeting))


def carried_to(newsflash: Newsflash) -> tuple[list[Meeting], list[Area]]:
    """The CPB meetings whose agenda carries the newsflash, and the localities still waiting
    for a meeting to be scheduled."""
    meetings = list(
        Meeting.objects.filter(items__from_newsflash=newsflash)
        .select_related("area")
        .order_by("area__name", "date")
    )
    reached = {meeting.area_id for meeting in meetings}
    waiting = [
        area
        for area in Area.objects.filter(kind=Area.Kind.LOCALITY).order_by("name")
        if area.pk not in reached
    ]
    return meetings, waiting


def published_message(newsflash: Newsflash) -> str:
    """What publishing did, as it happened: which CPB agendas carry it and which wait."""
    meetings, waiting = carried_to(newsflash)
    parts = ["The newsflash is published and sent to subscribers."]
    if meetings:
        count = len(meetings)
        parts.append(
            f"It is on the next agenda of {count} locality board{'s' if count > 1 else ''}."
        )
    if waiting:
        names = ", ".join(area.name for area in waiting)
        parts.append(
            f"No meeting is scheduled yet for {names}: it will be added to the next one "
            "when it is scheduled."
        )
    return " ".join(parts)


# --- Subscriptions --------------------------------------------------------------------------


@transaction.atomic
def subscribe(board: Board, email: str) -> Subscriber:
    """Self-service: records the address and e-mails a link to confirm it (double opt-in).
    Asking again resends nothing new until confirmed; a lapsed subscriber starts again."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an e-mail address in the right format, like name@example.org"}
        ) from None
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        board=board, email=email
    )
    if not created and subscriber.unsubscribed_at is not None:
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.token = uuid.uuid4().hex + uuid.uuid4().hex
        subscriber.save()
    if subscriber.confirmed_at is None:
        queue_email(
            purpose=Purpose.SUBSCRIBE,
            recipient=email,
            object_key=f"subscriber:{subscriber.token}",
            subject=f"Confirm your subscription to the {board.short_name} newsflash",
            template="emails/meetings/confirm_subscription",
            context={
                "board": board,
                "confirm_path": reverse("meetings:subscribe_confirm", args=[subscriber.token]),
            },
        )
        record_change(None, "subscription requested", subscriber, {"board": board.short_name})
    return subscriber


@transaction.atomic
def confirm_subscription(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return None
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        record_change(None, "subscription confirmed", subscriber, {})
    return subscriber


@transaction.atomic
def unsubscribe(token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
        record_change(None, "subscription cancelled", subscriber, {})
    return subscriber


@transaction.atomic
def remove_item(acting_user, item: AgendaItem) -> None:
    """Takes an item off the agenda with its papers; refused once the minutes are approved or
    when actions arose from it (they live on in the action plan and need their item)."""
    meeting = item.meeting
    require(acting_user, "meetings.change_meeting", meeting)
    meeting = _lock_unapproved(meeting)
    if item.actions_arising.exists():
        raise ValidationError(
            {"__all__": f"Actions arose from '{item.title}', so it stays on the agenda"}
        )
    files = [paper.file.name for paper in item.papers.all()]
    record_change(
        acting_user,
        "agenda item removed",
        meeting,
        {"title": item.title, "papers": len(files)},
    )
    item.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])


@transaction.atomic
def remove_paper(acting_user, paper: Paper) -> None:
    meeting = paper.item.meeting
    require(acting_user, "meetings.change_meeting", meeting)
    name = paper.file.name
    record_change(
        acting_user,
        "paper removed",
        meeting,
        {"title": paper.title, "item": paper.item.title, "public": paper.is_public},
    )
    paper.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
