"""The start page's "Att göra": what each signed-in person has to do, computed from the data (never stored).

An app registers providers in its own ``todo.py`` (found by core's AppConfig.ready()):

    from vudig.core.todo import TodoItem, register_provider

    def open_uppdrag(user) -> list[TodoItem]:
        return [TodoItem(title=f.title, url=f.get_absolute_url(), due=f.due_date, kind=_("Uppdrag")) for f in ...]

    register_provider("steeringgroups.uppdrag", open_uppdrag)

A provider is called once per page with the signed-in person, returns [] when the person has nothing of its kind,
and reads its data in a constant number of queries (never one per item). Core imports no app: it only holds the
registry and the ordering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: what (title), where it is done (url), by when (due, or None), and what kind it is."""

    title: str
    url: str
    kind: str
    due: dt.date | None = None
    overdue: bool = False
    detail: str = ""


Provider = Callable[[object], list[TodoItem]]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, fn: Provider) -> None:
    """Add (or replace, by name) a provider of to-do items: ``fn(user) -> list[TodoItem]``."""
    _PROVIDERS[name] = fn


def is_overdue(due: dt.date | None, *, today: dt.date | None = None) -> bool:
    """A due date before today (a date of today is still in time)."""
    return due is not None and due < (today or timezone.localdate())


def _sort_key(item: TodoItem) -> tuple:
    # Overdue first, then by due date, undated last; ties keep their provider's own order (the sort is stable).
    return (not item.overdue, item.due is None, item.due or dt.date.max)


def todo_for(user) -> list[TodoItem]:
    """Every registered provider's items for this person: overdue first, then by due date (undated last)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[TodoItem] = []
    for provider in _PROVIDERS.values():
        items.extend(provider(user))
    return sorted(items, key=_sort_key)
