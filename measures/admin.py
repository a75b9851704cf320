from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin, GovernedInline

from .models import Comment, Measure, MeasureResult, Plan, StatusDocument

# Statuses change only through the portal's service (motivation, reason, basis, history reason): never here.
STATUS_FIELDS = ["status", "status_reason"]


@admin.register(Plan)
class PlanAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """A beslutad plan is fixed; approving and deciding happen in the portal."""

    list_display = ["title", "state", "period_start", "period_end", "order"]

    def is_frozen(self, obj):
        return obj.is_decided


class MeasureResultInline(GovernedInline, admin.TabularInline):
    model = MeasureResult
    fk_name = "measure"
    extra = 0
    fields = ["title", "status", "order", "archived"]
    readonly_fields = ["status"]

    def parent_frozen(self, parent):
        return parent.plan.is_decided


@admin.register(Measure)
class MeasureAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """A decided plan's measures are fixed (their wording and results); follow-up happens in the portal."""

    list_display = ["title", "plan", "responsible", "category", "archived"]
    list_filter = ["plan", "category", "archived"]
    search_fields = ["title", "description", "responsible"]
    list_select_related = ["plan"]
    inlines = [MeasureResultInline]
    readonly_fields = STATUS_FIELDS

    def is_frozen(self, obj):
        return obj.plan.is_decided


@admin.register(MeasureResult)
class MeasureResultAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "measure", "status", "archived"]
    list_filter = ["status", "measure__plan"]
    search_fields = ["title", "measure__title"]
    list_select_related = ["measure"]

    readonly_fields = STATUS_FIELDS

    def is_frozen(self, obj):
        return obj.measure.plan.is_decided


@admin.register(Comment)
class CommentAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Who said what stays as said."""

    list_display = ["measure", "result", "author", "created_at"]
    list_select_related = ["measure", "result", "author"]
    read_only = True


@admin.register(StatusDocument)
class StatusDocumentAdmin(GovernedAdmin, admin.ModelAdmin):
    """Uploaded through the portal (checked by content); never replaced or added here."""

    list_display = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    read_only = True


# Indicators are kept on the measure page through measures.indicators (rules, checks, history); the admin reads them.
from .models import Indicator, IndicatorValue  # noqa: E402


@admin.register(Indicator)
class IndicatorAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "measure", "unit", "baseline_value", "target_value", "target_date", "archived"]
    list_filter = ["archived", "measure__plan"]
    search_fields = ["name", "measure__title"]
    list_select_related = ["measure"]
    read_only = True


@admin.register(IndicatorValue)
class IndicatorValueAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "recorded_by", "recorded_at"]
    list_select_related = ["indicator", "period", "recorded_by"]
    read_only = True


# -- organisation parts and follow-up periods (issue 11) -----------------------------------------------------------
from .models import FollowUpPeriod, OrganisationPart, PeriodReminder, PeriodReport  # noqa: E402


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "plan", "kind", "deadline", "state"]
    list_filter = ["state", "kind", "plan"]
    list_select_related = ["plan"]
    read_only = True  # opened and closed in the portal (periods.py): closing freezes the period's reports


@admin.register(OrganisationPart)
class OrganisationPartAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "measure", "result", "status", "archived"]
    list_filter = ["status", "archived"]
    list_select_related = ["organisation", "measure", "result"]
    raw_id_fields = ["measure", "result", "reporter", "reported_by"]
    read_only = True  # handed out and reported in the portal (parts.py)


@admin.register(PeriodReport)
class PeriodReportAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["period", "measure", "result", "organisation", "status", "completed_at", "late"]
    list_filter = ["period", "late"]
    list_select_related = ["period", "measure", "result", "organisation"]
    raw_id_fields = ["measure", "result", "part", "reported_by"]
    read_only = True  # reported in the portal; frozen when its period closes


@admin.register(PeriodReminder)
class PeriodReminderAdmin(GovernedAdmin, admin.ModelAdmin):
    list_display = ["period", "user", "days_before", "sent_at"]
    list_select_related = ["period", "user"]
    read_only = True
