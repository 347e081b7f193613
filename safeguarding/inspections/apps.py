from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "safeguarding.inspections"
    label = "inspections"
    verbose_name = "Multi-agency practice inspections"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them

        register_target_url("inspections.inspection", "inspections:inspection_detail")
        register_target_url("inspections.caseaudit", "inspections:audit_detail")
