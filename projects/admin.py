from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin

from .models import DevelopmentProject, FrameProject, PhaseChange, ProjectGoal, StatusReport


@admin.register(FrameProject)
class FrameProjectAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "steering_group", "measure", "phase", "owner", "order"]
    list_select_related = ["steering_group", "measure", "owner"]
    # Phase and owner change only through the portal's services (gate decision, kommunchef's appointment).
    readonly_fields = ["phase", "owner", "owner_appointed_by", "owner_appointed_at", "version"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(GovernedAdmin, admin.ModelAdmin):
    list_display = ["project", "from_phase", "to_phase", "decision_date", "recorded_by", "recorded_at"]
    list_select_related = ["project", "recorded_by"]
    read_only = True  # the record of a gate decision


@admin.register(ProjectGoal)
class ProjectGoalAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "project", "status", "archived"]
    list_select_related = ["project"]
    list_filter = ["project", "status", "archived"]


@admin.register(DevelopmentProject)
class DevelopmentProjectAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "project", "owner", "status", "archived"]
    list_select_related = ["project"]
    list_filter = ["project", "status", "archived"]


@admin.register(StatusReport)
class StatusReportAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["project", "period_start", "period_end", "overall_status", "state", "published_at"]
    list_select_related = ["project"]
    list_filter = ["project", "state", "overall_status"]
    # Published reports are frozen (a correction is a new report); the admin reads them, the portal writes them.
    readonly_fields = ["state", "published_at", "published_by", "author", "corrects", "version"]

    def is_frozen(self, obj):
        return obj.is_published
