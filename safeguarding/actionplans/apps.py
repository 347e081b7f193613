from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "safeguarding.actionplans"
    label = "actionplans"
    verbose_name = "Action plans, evidence and challenge"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_demo_summary,
            register_email_purposes,
            register_navigation,
        )
        from safeguarding.organisations.apps import DEMO_COUNTY

        from . import home, sweeps  # noqa: F401 - registers the providers and sweeps
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose

        register_target_url("actionplans.actionplan", "actionplans:plan_detail")
        register_target_url("actionplans.action", "actionplans:action_detail")
        register_target_url("actionplans.challenge", "actionplans:challenge_detail")
        register_navigation(
            "Actions", "actionplans:plan_list", "actionplans.use_action_plans", order=40
        )
        register_demo_loader(DEMO_ACTION_PLANS, after=DEMO_COUNTY)
        register_demo_summary("safeguarding.actionplans.demo.demo_summary")
        register_email_purposes("actionplans", Purpose)
        register_audit_verbs("actionplans", AUDIT_VERBS)


DEMO_ACTION_PLANS = "safeguarding.actionplans.demo.load_demo_action_plans"
