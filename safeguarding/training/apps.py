from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safeguarding.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_email_purposes,
            register_navigation,
            register_public_navigation,
        )
        from safeguarding.organisations.apps import DEMO_COUNTY

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import Application, Course, Session

        # The catalogue and session pages are cached fragments (core.fragments): any change
        # to a course, a session or an application (places left) renders them afresh.
        fragments.track("training", Course, Session, Application)

        register_target_url("training.application", "training:application_detail")
        register_target_url("training.session", "training:session_detail")
        register_target_url("training.course", "training:course_detail")
        register_navigation("Training", "training:dashboard", "training.use_training", order=60)
        register_navigation(
            "Sessions I train", "training:my_sessions", "training.train_sessions", order=70
        )
        register_public_navigation("Training courses", "training:catalogue", order=20)
        register_demo_loader("safeguarding.training.demo.load_demo", after=DEMO_COUNTY)
        register_email_purposes("training", Purpose)
        register_audit_verbs("training", AUDIT_VERBS)
