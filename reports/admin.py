from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin

from .models import AnnualEvent, Report


@admin.register(Report)
class ReportAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "state", "requested_by", "created_at", "generated_at"]
    list_filter = ["kind", "state"]
    # A report is a snapshot: nothing about it is edited by hand.
    readonly_fields = [f.name for f in Report._meta.fields]
    read_only = True


@admin.register(AnnualEvent)
class AnnualEventAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "is_report_point"]
    list_filter = ["year", "kind", "is_report_point"]
    allow_delete = True  # the portal removes events too; the history keeps them
