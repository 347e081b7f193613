"""One style for dates, times and links (core/formatting.py), on pages and in e-mails."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings

from safeguarding.core.formatting import absolute_url, hub_date, hub_datetime, hub_time
from safeguarding.core.outbox import queue_email
from safeguarding.core.testing.mail import check_reads_well, html_body, received, text_body

SITE = "http://hub.example.org:8123"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.time(9, 30), "9:30am"),
        (datetime.time(13, 0), "1:00pm"),
        (datetime.time(12, 0), "12:00pm"),
        (datetime.time(0, 5), "12:05am"),
        (datetime.time(23, 59), "11:59pm"),
    ],
)
def test_times_read_the_same_everywhere(value, expected):
    assert hub_time(value) == expected


def test_dates_and_datetimes_in_uk_time():
    summer = datetime.datetime(2026, 6, 7, 12, 0, tzinfo=datetime.UTC)  # 1pm in London (BST)
    assert hub_datetime(summer) == "7 June 2026 at 1:00pm"
    assert hub_date(datetime.date(2026, 12, 7)) == "7 December 2026"
    assert hub_date(datetime.date(2026, 12, 7), weekday=True) == "Monday 7 December 2026"
    # Just after midnight in London is already the next day there.
    late = datetime.datetime(2026, 6, 7, 23, 30, tzinfo=datetime.UTC)
    assert hub_date(late) == "8 June 2026"
    assert hub_date(None) == hub_time(None) == hub_datetime(None) == ""


@override_settings(SITE_URL=SITE)
def test_template_filters_are_built_in():
    when = datetime.datetime(2026, 12, 7, 13, 0, tzinfo=ZoneInfo("Europe/London"))
    rendered = Template(
        '{{ when|hub_datetime }}|{{ when|hub_date:"weekday" }}|{{ when|hub_time }}|'
        "{{ path|absolute }}|{% absolute_url 'meetings:newsflash_list' %}"
    ).render(Context({"when": when, "path": "/training/sessions/78/session.ics"}))
    assert rendered.split("|") == [
        "7 December 2026 at 1:00pm",
        "Monday 7 December 2026",
        "1:00pm",
        f"{SITE}/training/sessions/78/session.ics",
        f"{SITE}/meetings/news/",
    ]
    assert absolute_url("meetings/") == f"{SITE}/meetings/"


@pytest.mark.django_db
@override_settings(SITE_URL=SITE)
def test_plain_text_is_not_escaped_and_html_is(mailoutbox):
    queue_email(
        purpose="core.test_notice",
        recipient="reader@example.org",
        object_key="1",
        subject="A notice",
        template="emails/core/notice",
        context={
            "name": "Alan",
            "message": "Alan Sharples's plan <draft> & notes",
            "link": "/actions/",
        },
    )
    (message,) = received()
    text = text_body(message)
    assert "Alan Sharples's plan <draft> & notes" in text
    assert f"{SITE}/actions/" in text
    html = html_body(message)
    assert "Alan Sharples&#x27;s plan &lt;draft&gt; &amp; notes" in html
    assert f'href="{SITE}/actions/"' in html
    assert check_reads_well(message) == []
