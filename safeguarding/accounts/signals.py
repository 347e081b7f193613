"""Sign-in events reach the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from safeguarding.core.audit import record_change


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record_change(user, "signed in", user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_change(user, "signed out", user)
