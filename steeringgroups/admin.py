from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin, GovernedInline

from .constants import ErrandState
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

# An ärende that is decided, closed or rejected is a record: it is read, not edited.
CLOSED_ERRAND_STATES = frozenset({ErrandState.BESLUTAD, ErrandState.AVSLUTAD, ErrandState.AVVISAD})


@admin.register(SteeringGroup)
class SteeringGroupAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "focus", "motto", "order"]


class TransitionInline(GovernedInline, admin.TabularInline):
    model = ErrandTransition
    extra = 0
    read_only = True
    readonly_fields = ["action", "from_state", "to_state", "from_group", "to_group", "by", "at", "reason"]


@admin.register(Errand)
class ErrandAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Read-mostly: states change through the portal's service, never by editing the row."""

    list_display = ["reference", "title", "state", "steering_group", "organisation", "created_at"]
    list_filter = ["state", "steering_group", "topic"]
    search_fields = ["title"]
    readonly_fields = ["state", "steering_group", "moved_count", "sent_back_count", "tabled_count", "closed_at"]
    inlines = [TransitionInline]

    def is_frozen(self, obj):
        return obj.state in CLOSED_ERRAND_STATES


@admin.register(Meeting)
class MeetingAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """A justerat protocol is frozen; justering happens in the portal."""

    list_display = ["steering_group", "date", "state"]
    list_filter = ["steering_group", "state"]
    readonly_fields = ["state", "frozen_at", "frozen_by", "protocol_pdf"]

    def is_frozen(self, obj):
        return obj.is_frozen


@admin.register(Decision)
class DecisionAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """A decision in a justerat protocol is frozen."""

    list_display = ["reference", "kind", "steering_group", "decided_on", "errand", "project", "plan"]
    list_filter = ["kind", "steering_group"]

    def is_frozen(self, obj):
        # A § is frozen with its justerat protocol; a decision recorded outside a meeting (a plan decision) always is.
        return obj.meeting.is_frozen if obj.meeting_id else True


@admin.register(AgendaItem)
class AgendaItemAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """The agenda of a justerat protocol is frozen."""

    def is_frozen(self, obj):
        return obj.meeting.is_frozen


@admin.register(Attachment)
class AttachmentAdmin(GovernedAdmin, admin.ModelAdmin):
    """Uploaded through the portal (checked by content); never replaced or added here."""

    list_display = ["original_name", "errand", "content_type", "size", "uploaded_by", "uploaded_at"]
    read_only = True


class ReadOnlyHistoryAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Attendance, justering and uppdrag are written by the portal's meeting services; the admin reads them."""

    read_only = True


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
