import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.actionplans.models import Action
from safeguarding.core.outbox import send_pending
from safeguarding.core.testing.pdfs import flowing_text
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem, Attendance, Meeting, Newsflash, Subscriber


@pytest.fixture
def bu_client(client, business_unit):
    client.force_login(business_unit)
    return client


def test_schedule_a_series_through_the_form(bu_client, member, county):
    response = bu_client.post(
        "/meetings/new/",
        {
            "kind": "executive",
            "title": "LSCB Executive",
            "date": "27/04/2030",
            "start_time": "2pm",
            "end_time": "4:00pm",
            "venue": "County Hall",
            "add_people": [member.pk],
            "repeat_weeks": "4",
            "until": "20/07/2030",
        },
    )
    assert response.status_code == 302
    meetings = Meeting.objects.order_by("date")
    assert meetings.count() == 4
    assert meetings[0].start_time == datetime.time(14)
    assert list(meetings[0].members.all()) == [member]


def test_form_errors_name_the_field(bu_client, county):
    response = bu_client.post(
        "/meetings/new/",
        {"kind": "cpb", "title": "", "date": "31/02/2030", "start_time": "noon"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter the meeting&#x27;s title" in text or "Enter the meeting's title" in text
    assert "Enter the date as a real date" in text
    assert "Enter the start time like 10:00 or 2:30pm" in text
    assert not Meeting.objects.exists()


def test_build_record_and_publish_through_pages(
    bu_client, business_unit, meeting, member, police, children_board, county
):
    detail = f"/meetings/{meeting.pk}/"
    assert (
        bu_client.post(
            f"{detail}items/new/",
            {
                "title": "Business Plan",
                "purpose": "decision",
                "presenter": "Business Manager",
                "minutes_allowed": "15",
                "include_in_summary": "on",
            },
        ).status_code
        == 302
    )
    item = AgendaItem.objects.get()
    assert (
        bu_client.post(
            f"/meetings/items/{item.pk}/papers/new/",
            {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n"), "title": "Draft plan"},
        ).status_code
        == 302
    )
    bad = bu_client.post(
        f"/meetings/items/{item.pk}/papers/new/",
        {"file": SimpleUploadedFile("plan.exe", b"MZ")},
    )
    assert "plan.exe, must be a PDF" in bad.content.decode()
    assert bu_client.post(f"{detail}publish-agenda/").status_code == 302
    send_pending()
    assert mail.outbox[-1].to == [member.email]
    assert (
        bu_client.post(
            f"{detail}attendance/",
            {f"status_{member.pk}": "apologies", f"substitute_{member.pk}": "", "quorate": "yes"},
        ).status_code
        == 302
    )
    assert Attendance.objects.get().status == "apologies"
    assert (
        bu_client.post(
            f"/meetings/items/{item.pk}/edit/",
            {
                "title": "Business Plan",
                "purpose": "decision",
                "include_in_summary": "on",
                "discussion": "Priorities discussed.",
                "decision": "The LSCB agreed a new Business Plan for 2030/31.",
            },
        ).status_code
        == 302
    )
    assert (
        bu_client.post(
            f"{detail}actions/new/",
            {
                "item": item.pk,
                "what": "Publish the plan",
                "owner_agency": police.pk,
                "owner_person": member.pk,
                "due_date": "30/06/2030",
            },
        ).status_code
        == 302
    )
    assert Action.objects.get().owner_person == member
    assert (
        bu_client.post(
            f"{detail}declarations/new/", {"person": member.pk, "interest": "Trustee"}
        ).status_code
        == 302
    )
    page = bu_client.get(detail).content.decode()
    assert "The LSCB agreed a new Business Plan" in page
    assert "Publish the plan" in page

    response = bu_client.post(f"{detail}newsflash/")
    newsflash = Newsflash.objects.get()
    assert response["Location"] == f"/meetings/news/{newsflash.pk}/edit/"
    preview = bu_client.post(
        f"/meetings/news/{newsflash.pk}/edit/",
        {
            "title": newsflash.title,
            "body": newsflash.body + "\n<script>alert(1)</script>",
            "preview": "1",
        },
    ).content.decode()
    assert "<h2>Business Plan</h2>" in preview
    assert "<script>alert" not in preview
    assert (
        bu_client.post(
            f"/meetings/news/{newsflash.pk}/edit/",
            {"title": newsflash.title, "body": newsflash.body + "\nMore to follow.", "save": "1"},
        ).status_code
        == 302
    )
    assert bu_client.post(f"/meetings/news/{newsflash.pk}/approve/").status_code == 302
    assert bu_client.post(f"/meetings/news/{newsflash.pk}/publish/").status_code == 302
    newsflash.refresh_from_db()
    assert newsflash.is_published


@pytest.fixture
def published(business_unit, meeting, item):
    services.update_item(business_unit, item, decision="The Board agreed the plan.")
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    return services.publish_newsflash(business_unit, newsflash)


def test_public_pages_need_no_sign_in(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        listing = client.get("/meetings/news/")
    assert listing.status_code == 200
    assert published.title in listing.content.decode()
    page = client.get(f"/meetings/news/{published.pk}/")
    assert "The Board agreed the plan." in page.content.decode()
    assert page["Cache-Control"].startswith("public")
    feed = client.get("/meetings/news/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert published.title in feed.content.decode()
    pdf = client.get(f"/meetings/news/{published.pk}/newsflash.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_newsflash_pdf_shows_its_published_date_and_names_as_written(
    client, business_unit, meeting, item
):
    services.update_item(
        business_unit, item, decision="Siobhán O’Neill, Łukasz Wiśniewski and Nguyễn Thị Minh join."
    )
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    newsflash = services.publish_newsflash(business_unit, newsflash)
    text = flowing_text(client.get(f"/meetings/news/{newsflash.pk}/newsflash.pdf").content)
    published = timezone.localdate(newsflash.published_at)
    assert f"{newsflash.title} Published {published:%-d %B %Y}" in text
    assert "Business Plan Siobhán O’Neill, Łukasz Wiśniewski and Nguyễn Thị Minh join." in text


def test_drafts_are_not_public(client, business_unit, meeting, item):
    draft = services.draft_newsflash(business_unit, meeting)
    assert client.get(f"/meetings/news/{draft.pk}/").status_code == 404
    assert client.get(f"/meetings/news/{draft.pk}/newsflash.pdf").status_code == 404
    assert draft.title not in client.get("/meetings/news/feed.atom").content.decode()


def test_subscribe_confirm_and_unsubscribe_pages(client, children_board):
    response = client.post(
        "/meetings/news/subscribe/", {"email": "reader@example.org", "board": children_board.pk}
    )
    assert "Check your e-mail" in response.content.decode()
    send_pending()
    link = re.search(r"/meetings/news/subscribe/(\S+)/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None  # a GET (a link scanner) confirms nothing
    client.post(link)
    subscriber = Subscriber.objects.get()
    assert subscriber.is_active
    client.post(f"/meetings/news/unsubscribe/{subscriber.token}/")
    subscriber.refresh_from_db()
    assert not subscriber.is_active
    bad = client.post("/meetings/news/subscribe/", {"email": "nope", "board": children_board.pk})
    assert "Enter an e-mail address in the right format" in bad.content.decode()


def test_calendar_downloads(client, member, meeting, children_board):
    client.force_login(member)
    ics = client.get(f"/meetings/{meeting.pk}/meeting.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "SUMMARY:LSCB" in body
    assert "County Hall" in body
    feed = client.get(f"/meetings/calendar/{children_board.slug}/board.ics").content.decode()
    assert "SUMMARY:LSCB" in feed
    assert client.get(f"/meetings/calendar/{children_board.slug}/nonsense.ics").status_code == 404


def test_search_respects_scope(client, business_unit, member, outsider, meeting, item, published):
    client.force_login(business_unit)
    page = client.get("/meetings/search/", {"q": "agreed plan"}).content.decode()
    assert "Business Plan" in page
    assert published.title in page
    client.force_login(outsider)
    page = client.get("/meetings/search/", {"q": "Business Plan"}).content.decode()
    assert f"/meetings/{meeting.pk}/#item" not in page


def test_member_home_page_lists_coming_meeting(member, business_unit, children_board):
    from django.utils import timezone

    from safeguarding.meetings.home import my_meetings

    soon = services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="board",
        title="LSCB soon",
        date=timezone.localdate() + datetime.timedelta(days=3),
        start_time=datetime.time(10),
        venue="County Hall",
        members=[member],
    )[0]
    titles = [entry.title for entry in my_meetings(member, children_board)]
    assert str(soon) in titles


def test_meeting_list_and_detail_render(
    client, member, meeting, item, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(15):
        listing = client.get("/meetings/")
    assert "LSCB" in listing.content.decode()
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Business Plan" in detail
    assert "Add an agenda item" not in detail


def test_meeting_list_filters_and_downloads(bu_client, meeting, business_unit, children_board):
    services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="executive",
        title="LSCB Executive",
        date=datetime.date(2030, 4, 27),
        start_time=datetime.time(14),
        venue="Room 503",
    )
    page = bu_client.get("/meetings/", {"kind": "executive"}).content.decode()
    assert "LSCB Executive" in page
    assert f'href="/meetings/{meeting.pk}/"' not in page.split("All meetings", 1)[1]
    csv = bu_client.get("/meetings/", {"download": "csv", "search": "Room 503"})
    text = b"".join(csv.streaming_content).decode()
    assert "LSCB Executive" in text
    assert "2030" in text
    assert "County Hall" not in text


@pytest.mark.postgres
def test_full_text_search_on_postgresql(client, business_unit, meeting):
    services.add_item(
        business_unit,
        meeting,
        title="Practice inspection",
        purpose="information",
        decision="The Board agreed the inspection programme.",
    )
    client.force_login(business_unit)
    page = client.get("/meetings/search/", {"q": "inspections programmes"}).content.decode()
    assert "Practice inspection" in page


def test_remove_buttons(bu_client, business_unit, meeting, item):
    paper = services.add_paper(
        business_unit, item, SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n"), title="Plan"
    )
    page = bu_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'Remove<span class="govuk-visually-hidden"> the paper Plan' in page
    assert bu_client.post(f"/meetings/papers/{paper.pk}/remove/").status_code == 302
    assert bu_client.post(f"/meetings/items/{item.pk}/remove/").status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_meeting_named_after_its_board_does_not_say_the_name_twice(client, business_unit, county):
    """The list said "LSCB LSCB" for a board meeting titled with the board's short name."""
    board = county["children"]
    services.schedule_meeting(
        business_unit,
        board=board,
        kind="board",
        title=board.short_name,
        date=timezone.localdate() + datetime.timedelta(days=14),
        start_time=datetime.time(10),
        venue="County Hall",
    )
    client.force_login(business_unit)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/meetings/").content.decode()))
    assert f"{board.short_name} {board.short_name}" not in page
