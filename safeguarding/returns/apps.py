from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguarding.returns"
    label = "returns"
    verbose_name = "Requests to agencies"

    def ready(self) -> None:
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_email_purposes,
            register_navigation,
        )

        from . import home, rules, sweeps  # noqa: F401 - registers the providers and sweeps
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import Answer, Evidence, ModeratedScore, Request, Return

        register_target_url("returns.request", "returns:request_detail")
        register_target_url("returns.return", "returns:return_detail")
        register_navigation("Returns", "returns:home", "returns.use_returns", order=85)
        register_demo_loader(DEMO_RETURNS, after=DEMO_AFTER)
        register_email_purposes("returns", Purpose)
        register_audit_verbs("returns", AUDIT_VERBS)
        # The home page's items read returns: any change to one renders them afresh.
        fragments.track("returns", Request, Return, Answer, ModeratedScore, Evidence)


DEMO_RETURNS = "safeguarding.returns.demo.load_demo_returns"
DEMO_AFTER = "safeguarding.inspections.demo.load_demo"
