"""The meetings' e-mails as subscribers and members receive them."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings

from safeguarding.core.testing.mail import check_reads_well, html_body, received, text_body
from safeguarding.meetings import services
from safeguarding.meetings.models import Subscriber

SITE = "http://hub.example.org:8123"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mailoutbox")]


def _subscribers(board, *emails):
    for address in emails:
        services.confirm_subscription(services.subscribe(board, address).token)


@override_settings(SITE_URL=SITE)
def test_newsflash_carries_a_working_one_click_unsubscribe_for_each_subscriber(
    business_unit, children_board, meeting, item, mailoutbox
):
    _subscribers(children_board, "one@example.org", "two@example.org")
    received()
    mailoutbox.clear()
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    services.publish_newsflash(business_unit, newsflash, today=datetime.date(2030, 3, 21))

    messages = {message["To"]: message for message in received()}
    assert set(messages) == {"one@example.org", "two@example.org"}
    one = messages["one@example.org"]
    assert check_reads_well(one) == []
    assert one["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = one["List-Unsubscribe"].strip().strip("<>")  # folded if long
    subscriber = Subscriber.objects.get(email="one@example.org")
    assert unsubscribe_url == f"{SITE}/meetings/news/unsubscribe/{subscriber.token}/"
    assert messages["two@example.org"]["List-Unsubscribe"] != one["List-Unsubscribe"]
    assert unsubscribe_url in text_body(one)
    assert f'href="{unsubscribe_url}"' in html_body(one)

    # What a mail client's "Unsubscribe" button does (RFC 8058): no sign-in, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    path = urlsplit(unsubscribe_url).path
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.is_active
    assert Subscriber.objects.get(email="two@example.org").is_active


def test_the_unsubscribe_link_opens_a_page_whose_button_unsubscribes(children_board):
    _subscribers(children_board, "reader@example.org")
    subscriber = Subscriber.objects.get()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/meetings/news/unsubscribe/{subscriber.token}/")
    assert "Stop sending the" in page.text
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    browser.post(f"/meetings/news/unsubscribe/{subscriber.token}/", {"csrfmiddlewaretoken": token})
    subscriber.refresh_from_db()
    assert not subscriber.is_active


@override_settings(SITE_URL=SITE)
def test_agenda_e_mail_links_are_absolute_and_times_in_the_hub_style(
    business_unit, meeting, item, member
):
    meeting.start_time = datetime.time(13, 30)
    meeting.save()
    services.publish_agenda(business_unit, meeting)
    (message,) = received()
    text = text_body(message)
    assert check_reads_well(message) == []
    assert "on Wednesday 20 March 2030 at 1:30pm has been published" in text
    assert f"Add it to your calendar: {SITE}/meetings/{meeting.pk}/meeting.ics" in text


@override_settings(SITE_URL=SITE)
def test_confirm_subscription_and_draft_minutes_e_mails_read_well(
    business_unit, children_board, meeting, item, member
):
    services.subscribe(children_board, "o'neill@example.org")
    services.circulate_minutes(business_unit, meeting)
    messages = received()
    assert len(messages) == 2
    for message in messages:
        assert check_reads_well(message) == []
    confirm, minutes = sorted(messages, key=lambda m: m["To"] == member.email)
    assert f"{SITE}/meetings/news/subscribe/" in text_body(confirm)
    assert "on 20 March 2030 are ready" in text_body(minutes)
