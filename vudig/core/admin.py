from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .admin_mixins import GovernedAdmin
from .models import (
    Goal,
    Obstacle,
    Organisation,
    OutboxTask,
    OutgoingMail,
    RegulatoryArea,
    RoleAssignment,
    SubmittedForm,
)


@admin.register(Organisation)
class OrganisationAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Goal)
class GoalAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["motto", "title", "order"]


@admin.register(Obstacle, RegulatoryArea)
class NumberedTextAdmin(GovernedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "text"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(GovernedAdmin, SimpleHistoryAdmin):
    allow_delete = True  # revoking a role is removing its assignment; the history keeps who held it
    list_display = ["user", "role", "organisation", "steering_group"]
    list_filter = ["role", "organisation", "steering_group"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(GovernedAdmin, admin.ModelAdmin):
    read_only = True  # written by mail_enqueue, sent once by its task
    list_display = ["subject", "created_at", "sent_at", "attempts"]
    readonly_fields = ["key", "to", "subject", "body", "created_at", "sent_at", "attempts", "sending_since"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Operators see background work that waits, is under way or failed, and send it again; nothing else changes."""

    list_display = ["task_name", "args", "state", "runs", "created_at", "dispatched_at", "done_at", "last_error"]
    list_filter = ["state", "task_name"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Försök igen med valda uppgifter"), permissions=["view"])
    def retry(self, request, queryset):
        from .outbox import outbox_retry

        sent = outbox_retry(rows=queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)s uppgift skickades till arbetsprocessen.", "%(n)s uppgifter skickades till arbetsprocessen.", sent
            )
            % {"n": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )


@admin.register(SubmittedForm)
class SubmittedFormAdmin(GovernedAdmin, admin.ModelAdmin):
    """Create forms already sent (vudig.core.submit_once): shown for support, written only by the form views."""

    list_display = ["key", "user", "created_at", "location"]
    read_only = True


from .identity import admin as _identity_admin  # noqa: E402, F401 (the sign-in models in the admin)
