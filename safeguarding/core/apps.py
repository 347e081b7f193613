from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguarding.core"
    label = "core"
    verbose_name = "Core: audit, outbox, tasks"

    def ready(self) -> None:
        # Register the sweeps and the checks that live in this app.
        from . import checks, sweeps  # noqa: F401
        from .audit import register_target_url

        register_target_url("organisations.person", "organisations:person_detail")
