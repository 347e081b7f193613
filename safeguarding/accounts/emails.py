"""The e-mails sign-in sends (django-allauth's messages, named by their templates), one
purpose each: the outbox refuses any other."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    ACCOUNT_ALREADY_EXISTS = "accounts.account_already_exists", "Someone signed up again"
    EMAIL_CHANGED = "accounts.email_changed", "The e-mail address changed"
    EMAIL_CONFIRMATION = "accounts.email_confirmation", "Confirm an e-mail address"
    EMAIL_CONFIRMATION_SIGNUP = "accounts.email_confirmation_signup", "Confirm a new account"
    EMAIL_DELETED = "accounts.email_deleted", "An e-mail address removed"
    LOGIN_CODE = "accounts.login_code", "A sign-in code"
    PASSWORD_CHANGED = "accounts.password_changed", "The password changed"
    PASSWORD_RESET = "accounts.password_reset", "The password was reset"
    PASSWORD_RESET_CODE = "accounts.password_reset_code", "A password reset code"
    PASSWORD_RESET_KEY = "accounts.password_reset_key", "A password reset link"
    PASSWORD_SET = "accounts.password_set", "A password set"
    UNKNOWN_ACCOUNT = "accounts.unknown_account", "No account for that address"
    RECOVERY_CODES_GENERATED = "accounts.recovery_codes_generated", "New recovery codes"
    TOTP_ACTIVATED = "accounts.totp_activated", "Two-step sign-in turned on"
    TOTP_DEACTIVATED = "accounts.totp_deactivated", "Two-step sign-in turned off"
    WEBAUTHN_ADDED = "accounts.webauthn_added", "A security key added"
    WEBAUTHN_REMOVED = "accounts.webauthn_removed", "A security key removed"


def purpose_of(template_prefix: str) -> Purpose:
    """The purpose of an allauth message, from its template ("account/email/login_code")."""
    return Purpose(f"accounts.{template_prefix.rsplit('/', 1)[-1]}")
