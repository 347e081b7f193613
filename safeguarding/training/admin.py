from django.contrib import admin

from safeguarding.core.admin import SuperuserAdmin

from .models import Application, Course, Feedback, Session


@admin.register(Course)
class CourseAdmin(SuperuserAdmin):
    list_display = ["title", "board", "topic", "level", "is_published"]
    list_filter = ["board", "level", "is_published"]
    search_fields = ["title", "topic"]


@admin.register(Session)
class SessionAdmin(SuperuserAdmin):
    list_display = ["course", "starts_at", "capacity", "booking_closes", "is_cancelled"]
    list_filter = ["is_cancelled"]
    raw_id_fields = ["course", "area"]


@admin.register(Application)
class ApplicationAdmin(SuperuserAdmin):
    """Read-only: statuses change only through the services (the state machine)."""

    list_display = ["applicant", "session", "status", "applied_at"]
    list_filter = ["status"]
    raw_id_fields = ["session", "applicant", "line_manager", "agency", "decided_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(SuperuserAdmin):
    list_display = ["application", "overall", "submitted_at"]
    raw_id_fields = ["application"]
