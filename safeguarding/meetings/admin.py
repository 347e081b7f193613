"""Read-only admin views of meetings and newsflashes: changes go through the pages and the API,
whose services check the rules and write the audit trail."""

from django.contrib import admin

from safeguarding.core.admin import ReadOnlyAdmin

from .models import AgendaItem, Meeting, Newsflash, Subscriber


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "board", "kind", "date", "minutes_state"]
    list_filter = ["board", "kind", "minutes_state"]
    search_fields = ["title", "venue"]
    date_hierarchy = "date"


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "purpose", "include_in_summary"]
    list_filter = ["purpose"]
    list_select_related = ["meeting"]
    search_fields = ["title", "decision"]


@admin.register(Newsflash)
class NewsflashAdmin(ReadOnlyAdmin):
    list_display = ["title", "board", "state", "published_at"]
    list_filter = ["board", "state"]
    search_fields = ["title"]


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "board", "confirmed_at", "unsubscribed_at"]
    list_filter = ["board"]
    search_fields = ["email"]
    readonly_fields = ["email", "board", "confirmed_at", "unsubscribed_at", "created_at"]
    exclude = ["token"]
