import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.actionplans.models import Action, ActionPlan
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.core.outbox import claim, send_pending
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Meeting, Newsflash, Subscriber

PDF = b"%PDF-1.4\n%test\n"


def deliver():
    """What the task (or the sweep) does after the commit."""
    return send_pending()


def test_schedule_meeting_audits_and_sets_members(meeting, member):
    assert list(meeting.members.all()) == [member]
    event = AuditEvent.objects.get(target_type="meetings.meeting", target_id=str(meeting.pk))
    assert event.verb == "meeting scheduled"
    assert event.payload["members"] == ["Mo Member"]


def test_series_repeats_every_n_weeks_until(business_unit, children_board, burnley):
    created = services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="cpb",
        title="Burnley and Pendle CPB",
        area=burnley,
        date=datetime.date(2030, 1, 7),
        start_time=datetime.time(13, 30),
        venue="Burnley",
        repeat_weeks=8,
        until=datetime.date(2030, 12, 31),
    )
    assert [m.date for m in created][:3] == [
        datetime.date(2030, 1, 7),
        datetime.date(2030, 3, 4),
        datetime.date(2030, 4, 29),
    ]
    assert len(created) == 7
    assert len({m.series for m in created}) == 1


def test_schedule_checks_rule_and_fields(make_person, business_unit, children_board, adults_board):
    other = make_person("business_unit", board=adults_board)
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(
            other,
            board=children_board,
            kind="board",
            title="X",
            date=datetime.date(2030, 1, 1),
            start_time=datetime.time(10),
            venue="Here",
        )
    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(
            business_unit,
            board=children_board,
            kind="cpb",
            title="CPB",
            date=datetime.date(2030, 1, 1),
            start_time=datetime.time(10),
            end_time=datetime.time(9),
        )
    assert set(error.value.message_dict) == {"area", "end_time", "venue"}
    assert not Meeting.objects.exists()


