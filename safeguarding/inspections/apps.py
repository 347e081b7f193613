from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "safeguarding.inspections"
    label = "inspections"
    verbose_name = "Multi-agency practice inspections"

    def ready(self) -> None:
        from safeguarding.actionplans.apps import DEMO_ACTION_PLANS
        from safeguarding.actionplans.models import Action
        from safeguarding.core import fragments
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_email_purposes,
            register_navigation,
        )

        from . import data_protection, home, rules, sweeps  # noqa: F401 - registers them
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import (
            AuditTemplate,
            CaseAudit,
            CaseRecord,
            Engagement,
            Finding,
            Inspection,
            TeamMember,
            Theme,
            ThemeGrade,
        )

        register_target_url("inspections.inspection", "inspections:inspection_detail")
        register_target_url("inspections.caseaudit", "inspections:audit_detail")
        register_navigation(
            "Inspections", "inspections:programme", "inspections.view_inspections", order=80
        )
        # Its demo inspection's findings go into the demo action plan.
        register_demo_loader("safeguarding.inspections.demo.load_demo", after=DEMO_ACTION_PLANS)
        register_email_purposes("inspections", Purpose)
        register_audit_verbs("inspections", AUDIT_VERBS)

        # The programme, the reports and the trends are cached fragments (core.fragments):
        # any change to what they show renders them afresh. A finding's action shows its due
        # date; localities and agencies name the rows (the timeout bounds a renamed one).
        fragments.track(
            "inspections",
            Inspection,
            AuditTemplate,
            Theme,
            CaseAudit,
            ThemeGrade,
            Engagement,
            Finding,
            Action,
            TeamMember,
            CaseRecord,
        )
        fragments.track_people("inspections")  # reviewers and agencies by name
