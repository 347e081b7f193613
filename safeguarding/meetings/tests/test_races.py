"""Two people at once on one meeting: edits of the meeting, an agenda item, its minutes or the
newsflash never silently undo each other; nothing changes once the minutes are approved, even
an edit racing the approval; a form sent twice creates one record."""

import sqlite3
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.core.concurrency import EditConflict
from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.processes import race_in_processes
from safeguarding.core.testing.races import race
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Meeting


@pytest.fixture
def second_editor(make_person, children_board):
    return make_person("business_unit", board=children_board, full_name="Sam Second")


def _item_data(item, **changes):
    return {
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "minutes_allowed": item.minutes_allowed or "",
        "order": item.order,
        "include_in_summary": "on",
        "discussion": item.discussion,
        "decision": item.decision,
        "version": item.version,
        **changes,
    }


def test_second_minutes_edit_from_the_same_version_is_refused(
    client, item, business_unit, second_editor
):
    url = reverse("meetings:item_edit", args=[item.pk])
    loaded = _item_data(item)
    client.force_login(second_editor)
    assert client.post(url, {**loaded, "decision": "The Board agreed the plan"}).status_code == 302

    client.force_login(business_unit)
    response = client.post(url, {**loaded, "discussion": "Members asked about neglect"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "changed while you were editing it, by Sam Second" in page
    assert "The Board agreed the plan" in page
    item.refresh_from_db()
    assert item.decision == "The Board agreed the plan"
    assert item.discussion == ""


def test_stale_meeting_edit_is_refused(meeting, business_unit, second_editor):
    services.update_meeting(second_editor, meeting, version=1, venue="Town Hall, Burnley")
    with pytest.raises(EditConflict):
        services.update_meeting(business_unit, meeting, version=1, title="LSCB (moved)")
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.title) == ("Town Hall, Burnley", "LSCB")


def test_stale_newsflash_edit_is_refused_on_the_page(
    client, meeting, item, business_unit, second_editor
):
    newsflash = services.draft_newsflash(business_unit, meeting)
    url = reverse("meetings:newsflash_edit", args=[newsflash.pk])
    client.force_login(business_unit)
    assert f'name="version" value="{newsflash.version}"' in client.get(url).content.decode()
    services.update_newsflash(
        second_editor, newsflash, title="Board news", body="Hello", version=newsflash.version
    )
    stale = {"title": "My news", "body": "Mine", "version": newsflash.version}
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "by Sam Second" in response.content.decode()
    newsflash.refresh_from_db()
    assert newsflash.title == "Board news"


def test_the_same_item_form_sent_twice_adds_one_item(client, meeting, business_unit):
    client.force_login(business_unit)
    url = reverse("meetings:item_create", args=[meeting.pk])
    data = {"title": "Neglect strategy", "purpose": "discussion", "submission": str(uuid.uuid4())}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert AgendaItem.objects.filter(title="Neglect strategy").count() == 1


def test_the_same_meeting_form_sent_twice_schedules_one_meeting(client, business_unit, county):
    client.force_login(business_unit)
    data = {
        "kind": "board",
        "title": "Extra LSCB",
        "date": "20/03/2030",
        "start_time": "10:00",
        "venue": "County Hall",
        "submission": str(uuid.uuid4()),
    }
    url = reverse("meetings:meeting_create")
    first, second = client.post(url, data), client.post(url, data)
    assert first.url == second.url
    assert Meeting.objects.filter(title="Extra LSCB").count() == 1


def test_an_item_loaded_before_the_approval_cannot_be_edited_after_it(item, business_unit):
    meeting = Meeting.objects.get(pk=item.meeting_id)
    loaded = AgendaItem.objects.select_related("meeting").get(pk=item.pk)  # minutes not approved
    services.circulate_minutes(business_unit, meeting)
    services.approve_minutes(business_unit, meeting)
    with pytest.raises(ValidationError, match="approved"):
        services.update_item(business_unit, loaded, decision="Agreed after all")
    with pytest.raises(ValidationError, match="approved"):
        services.add_item(business_unit, loaded.meeting, title="Late item", purpose="information")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_minutes_edit_racing_the_approval_is_saved_after_it(item, business_unit):
    meeting = Meeting.objects.get(pk=item.meeting_id)
    services.circulate_minutes(business_unit, meeting)
    # Every editor loaded the item (and its meeting) before the approval.
    copies = [AgendaItem.objects.select_related("meeting").get(pk=item.pk) for _ in range(12)]
    edits = [
        lambda copy=copy, n=n: services.update_item(business_unit, copy, decision=f"Edit {n}")
        for n, copy in enumerate(copies)
    ]
    outcomes = race(lambda: services.approve_minutes(business_unit, meeting), *edits)

    assert outcomes[0] is None
    approved = AuditEvent.objects.get(verb="minutes approved")
    saved = AuditEvent.objects.filter(verb="agenda item changed")
    assert all(event.pk < approved.pk for event in saved)  # every saved edit came before
    refused = [outcome for outcome in outcomes[1:] if outcome is not None]
    assert all(isinstance(outcome, ValidationError) for outcome in refused)
    assert all("approved" in outcome.messages[0] for outcome in refused)


def test_the_same_action_arising_sent_twice_adds_one_action(client, item, business_unit, police):
    from safeguarding.actionplans.models import Action

    client.force_login(business_unit)
    url = reverse("meetings:action_add", args=[item.meeting_id])
    data = {
        "item": item.pk,
        "what": "Refresh the neglect toolkit",
        "owner_agency": police.pk,
        "due_date": "30/06/2030",
        "submission": str(uuid.uuid4()),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Action.objects.filter(what="Refresh the neglect toolkit").count() == 1


# --- The same races on SQLite, each editor a process of its own -------------------------


def edit_decision(actor_pk, item_pk, version, decision):
    """Run in a process of its own by the SQLite race tests ("any": no loaded version)."""
    from safeguarding.organisations.models import Person

    item = AgendaItem.objects.select_related("meeting").get(pk=item_pk)
    services.update_item(
        Person.objects.get(pk=actor_pk),
        item,
        version=None if version == "any" else int(version),
        decision=decision,
    )


def approve(actor_pk, meeting_pk):
    from safeguarding.organisations.models import Person

    services.approve_minutes(Person.objects.get(pk=actor_pk), Meeting.objects.get(pk=meeting_pk))


@pytest.fixture
def on_sqlite():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL races are the thread tests above")


@pytest.mark.django_db(transaction=True)
def test_two_processes_editing_one_item_keep_the_first_on_sqlite(
    on_sqlite, item, business_unit, second_editor, tmp_path
):
    job = "safeguarding.meetings.tests.test_races:edit_decision"
    outcomes, database = race_in_processes(
        tmp_path,
        [
            (job, [business_unit.pk, item.pk, 1, "Agreed by the chair"]),
            (job, [second_editor.pk, item.pk, 1, "Agreed by the board"]),
        ],
    )
    assert sorted(outcomes) == ["EditConflict", "ok"], outcomes
    with sqlite3.connect(database) as copy:
        ((version, decision),) = copy.execute(
            "SELECT version, decision FROM meetings_agendaitem WHERE id = ?", [item.pk]
        )
    assert version == 2
    assert decision == ("Agreed by the chair" if outcomes[0] == "ok" else "Agreed by the board")


@pytest.mark.django_db(transaction=True)
def test_no_minutes_edit_racing_the_approval_is_saved_after_it_on_sqlite(
    on_sqlite, item, business_unit, tmp_path
):
    services.circulate_minutes(business_unit, Meeting.objects.get(pk=item.meeting_id))
    edit = "safeguarding.meetings.tests.test_races:edit_decision"
    outcomes, database = race_in_processes(
        tmp_path,
        [
            ("safeguarding.meetings.tests.test_races:approve", [business_unit.pk, item.meeting_id]),
            *[(edit, [business_unit.pk, item.pk, "any", f"Edit {n}"]) for n in range(5)],
        ],
    )
    assert outcomes[0] == "ok"
    assert set(outcomes[1:]) <= {"ok", "ValidationError"}, outcomes
    with sqlite3.connect(database) as copy:
        events = dict(
            copy.execute("SELECT verb, MAX(id) FROM core_auditevent GROUP BY verb").fetchall()
        )
    assert events.get("agenda item changed", 0) < events["minutes approved"]
