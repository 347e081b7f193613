"""Who sees what: public, non-member, member, business unit; restricted and public papers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeguarding.meetings import services

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def papers(business_unit, item):
    restricted = services.add_paper(
        business_unit, item, SimpleUploadedFile("restricted.pdf", PDF), title="Restricted"
    )
    public = services.add_paper(
        business_unit, item, SimpleUploadedFile("public.pdf", PDF), title="Public", is_public=True
    )
    return restricted, public


@pytest.fixture
def people(business_unit, member, outsider, make_person, adults_board):
    return {
        "public": None,
        "non_member": outsider,
        "other_business_unit": make_person("business_unit", board=adults_board),
        "member": member,
        "business_unit": business_unit,
    }


def _client(person):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


# role: (meeting page, restricted paper, public paper before publishing, after publishing)
EXPECTED = {
    "public": (302, 404, 404, 200),
    "non_member": (404, 404, 404, 200),
    "other_business_unit": (404, 404, 404, 200),
    "member": (200, 200, 200, 200),
    "business_unit": (200, 200, 200, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_meeting_and_paper_visibility(role, people, meeting, papers, business_unit):
    restricted, public = papers
    client = _client(people[role])
    got = [
        client.get(f"/meetings/{meeting.pk}/").status_code,
        client.get(f"/meetings/papers/{restricted.pk}/").status_code,
        client.get(f"/meetings/papers/{public.pk}/").status_code,
    ]
    services.publish_agenda(business_unit, meeting)
    got.append(client.get(f"/meetings/papers/{public.pk}/").status_code)
    assert tuple(got) == EXPECTED[role]
    # Whoever they are, the restricted paper stays hidden from non-members after publishing.
    status = client.get(f"/meetings/papers/{restricted.pk}/").status_code
    assert status == (200 if role in ("member", "business_unit") else 404)


def test_permissions(people, meeting, item):
    member, outsider, bu = people["member"], people["non_member"], people["business_unit"]
    assert member.has_perm("meetings.view_meeting", meeting)
    assert not member.has_perm("meetings.change_meeting", meeting)
    assert not outsider.has_perm("meetings.view_meeting", meeting)
    assert bu.has_perm("meetings.change_meeting", item)
    assert not people["other_business_unit"].has_perm("meetings.change_meeting", meeting)
    # Members read the minutes once circulated; the business unit always.
    assert not member.has_perm("meetings.view_minutes", meeting)
    assert bu.has_perm("meetings.view_minutes", meeting)
    services.circulate_minutes(bu, meeting)
    meeting.refresh_from_db()
    assert member.has_perm("meetings.view_minutes", meeting)
    for person in (member, outsider, bu):
        assert person.has_perm("meetings.view_meetings")


def test_practitioner_has_no_meetings_navigation(practitioner):
    assert not practitioner.has_perm("meetings.view_meetings")


def test_draft_decisions_hidden_from_members(people, meeting, item, business_unit):
    from safeguarding.meetings.selectors import decisions_visible_to

    services.update_item(business_unit, item, decision="The Board agreed the plan.")
    assert list(decisions_visible_to(business_unit)) == [item]
    assert list(decisions_visible_to(people["member"])) == []
    services.circulate_minutes(business_unit, meeting)
    assert list(decisions_visible_to(people["member"])) == [item]
    assert list(decisions_visible_to(people["non_member"])) == []
