"""Read-only admin views of action plans: changes go through the pages and the API, whose
services check the rules and write the audit trail."""

from django.contrib import admin

from safeguarding.core.admin import ReadOnlyAdmin

from .models import Action, ActionPlan, Challenge, Evidence


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "board", "origin_kind", "period_start", "period_end"]
    list_filter = ["board", "origin_kind"]
    search_fields = ["title", "origin_reference"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "owner_agency", "due_date", "status"]
    list_filter = ["status", "plan"]
    list_select_related = ["plan", "owner_agency"]
    search_fields = ["what"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "action", "kind", "accepted", "added_at"]
    list_filter = ["kind", "accepted"]
    list_select_related = ["action"]
    readonly_fields = [field.name for field in Evidence._meta.fields]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "addressed_to_agency", "respond_by", "status"]
    list_filter = ["status"]
    list_select_related = ["addressed_to_agency"]
