"""The main navigation: each entry shows only to those the rules let use it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vudig.core.rules import can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str


NAV_ITEMS = [
    NavItem(_("Översikt"), "portal:home", "home.view"),
    NavItem(_("Planen"), "portal:plan", "home.view"),
    NavItem(_("Åtgärder"), "measures:list", "portal.view"),
    NavItem(_("Ramprojekt"), "projects:list", "portal.view"),
    NavItem(_("Mognad"), "maturity:index", "portal.view"),
    NavItem(_("Ärenden"), "steeringgroups:errands", "portal.view"),
    NavItem(_("Styrgrupper"), "steeringgroups:list", "portal.view"),
    NavItem(_("Forum"), "forums:list", "portal.view"),
    NavItem(_("Rapporter"), "reports:list", "portal.view"),
    NavItem(_("Öppna data"), "opendata:index", "opendata.view"),
    NavItem(_("Administration"), "admin:index", "admin.access"),
]


def nav_for(request) -> list[dict]:
    """Entries the current user may open; the one whose address is the longest prefix of this page is current."""
    items = []
    for item in NAV_ITEMS:
        if not can(request.user, item.action):
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "current": False})
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items
