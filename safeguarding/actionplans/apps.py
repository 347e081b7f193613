from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "safeguarding.actionplans"
    label = "actionplans"
    verbose_name = "Action plans, evidence and challenge"

    def ready(self) -> None:
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_demo_summary,
            register_email_purposes,
            register_navigation,
        )
        from safeguarding.organisations.apps import DEMO_COUNTY
        from safeguarding.organisations.models import Area, Board

        from . import home, sweeps  # noqa: F401 - registers the providers and sweeps
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import Action, ActionPlan, Challenge, Evidence, ProgressUpdate

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
        # The plan list, the action lists, the challenge log and a plan's progress report are
        # cached fragments per audience (core.listing, core.fragments): any change to a plan,
        # an action (its localities and a plan's sharing are many-to-many links), an update,
        # evidence or a challenge renders them afresh, as does renaming the agencies, areas
        # and boards their rows name. Who is who (roles) is in the audience, not the data.
        fragments.track(
            "actionplans",
            ActionPlan,
            Action,
            ProgressUpdate,
            Evidence,
            Challenge,
            Area,
            Board,
        )
        fragments.track_people("actionplans")  # owners, chairs and agencies by name


DEMO_ACTION_PLANS = "safeguarding.actionplans.demo.load_demo_action_plans"
