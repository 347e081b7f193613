from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding.accounts"
    label = "accounts"
    verbose_name = "Sign-in and accounts"

    def ready(self) -> None:
        from . import home, signals  # noqa: F401
