from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DirectoryIdentity, DirectoryRoleGrant, GroupRoleMapping


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(SimpleHistoryAdmin):
    """The directory groups that give roles; also loadable from a file with ``manage.py load_group_roles``."""

    list_display = ["group", "role", "organisation", "steering_group"]
    list_filter = ["role", "organisation", "steering_group"]
    search_fields = ["group"]


@admin.register(DirectoryIdentity)
class DirectoryIdentityAdmin(SimpleHistoryAdmin):
    """Who signed in through the provider, with the groups seen last time (written only by the sign-in)."""

    list_display = ["user", "subject", "last_signed_in_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    readonly_fields = ["user", "issuer", "subject", "groups", "last_signed_in_at"]

    def has_add_permission(self, request):
        return False


@admin.register(DirectoryRoleGrant)
class DirectoryRoleGrantAdmin(SimpleHistoryAdmin):
    """Role assignments that came from directory groups (the sign-in adds and removes them; hand-given roles stay)."""

    list_display = ["assignment", "granted_at"]
    readonly_fields = ["assignment", "granted_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
