from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Goal, Obstacle, Organisation, OutgoingMail, RegulatoryArea, RoleAssignment


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["motto", "title", "order"]


@admin.register(Obstacle, RegulatoryArea)
class NumberedTextAdmin(SimpleHistoryAdmin):
    list_display = ["number", "text"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organisation", "steering_group"]
    list_filter = ["role", "organisation", "steering_group"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_at", "sent_at", "attempts"]
    readonly_fields = ["key", "to", "subject", "body", "created_at", "sent_at", "attempts", "sending_since"]


from .identity import admin as _identity_admin  # noqa: E402, F401 (the sign-in models in the admin)
