from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguarding.core"
    label = "core"
    verbose_name = "Core: audit, outbox, tasks"

    def ready(self) -> None:
        # Register the sweeps and the checks that live in this app.
        from . import checks, sweeps  # noqa: F401
        from .audit import register_target_url
        from .audit_verbs import AUDIT_VERBS
        from .registry import register_audit_verbs, register_navigation

        register_target_url("organisations.person", "organisations:person_detail")
        register_navigation("Home", "home", None, order=0)
        register_navigation("Audit trail", "core:audit_list", "core.view_audit", order=90)
        register_navigation("Admin", "admin:index", "core.use_admin_site", order=95)
        register_audit_verbs("core", AUDIT_VERBS)
