"""How the hub writes dates, times and links wherever people read them: pages, e-mails, PDFs.

One style (docs/architecture.md): "7 December 2026", "Monday 7 December 2026", "9:30am",
"1:00pm", and "7 December 2026 at 1:00pm". Templates use the `hub_date`, `hub_time`,
`hub_datetime` and `absolute` filters and the `absolute_url` tag (core/templatetags/hub.py,
loaded in every template); services that build text call these functions.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone


def hub_date(value: date | datetime | None, weekday: bool = False) -> str:
    """ "7 December 2026", or "Monday 7 December 2026" with `weekday`."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def hub_time(value: time | datetime | None) -> str:
    """ "9:30am", "1:00pm": minutes always shown, lower-case am/pm, no space."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value).time()
    return f"{value.hour % 12 or 12}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def hub_datetime(value: datetime | None, weekday: bool = False) -> str:
    """ "7 December 2026 at 1:00pm" (in the hub's time zone)."""
    if value is None or value == "":
        return ""
    return f"{hub_date(value, weekday)} at {hub_time(value)}"


def absolute_url(path: str) -> str:
    """The full address of a path in the hub, from SITE_URL: what every e-mailed link uses,
    as a mail client has no page to resolve a relative link against."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def absolute_reverse(name: str, *args) -> str:
    return absolute_url(reverse(name, args=args))


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value
