from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safeguarding.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them

        register_target_url("training.application", "training:application_detail")
        register_target_url("training.session", "training:session_detail")
        register_target_url("training.course", "training:course_detail")
