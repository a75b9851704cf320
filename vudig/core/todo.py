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


Provider = Callable[..., list[TodoItem]]
_PROVIDERS: dict[str, Provider] = {}
_LIMITED: set[str] = set()


class TodoItems(list):
    """To-do items, perhaps only the first of them: ``total`` is how many there are in all."""

    def __init__(self, items=(), *, total: int | None = None):
        super().__init__(items)
        self.total = len(self) if total is None else total

    @property
    def more(self) -> int:
        return self.total - len(self)


def first_of(rows, limit: int | None):
    """A limited provider's rows (a queryset in the to-do order) and their total: with a ``limit`` the first
    ``limit`` rows and a count (two queries), without one all rows and ``None`` (TodoItems then counts them)."""
    if limit is None:
        return rows, None
    return rows[:limit], rows.count()


def register_provider(name: str, fn: Provider, *, limited: bool = False) -> None:
    """Add (or replace, by name) a provider of to-do items: ``fn(user) -> list[TodoItem]``.

    ``limited``: ``fn(user, limit=None)`` gives, when asked for a limit, only its first ``limit`` items in this
    module's order (overdue first, then by due date, undated last) as :class:`TodoItems` with the ``total``, so a
    provider that can have thousands of items for someone (the process leader of a region) reads a bounded number
    (the others are read whole and cut after sorting).
    """
    _PROVIDERS[name] = fn
    if limited:
        _LIMITED.add(name)
    else:
        _LIMITED.discard(name)


def is_overdue(due: dt.date | None, *, today: dt.date | None = None) -> bool:
    """A due date before today (a date of today is still in time)."""
    return due is not None and due < (today or timezone.localdate())


def _sort_key(item: TodoItem) -> tuple:
    # Overdue first, then by due date, undated last; ties keep their provider's own order (the sort is stable).
    return (not item.overdue, item.due is None, item.due or dt.date.max)


def todo_for(user, *, limit: int | None = None) -> TodoItems:
    """Every registered provider's items for this person: overdue first, then by due date (undated last).

    ``limit``: at most that many of each provider (its first, in this order), so every kind of work still shows
    however much there is of another; ``total`` counts them all. A ``limited`` provider reads no more than that."""
    if user is None or not getattr(user, "is_authenticated", False):
        return TodoItems()
    items: list[TodoItem] = []
    total = 0
    for name, provider in _PROVIDERS.items():
        if limit is None:
            found = provider(user)
        elif name in _LIMITED:
            found = provider(user, limit=limit)
        else:
            found = TodoItems(sorted(provider(user), key=_sort_key))
            found = TodoItems(found[:limit], total=len(found))
        items.extend(found)
        total += getattr(found, "total", len(found))
    return TodoItems(sorted(items, key=_sort_key), total=total)