def test_publish_agenda_emails_members_once(business_unit, meeting, item, member, outsider):
    services.add_paper(business_unit, item, SimpleUploadedFile("plan.pdf", PDF), title="Plan")
    assert services.publish_agenda(business_unit, meeting) == 1
    assert services.publish_agenda(business_unit, meeting) == 0
    deliver()
    assert [m.to for m in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    assert "Business Plan" in body
    assert "Paper: Plan" in body
    assert "meeting.ics" in body
    [(filename, invitation, mimetype)] = mail.outbox[0].attachments
    assert (filename, mimetype) == (f"meeting-{meeting.pk}.ics", "text/calendar; method=REQUEST")
    assert "BEGIN:VEVENT" in invitation


def test_publish_agenda_needs_items(business_unit, meeting):
    with pytest.raises(ValidationError):
        services.publish_agenda(business_unit, meeting)


def test_attendance_decision_and_action_arising(business_unit, meeting, item, member, police):
    services.record_attendance(
        business_unit, meeting, rows={member: ("substitute", "Sam Sub, DCI")}, quorate=True
    )
    meeting.refresh_from_db()
    assert meeting.quorate is True
    assert meeting.attendance.get().substitute == "Sam Sub, DCI"
    with pytest.raises(ValidationError):
        services.record_attendance(
            business_unit, meeting, rows={member: ("substitute", "")}, quorate=True
        )
    services.update_item(business_unit, item, decision="The Board agreed the plan.")
    first = services.add_action_arising(
        business_unit,
        item,
        what="Publish the plan",
        owner_agency=police,
        owner_person=member,
        due_date=datetime.date(2030, 6, 30),
    )
    second = services.add_action_arising(
        business_unit,
        item,
        what="Brief the CPBs",
        owner_agency=police,
        due_date=datetime.date(2030, 7, 31),
    )
    plan = ActionPlan.objects.get()
    assert plan.origin_kind == "meeting"
    assert plan.origin_reference == f"meetings.meeting:{meeting.pk}"
    assert {first.action, second.action} == set(Action.objects.filter(plan=plan))
    assert first.action.owner_person == member


def test_declaration(business_unit, meeting, item, member):
    declaration = services.add_declaration(
        business_unit, meeting, person=member, interest="Trustee of a charity", item=item
    )
    assert declaration.item == item
    with pytest.raises(ValidationError):
        services.add_declaration(business_unit, meeting, person=member, interest=" ")


def test_minutes_circulated_approved_then_locked(business_unit, meeting, item, member):
    with pytest.raises(ValidationError):
        services.approve_minutes(business_unit, meeting)
    assert services.circulate_minutes(business_unit, meeting) == 1
    services.approve_minutes(business_unit, meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    with pytest.raises(ValidationError):
        services.update_item(business_unit, item, decision="Changed later")
    with pytest.raises(ValidationError):
        services.add_item(business_unit, meeting, title="Late", purpose="information")


def test_member_may_not_write(member, meeting, item):
    with pytest.raises(PermissionDenied):
        services.update_item(member, item, decision="Agreed by me")
    with pytest.raises(PermissionDenied):
        services.draft_newsflash(member, meeting)


def _seed_like(business_unit, children_board, meeting):
    services.add_item(
        business_unit,
        meeting,
        title="Welcome",
        purpose="information",
        include_in_summary=False,
        decision="Apologies were noted.",
    )
    services.add_item(
        business_unit,
        meeting,
        title="Member portfolio",
        purpose="decision",
        decision="The LSCB agreed a new member's portfolio.",
    )
    services.add_item(
        business_unit,
        meeting,
        title="LSAB",
        purpose="discussion",
        discussion="Discussions are continuing.",
        include_in_summary=True,
    )
    for kind, day in (
        ("executive", datetime.date(2030, 4, 27)),
        ("board", datetime.date(2030, 5, 8)),
    ):
        services.schedule_meeting(
            business_unit,
            board=children_board,
            kind=kind,
            title=kind,
            date=day,
            start_time=datetime.time(10),
            venue="County Hall",
        )


def test_newsflash_drafted_from_summary_items(business_unit, children_board, meeting):
    _seed_like(business_unit, children_board, meeting)
    newsflash = services.draft_newsflash(business_unit, meeting)
    assert newsflash.title == "Summary from LSCB held on Wednesday 20 March 2030"
    body = newsflash.body
    assert "## Member portfolio\n\nThe LSCB agreed a new member's portfolio." in body
    assert "## LSAB\n\nDiscussions are continuing." in body
    assert "Welcome" not in body
    assert "Next LSCB Executive Meeting: 27th April 2030" in body
    assert "Next LSCB: 8th May 2030" in body
    assert "Safeguarding Business Unit, County Hall, Fishergate, Preston, PR1 0XX" in body
    # Redrafting a draft updates it; after approval it is refused.
    assert services.draft_newsflash(business_unit, meeting).pk == newsflash.pk
    services.approve_newsflash(business_unit, newsflash)
    with pytest.raises(ValidationError):
        services.draft_newsflash(business_unit, meeting)


def test_editing_an_approved_newsflash_needs_approval_again(business_unit, meeting, item):
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    services.update_newsflash(business_unit, newsflash, title="New", body="## Changed")
    newsflash.refresh_from_db()
    assert newsflash.state == "draft"
    assert newsflash.approved_at is None
    with pytest.raises(ValidationError):
        services.publish_newsflash(business_unit, newsflash)
    with pytest.raises(ValidationError) as error:
        services.update_newsflash(business_unit, newsflash, title="", body="")
    assert set(error.value.message_dict) == {"title", "body"}


def _subscriber(children_board, email):
    subscriber = services.subscribe(children_board, email)
    services.confirm_subscription(subscriber.token)
    return subscriber


def test_subscription_double_opt_in(children_board):
    subscriber = services.subscribe(children_board, "Reader@Example.org")
    assert subscriber.email == "reader@example.org"
    assert subscriber.confirmed_at is None
    deliver()
    assert subscriber.token in mail.outbox[0].body
    services.subscribe(children_board, "reader@example.org")
    deliver()
    assert len(mail.outbox) == 1  # not confirmed yet: the same link, not sent twice
    services.confirm_subscription(subscriber.token)
    subscriber.refresh_from_db()
    assert subscriber.is_active
    services.unsubscribe(subscriber.token)
    subscriber.refresh_from_db()
    assert not subscriber.is_active
    with pytest.raises(ValidationError):
        services.subscribe(children_board, "not an address")


def test_publish_sends_each_subscriber_one_email_and_cascades(
    business_unit, children_board, meeting, item, burnley
):
    services.update_item(business_unit, item, decision="The Board agreed the plan.")
    cpb = services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="cpb",
        title="Burnley and Pendle CPB",
        area=burnley,
        date=datetime.date(2030, 4, 1),
        start_time=datetime.time(13),
        venue="Burnley",
        repeat_weeks=8,
        until=datetime.date(2030, 8, 1),
    )
    _subscriber(children_board, "one@example.org")
    _subscriber(children_board, "two@example.org")
    lapsed = _subscriber(children_board, "gone@example.org")
    services.unsubscribe(lapsed.token)
    services.subscribe(children_board, "unconfirmed@example.org")
    deliver()
    mail.outbox.clear()

    newsflash = services.draft_newsflash(business_unit, meeting)
    with pytest.raises(ValidationError):
        services.publish_newsflash(business_unit, newsflash)
    services.approve_newsflash(business_unit, newsflash)
    today = datetime.date(2030, 3, 21)
    services.publish_newsflash(business_unit, newsflash, today=today)
    services.publish_newsflash(business_unit, newsflash, today=today)
    deliver()
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert "The Board agreed the plan." in mail.outbox[0].body
    assert "/meetings/news/unsubscribe/" in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "<h2>Business Plan</h2>" in html
    newsflash.refresh_from_db()
    assert newsflash.state == "published"
    assert newsflash.published_at
    # The standing item is on the next CPB meeting only, once.
    summary = AgendaItem.objects.filter(from_newsflash=newsflash)
    assert [i.meeting_id for i in summary] == [cpb[0].pk]
    assert summary.get().title == "Summary from the board"
    assert AuditEvent.objects.filter(verb="newsflash published").count() == 1


def test_worker_killed_mid_send_sends_each_once(
    business_unit, children_board, meeting, item, settings
):
    """A worker claims a subscriber's message and dies before sending; the newsflash is then
    published again. Each subscriber still gets exactly one e-mail."""
    _subscriber(children_board, "one@example.org")
    _subscriber(children_board, "two@example.org")
    deliver()
    mail.outbox.clear()
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    services.publish_newsflash(business_unit, newsflash)
    rows = OutboundEmail.objects.filter(purpose="meetings.newsflash").order_by("pk")
    assert rows.count() == 2
    assert claim(rows[0].pk) is not None  # the worker took it, then was killed
    services.publish_newsflash(business_unit, newsflash)  # someone presses publish again
    assert services.send_newsflash(newsflash) == 0
    deliver()  # sends the other one; the claimed one waits for the timeout
    later = timezone.now() + settings.HUB_TASK_TIMEOUT + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        deliver()  # the sweep releases the abandoned claim and sends it
        deliver()
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert rows.count() == 2


def test_rolled_back_publish_queues_nothing(
    business_unit, children_board, meeting, item, monkeypatch
):
    _subscriber(children_board, "one@example.org")
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    mail.outbox.clear()

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "cascade_to_localities", boom)
    with pytest.raises(RuntimeError):
        services.publish_newsflash(business_unit, newsflash)
    newsflash.refresh_from_db()
    assert newsflash.state == "approved"
    assert not OutboundEmail.objects.filter(purpose="meetings.newsflash").exists()
    assert mail.outbox == []
    assert Subscriber.objects.count() == 1
    assert Newsflash.objects.count() == 1


