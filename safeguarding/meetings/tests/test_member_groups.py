"""Members by group: the standing membership by default, a board's, a CPB's or an agency's
people in one tick, and people one by one for the rest; the same keys in the API."""

import pytest
from django.core.exceptions import ValidationError

from safeguarding.meetings import services
from safeguarding.meetings.models import Meeting
from safeguarding.meetings.selectors import member_groups
from safeguarding.organisations.models import RoleAssignment
from safeguarding.organisations.tests.factories import AgencyFactory

FORM = {
    "title": "Meeting",
    "date": "27/04/2030",
    "start_time": "10am",
    "venue": "County Hall",
}


def _ticked(page: str, value: str) -> bool:
    box = page[page.index(f'value="{value}"') :]
    return " checked" in box[: box.index(">")]


@pytest.fixture
def bu_client(client, business_unit):
    client.force_login(business_unit)
    return client


@pytest.fixture
def cpb_people(make_person, burnley):
    return [
        make_person("cpb_chair", area=burnley, full_name="Cara Chair"),
        make_person("cpb_member", area=burnley, full_name="Cam Member"),
    ]


def test_a_board_meeting_invites_the_standing_membership_unless_unticked(
    bu_client, member, outsider, cpb_people
):
    page = bu_client.get("/meetings/new/").content.decode()
    assert _ticked(page, "standing")
    assert "LSCB board members (2 people)" in page
    assert "Burnley and Pendle CPB chair and members (2 people)" in page
    bu_client.post("/meetings/new/", {**FORM, "kind": "board", "groups": ["standing"]})
    meeting = Meeting.objects.get()
    assert set(meeting.members.all()) == {member, outsider}


def test_a_cpb_meeting_invites_its_chair_and_members(bu_client, member, cpb_people, burnley):
    bu_client.post(
        "/meetings/new/",
        {**FORM, "kind": "cpb", "area": burnley.pk, "groups": ["standing"]},
    )
    assert set(Meeting.objects.get().members.all()) == set(cpb_people)


def test_groups_agencies_and_people_add_up_once_each(
    bu_client, member, outsider, police, make_person, children_board
):
    lead = make_person("agency_lead", lead_of=police, agency=police, full_name="Lee Lead")
    single = make_person("board_member", board=children_board, full_name="Sol Single")
    bu_client.post(
        "/meetings/new/",
        {
            **FORM,
            "kind": "subgroup",
            "agencies": [f"agency:{police.pk}"],
            "add_people": [member.pk, single.pk],
        },
    )
    assert set(Meeting.objects.get().members.all()) == {member, outsider, lead, single}


def test_changing_a_meeting_keeps_removes_and_adds(bu_client, meeting, member, outsider, police):
    page = bu_client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert not _ticked(page, "standing")  # nothing is added unless asked
    form = {
        **FORM,
        "kind": "board",
        "date": "20/03/2030",
        "version": meeting.version,
        "members": [],  # Mo has left
        "add_people": [outsider.pk],
    }
    response = bu_client.post(f"/meetings/{meeting.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()
    assert list(meeting.members.all()) == [outsider]
    meeting.refresh_from_db()
    form = {**form, "version": meeting.version, "members": [outsider.pk], "add_people": []}
    form["agencies"] = [f"agency:{police.pk}"]
    bu_client.post(f"/meetings/{meeting.pk}/edit/", form)
    assert set(meeting.members.all()) == {member, outsider}


def test_an_unknown_group_is_refused_and_nothing_changes(business_unit, meeting, member):
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(business_unit, meeting, groups=["board:x", "club:1"])
    assert refused.value.message_dict["groups"] == [
        "“board:x” is not a group of members",
        "“club:1” is not a group of members",
    ]
    assert list(meeting.members.all()) == [member]


def test_the_api_takes_group_keys_and_lists_them(
    client, business_unit, member, outsider, children_board, police
):
    client.force_login(business_unit)
    groups = client.get("/api/meetings/member-groups/").json()
    board_group = next(group for group in groups if group["key"] == f"board:{children_board.pk}")
    assert board_group == {
        "key": f"board:{children_board.pk}",
        "label": "LSCB board members",
        "size": 2,
    }
    body = {
        "board": children_board.pk,
        "kind": "board",
        "title": "LSCB",
        "date": "2030-04-27",
        "start_time": "10:00",
        "venue": "County Hall",
    }
    response = client.post(
        "/api/meetings/", {**body, "groups": ["standing"]}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert set(response.json()["members"]) == {member.pk, outsider.pk}
    response = client.post(
        "/api/meetings/", {**body, "groups": ["everyone"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "groups", "message": "“everyone” is not a group of members", "code": "invalid"}
    ]


def test_only_the_business_unit_lists_the_groups(client, member):
    client.force_login(member)
    assert client.get("/api/meetings/member-groups/").status_code == 403


def test_a_person_who_left_the_board_is_not_in_its_group(business_unit, member, outsider):
    RoleAssignment.objects.filter(person=outsider).delete()
    AgencyFactory(name="An agency without representatives")
    boards_and_cpbs, agencies = member_groups()
    sizes = {group.label: group.size for group in boards_and_cpbs}
    assert sizes["LSCB board members"] == 1
    assert [group.label for group in agencies] == ["Lancashire Constabulary"]
