from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safeguarding.meetings"
    label = "meetings"
    verbose_name = "Meetings, decisions and the newsflash"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url
        from safeguarding.core.registry import (
            register_audit_verbs,
            register_demo_loader,
            register_email_purposes,
            register_navigation,
            register_public_navigation,
        )
        from safeguarding.organisations.apps import DEMO_COUNTY

        from . import data_protection, home, sweeps  # noqa: F401 - registers them
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose

        register_target_url("meetings.meeting", "meetings:meeting_detail")
        register_target_url("meetings.newsflash", "meetings:newsflash_detail")
        register_navigation("Meetings", "meetings:meeting_list", "meetings.view_meetings", order=50)
        register_public_navigation("News", "meetings:newsflash_list", order=30)
        register_demo_loader("safeguarding.meetings.demo.load_demo", after=DEMO_COUNTY)
        register_email_purposes("meetings", Purpose)
        register_audit_verbs("meetings", AUDIT_VERBS)
