from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualEvent, Report


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "requested_by", "created_at", "generated_at"]
    list_filter = ["kind", "state"]
    # A report is a snapshot: nothing about it is edited by hand.
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AnnualEvent)
class AnnualEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "is_report_point"]
    list_filter = ["year", "kind", "is_report_point"]
