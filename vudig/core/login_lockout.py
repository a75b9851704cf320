"""The hooks django-axes calls: whose address a login attempt came from, whose name it tried, what a lock answers.

django-axes throttles every login form (the portal's and the admin's): attempts are stored in the database
(``axes.handlers.database.AxesDatabaseHandler``), so every gunicorn worker shares them without any cache setting, and
each one is kept in its access log. The lock is per username *and* client address, so a stranger elsewhere cannot
lock a real user out, and ends by itself after LOGIN_FAILURE_WINDOW_SECONDS.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from ipware.ip import get_client_ip


def client_address(request) -> str | None:
    """The client's address, from django-ipware: REMOTE_ADDR, or, behind N trusted proxies, what the outermost saw.

    Each of our N proxies appends the address it received the request from to X-Forwarded-For, so the N-th entry from
    the right is the client as the outermost proxy saw it; entries further left are the client's own and never trusted.
    With N = 0 the header is not read at all (anyone can send it). A request without the header (it did not come
    through the proxies) falls back to REMOTE_ADDR.
    """
    proxies = settings.VUDIG_TRUSTED_PROXY_COUNT
    if proxies > 0:
        # ipware counts the proxies *between* the client and the last hop in the header: our N proxies write N entries.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or None


def username_of(request, credentials) -> str:
    """The username tried, as the lock counts it: case and surrounding spaces do not make a new name."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or (request.POST.get(field) if request is not None else "") or ""
    return str(value).strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked login attempt gets (the portal's and the admin's): Swedish, status 429, how long to wait."""
    minutes = max(1, int(get_cool_off(request).total_seconds()) // 60)
    message = _("För många misslyckade inloggningar. Vänta %(minutes)s minuter och försök igen.") % {"minutes": minutes}
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
