"""System checks for settings that must agree with each other."""

from django.conf import settings
from django.core.checks import Warning, register


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
