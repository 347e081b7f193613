"""Session limits and the MFA requirement for staff."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from safeguarding.organisations.rules import is_administrator, is_business_unit

SESSION_STARTED = "hub_started"
SESSION_LAST_SEEN = "hub_last_seen"
# The idle clock is moved on at most once a minute: writing the session on every request
# would make every page view a database write.
LAST_SEEN_GRANULARITY = 60


def start_session_clock(session) -> None:
    """Called at sign-in: the 12 hours and the 30 idle minutes count from now."""
    now = time.time()
    session[SESSION_STARTED] = now
    session[SESSION_LAST_SEEN] = now


class SessionLimitsMiddleware:
    """Ends a session after 30 minutes without a request, and 12 hours after sign-in
    whatever happens (quality bar 7)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - last_seen > idle or now - started > absolute:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_GRANULARITY or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def mfa_required_for(user) -> bool:
    return settings.MFA_REQUIRED and (is_business_unit(user) or is_administrator(user))


class RequireMfaMiddleware:
    """When MFA_REQUIRED is on, business-unit staff and administrators who have not enrolled
    an authenticator can only reach the enrolment pages (and sign out)."""

    ALLOWED_PREFIXES = (
        "/accounts/2fa/",
        "/accounts/logout/",
        "/accounts/reauthenticate/",
        "/static/",
        "/healthz",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and mfa_required_for(user)
            and not user_has_totp(user)
        ):
            messages.info(
                request,
                "Your role needs two-step verification: set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
