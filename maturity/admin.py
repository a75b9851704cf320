from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vudig.core.admin_mixins import GovernedAdmin, GovernedInline

from .constants import AssessmentStatus
from .models import (
    AreaAssessment,
    Assessment,
    AssessmentRound,
    CapabilityArea,
    LevelDescriptor,
    PlannedImprovement,
    Respondent,
    TargetLevel,
)


@admin.register(CapabilityArea)
class CapabilityAreaAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "capability", "order"]


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["area", "level", "text"]
    list_filter = ["area"]
    list_select_related = ["area"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["year", "opens_on", "closes_on", "status"]
    # Opening, closing and reopening (with a reason) happen in the portal, where the workflow is enforced.
    readonly_fields = ["status", "descriptors"]


class AreaAssessmentInline(GovernedInline, admin.TabularInline):
    model = AreaAssessment
    extra = 0
    read_only = True
    fields = ["area", "level", "motivation"]
    readonly_fields = ["area", "level", "motivation"]


@admin.register(Assessment)
class AssessmentAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "round", "status", "submitted_at"]
    list_filter = ["round", "status"]
    list_select_related = ["organisation", "round"]
    # Self-assessments are filed and reviewed in the portal; the admin shows them, it does not move them.
    readonly_fields = ["round", "organisation", "status", "submitted_at", "review_comment"]
    inlines = [AreaAssessmentInline]

    def is_frozen(self, obj):
        return obj.status == AssessmentStatus.FASTSTALLD


@admin.register(PlannedImprovement)
class PlannedImprovementAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Read only: improvements are planned in the portal's form, where a submitted or fastställd one stays frozen."""

    list_display = ["text", "owner", "due", "status", "area_assessment"]
    list_select_related = [
        "area_assessment__assessment__organisation",
        "area_assessment__assessment__round",
        "area_assessment__area",
    ]
    search_fields = ["text", "owner"]
    read_only = True


@admin.register(TargetLevel)
class TargetLevelAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Read only, with the history: the process leader sets targets in the portal (Målnivåer)."""

    list_display = ["round", "kind", "area", "level"]
    list_filter = ["round", "kind"]
    list_select_related = ["round", "area"]

    read_only = True


@admin.register(Respondent)
class RespondentAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Read only: who was asked and whether they answered, never what (RespondentAnswer is deliberately not in the
    admin: an individual answer is read by its respondent alone, administrators included)."""

    list_display = ["email", "name", "organisation", "round", "accepted_at", "answered_at"]
    list_filter = ["round"]
    list_select_related = ["organisation", "round"]
    search_fields = ["email", "name"]

    read_only = True
