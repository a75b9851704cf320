"""View helpers that ask the rule registry (vudig.core.rules); views never test roles themselves."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from vudig.core.rules import can


class PermissionRequiredMixin:
    """Refuse the request unless ``can(user, permission_action, self.get_permission_object())``."""

    permission_action: str = ""

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        self.request, self.args, self.kwargs = request, args, kwargs
        if not can(request.user, self.permission_action, self.get_permission_object()):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