def test_subject_access_section(business_unit, meeting, item, member, children_board):
    from safeguarding.core.data_protection import SUBJECT_ACCESS_SECTIONS

    services.record_attendance(business_unit, meeting, rows={member: ("present", "")}, quorate=True)
    services.add_declaration(business_unit, meeting, person=member, interest="Trustee")
    services.subscribe(children_board, member.email)
    report = SUBJECT_ACCESS_SECTIONS["meetings"](member)
    assert report["member_of"] == [{"meeting": "LSCB", "date": "2030-03-20"}]
    assert report["attendance"][0]["attendance"] == "Present"
    assert report["declarations_of_interest"][0]["interest"] == "Trustee"
    assert report["newsflash_subscriptions"][0]["confirmed_at"] is None


def test_retention_forgets_subscriptions(children_board, member):
    from safeguarding.meetings.data_protection import forget_subscriptions

    services.subscribe(children_board, member.email)
    assert forget_subscriptions(member, member.email.upper()) == {
        "newsflash subscriptions removed": 1
    }
    assert not Subscriber.objects.exists()


def test_remove_paper_and_item(business_unit, meeting, item, police, member):
    paper = services.add_paper(business_unit, item, SimpleUploadedFile("plan.pdf", PDF))
    services.remove_paper(business_unit, paper)
    assert not item.papers.exists()
    with pytest.raises(PermissionDenied):
        services.remove_item(member, item)
    other = services.add_item(business_unit, meeting, title="Spare", purpose="information")
    services.remove_item(business_unit, other)
    assert not AgendaItem.objects.filter(pk=other.pk).exists()
    services.add_action_arising(
        business_unit,
        item,
        what="Do it",
        owner_agency=police,
        due_date=datetime.date(2030, 6, 30),
    )
    with pytest.raises(ValidationError):
        services.remove_item(business_unit, item)
    assert AuditEvent.objects.filter(verb__in=["paper removed", "agenda item removed"]).count() == 2
