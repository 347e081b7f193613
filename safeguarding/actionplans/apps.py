from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "safeguarding.actionplans"
    label = "actionplans"
    verbose_name = "Action plans, evidence and challenge"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url

        from . import home, sweeps  # noqa: F401 - registers the providers and sweeps

        register_target_url("actionplans.actionplan", "actionplans:plan_detail")
        register_target_url("actionplans.action", "actionplans:action_detail")
        register_target_url("actionplans.challenge", "actionplans:challenge_detail")
