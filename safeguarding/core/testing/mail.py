"""E-mails as a mail client receives them: the outbox sends, and each message in
django.core.mail.outbox is turned into bytes and parsed back with the email package."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from django.conf import settings
from django.core import mail

from safeguarding.core.outbox import send_pending

URL = re.compile(r"https?://[^\s<>\"')]+")
# A path on its own, e.g. "calendar: /training/sessions/78/session.ics" or href="/meetings/...".
RELATIVE_LINK = re.compile(r"(?:^|[\s\"'(])(/[a-z][\w\-./]*)", re.M)
ENTITY = re.compile(r"&(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);")
# Any way of writing a time other than the hub's "9:30am"/"1:00pm": 24-hour, a.m., AM, "1 pm".
OTHER_TIME_STYLE = re.compile(
    r"\b\d{1,2}:\d{2}(?!am\b|pm\b)|\b[ap]\.m\.|\d\s?(AM|PM)\b|\d (am|pm)\b"
)


def received() -> list[EmailMessage]:
    """Send what the outbox holds and return every message delivered, parsed as received."""
    send_pending()
    return [
        email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
        for message in mail.outbox
    ]


def text_body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def check_reads_well(message: EmailMessage, external: tuple[str, ...] = ()) -> list[str]:
    """What a reader would trip over in a received message: links that are not absolute or do
    not point at SITE_URL (other than the `external` ones, such as an online meeting's),
    HTML entities in the plain text, times in another style."""
    problems = []
    text, html = text_body(message), html_body(message)
    for body in (text, html):
        for url in URL.findall(body):
            if not url.startswith(settings.SITE_URL + "/") and url not in external:
                problems.append(f"a link not at SITE_URL: {url}")
    for path in RELATIVE_LINK.findall(text) + re.findall(r'href="(/[^"]*)"', html):
        problems.append(f"a relative link: {path}")
    problems += [f"an HTML entity in the text: {entity}" for entity in ENTITY.findall(text)]
    problems += [
        f"a time in another style: {match.group(0)!r}"
        for match in OTHER_TIME_STYLE.finditer(text + message["Subject"])
    ]
    return problems
