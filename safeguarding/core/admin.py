"""Admin views of the audit trail (read-only) and the outbox (read-only, with a retry action)."""

from django.contrib import admin, messages

from .models import AuditEvent, OutboundEmail


def _is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperuserAdmin(admin.ModelAdmin):
    """The admin site is for superusers. Asked directly rather than through has_perm: some of
    the hub's rules permissions share a name with Django's model permissions
    (meetings.change_meeting), and those are decided by the rules, for superusers too."""

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)


class ReadOnlyAdmin(SuperuserAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_label", "verb", "target_type", "target_label"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_label", "target_label", "target_id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "purpose", "recipient", "subject", "status", "attempts"]
    list_filter = ["status", "purpose"]
    search_fields = ["recipient", "subject", "object_key"]
    exclude = ["body_html"]
    actions = ["send_again"]

    def has_change_permission(self, request, obj=None):
        # Needed for the action only; every field stays read-only.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "body_html"]

    @admin.action(description="Try failed messages again")
    def send_again(self, request, queryset):
        count = queryset.filter(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.PENDING, attempts=0, claimed_at=None
        )
        self.message_user(
            request, f"{count} failed message(s) will be sent by the next sweep.", messages.INFO
        )
