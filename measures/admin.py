from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comment, Measure, MeasureResult, Plan, StatusDocument


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "state", "period_start", "period_end", "order"]


class MeasureResultInline(admin.TabularInline):
    model = MeasureResult
    fk_name = "measure"
    extra = 0
    fields = ["title", "status", "order", "archived"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "responsible", "category", "archived"]
    list_filter = ["plan", "category", "archived"]
    search_fields = ["title", "description", "responsible"]
    list_select_related = ["plan"]
    inlines = [MeasureResultInline]


@admin.register(MeasureResult)
class MeasureResultAdmin(SimpleHistoryAdmin):
    list_display = ["title", "measure", "status", "archived"]
    list_filter = ["status", "measure__plan"]
    search_fields = ["title", "measure__title"]
    list_select_related = ["measure"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "result", "author", "created_at"]
    list_select_related = ["measure", "result", "author"]


admin.site.register(StatusDocument)


# -- organisation parts and follow-up periods (issue 11) -----------------------------------------------------------
from .models import FollowUpPeriod, OrganisationPart, PeriodReminder, PeriodReport  # noqa: E402


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "kind", "deadline", "state"]
    list_filter = ["state", "kind", "plan"]
    list_select_related = ["plan"]


@admin.register(OrganisationPart)
class OrganisationPartAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "measure", "result", "status", "archived"]
    list_filter = ["status", "archived"]
    list_select_related = ["organisation", "measure", "result"]
    raw_id_fields = ["measure", "result", "reporter", "reported_by"]


@admin.register(PeriodReport)
class PeriodReportAdmin(SimpleHistoryAdmin):
    list_display = ["period", "measure", "result", "organisation", "status", "completed_at", "late"]
    list_filter = ["period", "late"]
    list_select_related = ["period", "measure", "result", "organisation"]
    raw_id_fields = ["measure", "result", "part", "reported_by"]


@admin.register(PeriodReminder)
class PeriodReminderAdmin(admin.ModelAdmin):
    list_display = ["period", "user", "days_before", "sent_at"]
    list_select_related = ["period", "user"]
