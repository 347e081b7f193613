from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safeguarding.meetings"
    label = "meetings"
    verbose_name = "Meetings, decisions and the newsflash"

    def ready(self) -> None:
        from safeguarding.actionplans.models import Action
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
        from safeguarding.organisations.models import Area, Board

        from . import data_protection, home, sweeps  # noqa: F401 - registers them
        from .audit_verbs import AUDIT_VERBS
        from .emails import Purpose
        from .models import (
            ActionArising,
            AgendaItem,
            Attendance,
            Declaration,
            Meeting,
            Newsflash,
            Paper,
        )

        register_target_url("meetings.meeting", "meetings:meeting_detail")
        register_target_url("meetings.newsflash", "meetings:newsflash_detail")
        register_navigation("Meetings", "meetings:meeting_list", "meetings.view_meetings", order=50)
        register_public_navigation("News", "meetings:newsflash_list", order=30)
        register_demo_loader("safeguarding.meetings.demo.load_demo", after=DEMO_COUNTY)
        register_email_purposes("meetings", Purpose)
        register_audit_verbs("meetings", AUDIT_VERBS)
        # The meetings list, a meeting's page and the newsflash list are cached fragments
        # (core.fragments): any change to what they show renders them afresh. The boards and
        # localities name the list's filters and calendar feeds; an action arising shows its
        # action's owner and due date.
        fragments.track(
            "meetings",
            Meeting,
            AgendaItem,
            Paper,
            Attendance,
            Declaration,
            ActionArising,
            Newsflash,
            Action,
            Board,
            Area,
        )
        fragments.track_people("meetings")  # members, attendees and owners by name
