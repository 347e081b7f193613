"""The meetings list, a meeting's page and the newsflash list are cached fragments
(core.fragments, docs/adr/0005): a repeat costs a handful of small queries, a change made
through the services shows on the very next request, and nobody sees a copy rendered for an
audience they are not in (a meeting's members, its board's business unit, the public)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.fragments import CSRF_PLACEHOLDER
from safeguarding.meetings import services

LIST = "/meetings/"
NEWS = "/meetings/news/"


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _schedule(business_unit, board, title, *, days=10, members=()):
    return services.schedule_meeting(
        business_unit,
        board=board,
        kind="subgroup",
        title=title,
        date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=datetime.time(14),
        end_time=datetime.time(15),
        venue="Preston",
        members=list(members),
    )[0]


def test_a_repeat_of_the_meetings_list_costs_a_few_small_queries(
    client, business_unit, meeting, django_assert_max_num_queries
):
    client.force_login(business_unit)
    assert "LSCB" in _page(client, LIST)
    # session, person with roles and boards, the audience's check, the data's version
    with django_assert_max_num_queries(4):
        _page(client, LIST)


def test_the_meetings_list_shows_each_change_on_the_next_request(
    client, business_unit, children_board, meeting
):
    client.force_login(business_unit)
    assert "Quarterly Review" not in _page(client, LIST)
    scheduled = _schedule(business_unit, children_board, "Quarterly Review")
    page = _page(client, LIST)
    assert page.count("Quarterly Review") == 2  # coming up, and in the list
    services.update_meeting(business_unit, scheduled, title="Annual Review")
    page = _page(client, LIST)
    assert "Annual Review" in page
    assert "Quarterly Review" not in page
    services.add_item(business_unit, scheduled, title="Budget", purpose="decision")
    services.publish_agenda(business_unit, scheduled)
    assert "Published" in _page(client, LIST, search="Annual")
    services.cancel_meeting(business_unit, scheduled, reason="Not needed")
    assert "This meeting was cancelled" in _page(client, f"/meetings/{scheduled.pk}/")


def test_members_and_non_members_never_share_the_meetings_list(
    client, business_unit, children_board, member, outsider
):
    _schedule(business_unit, children_board, "Members Only Meeting", members=[member])
    client.force_login(member)
    assert "Members Only Meeting" in _page(client, LIST)
    client.force_login(outsider)
    assert "Members Only Meeting" not in _page(client, LIST)
    # ... and the other way round: the outsider's copy never reaches a new member
    _schedule(business_unit, children_board, "Second Meeting", members=[member, outsider])
    assert "Second Meeting" in _page(client, LIST)
    assert "Members Only Meeting" not in _page(client, LIST)
    client.force_login(member)
    assert "Members Only Meeting" in _page(client, LIST)


def test_a_business_unit_member_of_another_boards_meeting_has_a_list_of_their_own(
    client, business_unit, make_person, adults_board, children_board
):
    colleague = make_person("business_unit", board=children_board)
    _schedule(business_unit, children_board, "Childrens Meeting")
    adults_unit = make_person("business_unit", board=adults_board)
    _schedule(adults_unit, adults_board, "Adults Meeting", members=[business_unit])
    client.force_login(colleague)
    page = _page(client, LIST)
    assert "Childrens Meeting" in page
    assert "Adults Meeting" not in page
    client.force_login(business_unit)
    assert "Adults Meeting" in _page(client, LIST)
    client.force_login(colleague)
    assert "Adults Meeting" not in _page(client, LIST)


def test_a_repeat_of_a_meetings_page_costs_a_few_small_queries(
    client, business_unit, member, meeting, item, django_assert_max_num_queries
):
    url = f"/meetings/{meeting.pk}/"
    client.force_login(business_unit)
    assert "Business Plan" in _page(client, url)
    # session, person, the meeting, the data's version
    with django_assert_max_num_queries(4):
        _page(client, url)
    client.force_login(member)
    assert "Business Plan" in _page(client, url)
    with django_assert_max_num_queries(5):  # and who the members are
        _page(client, url)


def test_a_meetings_page_shows_each_change_on_the_next_request(
    client, business_unit, member, meeting, item
):
    url = f"/meetings/{meeting.pk}/"
    for person in (business_unit, member):
        client.force_login(person)
        assert "Not yet published" in _page(client, url)
    services.add_item(business_unit, meeting, title="Neglect Strategy", purpose="discussion")
    services.add_paper(
        business_unit, item, SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n"), title="Draft Plan"
    )
    services.publish_agenda(business_unit, meeting)
    services.update_item(business_unit, item, title="Business Plan 2030", purpose="decision")
    for person in (business_unit, member):
        client.force_login(person)
        page = _page(client, url)
        assert "Published to the members" in page
        assert "Neglect Strategy" in page
        assert "Draft Plan" in page  # restricted: for the members and the business unit
        assert "Business Plan 2030" in page
    services.update_meeting(business_unit, meeting, venue="Blackpool Town Hall")
    assert "Blackpool Town Hall" in _page(client, url)
    services.cancel_meeting(business_unit, meeting, reason="Snow")
    assert "This meeting was cancelled" in _page(client, url)


def test_a_members_copy_of_a_meeting_never_has_the_business_units_buttons(
    client, business_unit, member, outsider, meeting, item
):
    url = f"/meetings/{meeting.pk}/"
    client.force_login(business_unit)
    page = _page(client, url)
    assert "Add an agenda item" in page
    assert "csrfmiddlewaretoken" in page
    assert CSRF_PLACEHOLDER not in page
    client.force_login(member)
    page = _page(client, url)
    assert "Add an agenda item" not in page
    assert "csrfmiddlewaretoken" not in page
    assert "Mo Member" in page  # the members, not the attendance
    client.force_login(outsider)  # not a member: the meeting does not exist for them
    assert client.get(url).status_code == 404


def test_each_business_unit_request_gets_a_working_token_of_its_own(
    client, business_unit, meeting, item
):
    from django.test import Client

    client.force_login(business_unit)
    _page(client, f"/meetings/{meeting.pk}/")  # cached now
    other = Client(enforce_csrf_checks=True)
    other.force_login(business_unit)
    page = _page(other, f"/meetings/{meeting.pk}/")
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = other.post(
        reverse("meetings:publish_agenda", args=[meeting.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "Published to the members" in _page(other, f"/meetings/{meeting.pk}/")


def test_members_see_the_minutes_only_once_circulated(client, business_unit, member, meeting):
    item = services.add_item(
        business_unit, meeting, title="Budget", purpose="decision", decision="Agreed the budget"
    )
    url = f"/meetings/{meeting.pk}/"
    client.force_login(business_unit)
    assert "Agreed the budget" in _page(client, url)
    client.force_login(member)
    assert "Agreed the budget" not in _page(client, url)
    services.circulate_minutes(business_unit, meeting)
    assert "Agreed the budget" in _page(client, url)
    assert item.pk


def test_the_newsflash_list_shows_a_publication_at_once_and_drafts_to_the_unit_only(
    client, business_unit, member, meeting, item, django_assert_max_num_queries
):
    services.update_item(
        business_unit,
        item,
        title=item.title,
        purpose=item.purpose,
        decision="Plan agreed",
        include_in_summary=True,
    )
    newsflash = services.draft_newsflash(business_unit, meeting)
    client.force_login(business_unit)
    assert "Not yet published" in _page(client, NEWS)
    with django_assert_max_num_queries(3):  # session, person, the data's version
        _page(client, NEWS)
    client.force_login(member)
    assert newsflash.title not in _page(client, NEWS)
    client.logout()
    assert newsflash.title not in _page(client, NEWS)
    services.approve_newsflash(business_unit, newsflash)
    services.publish_newsflash(business_unit, newsflash)
    assert newsflash.title in _page(client, NEWS)
    client.force_login(member)
    assert newsflash.title in _page(client, NEWS)
    client.force_login(business_unit)
    assert "Not yet published" not in _page(client, NEWS)


@pytest.mark.parametrize("url", [LIST, NEWS])
def test_the_cached_pages_hold_no_placeholder(client, business_unit, meeting, url):
    client.force_login(business_unit)
    assert CSRF_PLACEHOLDER not in _page(client, url)
