"""The status-move helper, tried on a real model (a board's newsflash): the move table is the
only way through, the audit row is written with the move, a stale copy cannot move a record
someone else has moved, and templates read the same table."""

import pytest
from django.db import connection
from django.template import Context, Template

from safeguarding.core.models import AuditEvent
from safeguarding.core.testing.races import race
from safeguarding.core.transitions import StatusMachine, TransitionError
from safeguarding.meetings.models import Newsflash

State = Newsflash.State


@pytest.fixture
def newsflash(children_board):
    return Newsflash.objects.create(board=children_board, title="March board", body="News\n")


def test_a_move_saves_its_changes_bumps_the_version_and_is_audited(newsflash, business_unit):
    Newsflash.moves.move(
        business_unit, newsflash, State.APPROVED, changes={"approved_by": business_unit}
    )
    stored = Newsflash.objects.get(pk=newsflash.pk)
    assert (stored.state, stored.approved_by, stored.version) == ("approved", business_unit, 2)
    assert newsflash.version == 2
    event = AuditEvent.objects.get(target_type="meetings.newsflash")
    assert event.verb == "newsflash approved"
    assert event.payload == {"state": ["draft", "approved"]}


def test_a_move_not_in_the_table_is_refused_and_nothing_is_written(newsflash, business_unit):
    with pytest.raises(TransitionError, match="A newsflash that is 'Draft' cannot become"):
        Newsflash.moves.move(business_unit, newsflash, State.PUBLISHED)
    assert Newsflash.objects.get(pk=newsflash.pk).state == "draft"
    assert not AuditEvent.objects.filter(target_type="meetings.newsflash").exists()


def test_a_stale_copy_is_checked_against_the_stored_status(newsflash, business_unit):
    stale = Newsflash.objects.get(pk=newsflash.pk)
    Newsflash.moves.move(business_unit, newsflash, State.APPROVED)
    Newsflash.moves.move(business_unit, newsflash, State.PUBLISHED)
    with pytest.raises(TransitionError, match="'Published' cannot become 'Approved'"):
        Newsflash.moves.move(business_unit, stale, State.APPROVED)
    assert stale.state == "published"  # the copy now says what is stored
    assert AuditEvent.objects.filter(verb="newsflash approved").count() == 1


def test_templates_ask_the_same_table(newsflash):
    template = Template(
        '{% if n|can_become:"approved" %}approve{% endif %}'
        '{% if n|can_become:"published" %}publish{% endif %}'
    )
    assert template.render(Context({"n": newsflash})) == "approve"
    newsflash.state = State.APPROVED
    assert template.render(Context({"n": newsflash})) == "publish"


def test_every_reachable_status_needs_an_audit_verb():
    with pytest.raises(ValueError, match="No audit verb"):
        StatusMachine("state", {"draft": {"approved"}}, verbs={})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_people_moving_one_record_at_once_one_wins(children_board, make_person):
    assert connection.vendor == "postgresql"
    newsflash = Newsflash.objects.create(board=children_board, title="March", body="News\n")
    people = [make_person("business_unit", board=children_board) for _ in range(2)]
    copies = [Newsflash.objects.get(pk=newsflash.pk) for _ in people]
    outcomes = race(
        *[
            lambda person=person, copy=copy: Newsflash.moves.move(
                person, copy, State.APPROVED, changes={"approved_by": person}
            )
            for person, copy in zip(people, copies, strict=True)
        ]
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["NoneType", "TransitionError"]
    winner = people[outcomes.index(None)]
    assert Newsflash.objects.get(pk=newsflash.pk).approved_by == winner
    assert AuditEvent.objects.filter(verb="newsflash approved").count() == 1
