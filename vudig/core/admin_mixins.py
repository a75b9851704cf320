"""What the Django admin may do with governance records: frozen records are read-only, nothing governed is deleted.

The portal promises that a justerat protocol, a published lägesrapport, a fastställd assessment, a report, an
attachment and the history stay as they are; its services refuse to change them. The admin must not be a way around
that: every ModelAdmin of the apps uses ``GovernedAdmin`` (or ``GovernedInline`` for inlines) and says when a record
is frozen (``is_frozen``) or whether it is never edited here (``read_only``). A frozen record's change page shows it,
read-only; a POST to it, its delete page, a bulk delete and a revert from its history page are refused (403). History
rows are never edited (SIMPLE_HISTORY_REVERT_DISABLED). Deleting is refused for every governed model unless the
ModelAdmin says ``allow_delete = True`` (a role assignment is revoked, an årshjul event removed: history keeps both).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class GovernedAdmin:
    """Mixin for a ModelAdmin (put it first): refuses changes to frozen records and every delete."""

    read_only = False  # True: records are only ever written by the portal's services (attachments, reports …)
    allow_delete = False

    def is_frozen(self, obj) -> bool:
        """Whether this record may no longer change (justerad, publicerad, fastställd …); False by default."""
        return False

    def _frozen(self, obj) -> bool:
        return self.read_only or (obj is not None and self.is_frozen(obj))

    def has_add_permission(self, request, *args):
        return not self.read_only and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and not self._frozen(obj) and super().has_delete_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's revert saves on POST with only the view permission checked: never here.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class GovernedInline:
    """Mixin for an inline: read-only and undeletable when its parent is frozen (``parent_frozen``) or always."""

    read_only = False

    def parent_frozen(self, parent) -> bool:
        return False

    def _frozen(self, parent) -> bool:
        return self.read_only or (parent is not None and self.parent_frozen(parent))

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
