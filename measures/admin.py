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


# Indicators are kept on the measure page through measures.indicators (rules, checks, history); the admin reads them.
from .models import Indicator, IndicatorValue  # noqa: E402


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "measure", "unit", "baseline_value", "target_value", "target_date", "archived"]
    list_filter = ["archived", "measure__plan"]
    search_fields = ["name", "measure__title"]
    list_select_related = ["measure"]

    def has_add_permission(self, request):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "recorded_by", "recorded_at"]
    list_select_related = ["indicator", "period", "recorded_by"]

    def has_add_permission(self, request):
        return False
