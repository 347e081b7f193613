"""System checks: settings that must agree with each other, and what the host must provide."""

from django.conf import settings
from django.core.checks import Warning, register
from django.core.exceptions import ImproperlyConfigured

from .documents import FONT_PACKAGE, font_paths


@register()
def email_timeout_inside_sending_timeout(app_configs, **kwargs):
    """A live worker must give up on the mail server long before its message counts as
    abandoned, or the sweep could give the message to a second worker while the first sends."""
    limit = settings.HUB_OUTBOX_SENDING_TIMEOUT.total_seconds() / 2
    timeout = settings.EMAIL_TIMEOUT
    if timeout is None or timeout > limit:
        return [
            Warning(
                f"EMAIL_TIMEOUT ({timeout}) should be at most half of "
                f"HUB_OUTBOX_SENDING_TIMEOUT ({limit * 2:g} s).",
                hint="Lower EMAIL_TIMEOUT or raise HUB_OUTBOX_SENDING_TIMEOUT_SECONDS.",
                id="hub.W001",
            )
        ]
    return []


@register()
def pdf_font_installed(app_configs, **kwargs):
    """Every PDF embeds DejaVu Sans from a Debian package: say so at start-up, not only when
    someone first downloads a report."""
    try:
        font_paths()
    except ImproperlyConfigured as missing:
        return [
            Warning(
                str(missing),
                hint=f"apt-get install {FONT_PACKAGE} (script/setup does this).",
                id="hub.W101",
            )
        ]
    return []
