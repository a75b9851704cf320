from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Errand,
    ErrandTransition,
    FollowUp,
    Meeting,
    ProtocolSigner,
    SteeringGroup,
)


@admin.register(SteeringGroup)
class SteeringGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "focus", "motto", "order"]


class TransitionInline(admin.TabularInline):
    model = ErrandTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_state", "to_state", "from_group", "to_group", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Errand)
class ErrandAdmin(SimpleHistoryAdmin):
    """Read-mostly: states change through the portal's service, never by editing the row."""

    list_display = ["reference", "title", "state", "steering_group", "organisation", "created_at"]
    list_filter = ["state", "steering_group", "topic"]
    search_fields = ["title"]
    readonly_fields = ["state", "steering_group", "moved_count", "sent_back_count", "tabled_count", "closed_at"]
    inlines = [TransitionInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["steering_group", "date", "state"]
    list_filter = ["steering_group", "state"]
    readonly_fields = ["state", "frozen_at", "frozen_by", "protocol_pdf"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "kind", "steering_group", "decided_on", "errand", "project", "plan"]
    list_filter = ["kind", "steering_group"]


admin.site.register(AgendaItem, SimpleHistoryAdmin)
admin.site.register(Attachment)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Attendance, justering and uppdrag are written by the portal's meeting services; the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["meeting", "person", "presence"]


@admin.register(ProtocolSigner)
class ProtocolSignerAdmin(ReadOnlyHistoryAdmin):
    list_display = ["meeting", "person", "role", "confirmed_at"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyHistoryAdmin):
    list_display = ["what", "owner", "due_date", "status"]
    list_filter = ["status"]
