"""Sign-in events reach the audit trail; sign-in starts the session clock."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguarding.core.audit import record_change

from .lockout import client_address, username_from_request
from .middleware import start_session_clock


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session)
    record_change(user, "signed in", user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_change(user, "signed out", user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    """A failed attempt on a known account is recorded against it (no password, ever)."""
    from safeguarding.organisations.models import Person

    if request is None:
        return
    email = username_from_request(request, credentials)
    person = Person.objects.filter(email__iexact=email).first() if email else None
    if person is not None:
        record_change(None, "sign-in failed", person, {"ip": client_address(request)})
