"""No lost updates: a service compares the version the user saw with the row's current version before saving."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleVersionError(ValidationError):
    """Someone else saved the object after this user opened it; carries the newer object for the message."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Någon annan har sparat ändringar efter att du öppnade sidan. Din ändring sparades inte. Se det nya värdet nedan och försök igen."
            ),
            code="stale",
        )


def check_version(*, current, expected_version: int | None) -> None:
    """Refuse a save made from a stale page. ``current`` must be the row re-read with select_for_update()."""
    if expected_version is None or int(expected_version) != current.version:
        raise StaleVersionError(current)


def bump_version(obj) -> None:
    """Count a saved change; always together with the save inside the same transaction."""
    obj.version = (obj.version or 0) + 1
