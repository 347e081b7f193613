import datetime

from django.utils import timezone

from safeguarding.actionplans import services
from safeguarding.core.home import items_for


def test_owner_sees_due_actions(make_action, owner, children_board):
    soon = make_action(
        what="Due soon",
        owner_person=owner,
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    make_action(
        what="Far away",
        owner_person=owner,
        due_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    items = items_for(owner, children_board)
    assert [item.title for item in items] == ["Due soon"]
    assert items[0].deadline == soon.due_date


def test_challenges_and_evidence_waiting(make_action, owner, roles, children_board, burnley):
    action = make_action(
        what="Action",
        owner_person=owner,
        localities=[burnley],
        due_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    services.raise_challenge(
        roles["burnley_chair"],
        action,
        question="Why?",
        respond_by=timezone.localdate() + datetime.timedelta(days=5),
    )
    services.add_evidence_link(owner, action, "https://example.org/x", "Minutes")
    lead_items = items_for(roles["police_lead"], children_board)
    assert any("Answer the challenge" in item.title for item in lead_items)
    chair_items = items_for(roles["burnley_chair"], children_board)
    assert any("Review evidence 'Minutes'" in item.title for item in chair_items)
    assert not items_for(roles["preston_chair"], children_board)


def test_the_evidence_item_opens_at_the_piece_of_evidence_it_names(
    client, make_action, owner, roles, burnley
):
    action = make_action(what="Action", owner_person=owner, localities=[burnley])
    services.add_evidence_link(owner, action, "https://example.org/first", "First")
    services.add_evidence_link(owner, action, "https://example.org/second", "Second")
    chair = roles["burnley_chair"]
    item = next(i for i in items_for(chair, None) if "'Second'" in i.title)
    path, anchor = item.href.split("#")
    client.force_login(chair)
    page = client.get(path).content.decode()
    row = page.split(f'id="{anchor}"', 1)[1].split("</tr>", 1)[0]
    assert "https://example.org/second" in row


def test_home_page_renders_items(client, make_action, owner):
    make_action(
        what="Due tomorrow",
        owner_person=owner,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    client.force_login(owner)
    response = client.get("/home/")
    assert "Due tomorrow" in response.text
