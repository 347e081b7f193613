from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safeguarding.meetings"
    label = "meetings"
    verbose_name = "Meetings, decisions and the newsflash"

    def ready(self) -> None:
        from safeguarding.core.audit import register_target_url

        from . import data_protection, home, sweeps  # noqa: F401 - registers them

        register_target_url("meetings.meeting", "meetings:meeting_detail")
        register_target_url("meetings.newsflash", "meetings:newsflash_detail")
