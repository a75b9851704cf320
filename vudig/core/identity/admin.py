from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_mixins import GovernedAdmin
from .models import DirectoryIdentity, DirectoryRoleGrant, GroupRoleMapping


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """The directory groups that give roles; also loadable from a file with ``manage.py load_group_roles``."""

    list_display = ["group", "role", "organisation", "steering_group"]
    list_filter = ["role", "organisation", "steering_group"]
    search_fields = ["group"]
    allow_delete = True  # a mapping is configuration: removing it is how a group stops giving a role (history keeps it)


@admin.register(DirectoryIdentity)
class DirectoryIdentityAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Who signed in through the provider, with the groups seen last time (written only by the sign-in)."""

    list_display = ["user", "subject", "last_signed_in_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    readonly_fields = ["user", "issuer", "subject", "groups", "last_signed_in_at"]
    read_only = True


@admin.register(DirectoryRoleGrant)
class DirectoryRoleGrantAdmin(GovernedAdmin, SimpleHistoryAdmin):
    """Role assignments that came from directory groups (the sign-in adds and removes them; hand-given roles stay)."""

    list_display = ["assignment", "granted_at"]
    readonly_fields = ["assignment", "granted_at"]
    read_only = True
