from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safeguarding.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them
        from .models import Application, Course, Session

        # The catalogue and session pages are cached fragments (core.fragments): any change
        # to a course, a session or an application (places left) renders them afresh.
        fragments.track("training", Course, Session, Application)

        register_target_url("training.application", "training:application_detail")
        register_target_url("training.session", "training:session_detail")
        register_target_url("training.course", "training:course_detail")
