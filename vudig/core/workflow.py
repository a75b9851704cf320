"""Helpers for the state machines each app declares in its constants.py (state -> allowed next states)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class IllegalTransition(ValidationError):
    """A state change the workflow does not allow; the message says from what to what, in Swedish."""


def check_transition(
    *, transitions: Mapping[str, set[str] | frozenset[str]], current: str, target: str, labels
) -> bool:
    """Return False when target == current (a repeated request is a no-op); raise IllegalTransition if not allowed."""
    if target == current:
        return False
    if target not in transitions.get(current, ()):  # unknown states are refused too
        label = dict(labels)
        raise IllegalTransition(
            _("Det går inte att gå från ”%(from)s” till ”%(to)s”.")
            % {"from": label.get(current, current), "to": label.get(target, target)},
            code="illegal_transition",
        )
    return True
