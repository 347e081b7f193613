from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding.accounts"
    label = "accounts"
    verbose_name = "Sign-in and accounts"

    def ready(self) -> None:
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_email_purposes,
            register_public_navigation,
        )

        from . import home, signals  # noqa: F401
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose

        register_public_navigation("Sign in", "account_login", order=90)
        register_email_purposes("accounts", Purpose)
        register_audit_verbs("accounts", AUDIT_VERBS)
