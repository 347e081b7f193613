"""The hub's date, time and link formatting for templates; a builtin, so no {% load %} needed.
The style itself lives in safeguarding/core/formatting.py."""

from django import template

from safeguarding.core import formatting

register = template.Library()


@register.filter
def hub_date(value, style=""):
    """{{ day|hub_date }} -> 7 December 2026; {{ day|hub_date:"weekday" }} adds "Monday"."""
    return formatting.hub_date(value, weekday=style == "weekday")


@register.filter
def hub_time(value):
    return formatting.hub_time(value)


@register.filter
def hub_datetime(value, style=""):
    return formatting.hub_datetime(value, weekday=style == "weekday")


@register.filter
def absolute(path):
    """{{ path|absolute }}: the full address, from SITE_URL (for e-mails)."""
    return formatting.absolute_url(str(path)) if path else ""


@register.simple_tag
def absolute_url(name, *args):
    """{% absolute_url 'app:view' pk %}: like {% url %}, with SITE_URL in front."""
    return formatting.absolute_reverse(name, *args)


@register.filter
def can_become(record, status):
    """`{% if challenge|can_become:"closed" %}`: whether the record's declared moves
    (core.transitions) allow that status from the one it holds."""
    return type(record).moves.can_become(record, status)
