"""Turns django-simple-history rows into a readable timeline: who changed what, when, from what to what, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

IGNORED_FIELDS = {"version", "updated_at", "order"}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str
    related_model: type | None = None  # for a reference: the model its ids point at (see name_references)


@dataclass
class TimelineEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. the decision a change rests on


def _display(record, field_name: str) -> str:
    field_obj = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field_obj.attname, None)
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value or ""))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return "" if value is None else str(value)


def timeline(
    history_querysets,
    *,
    subject=lambda record: str(record.instance),
    notes=lambda record: [],
    ignore=frozenset(),
) -> list[TimelineEntry]:
    """Entries from one or more history querysets, newest first (each queryset ordered by history_date).

    ``notes(record)``: lines to show with an entry (what it rests on); ``ignore``: fields whose changes the notes
    already tell."""
    entries: list[TimelineEntry] = []
    for qs in history_querysets:
        records = list(qs.select_related("history_user").order_by("id", "history_date"))
        previous_by_object = {}
        for record in records:
            previous = previous_by_object.get(record.id)
            changes = []
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in IGNORED_FIELDS or change.field in ignore:
                        continue
                    model_field = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        Change(
                            change.field,
                            str(model_field.verbose_name),
                            _display(previous, change.field),
                            _display(record, change.field),
                            model_field.related_model if model_field.is_relation else None,
                        )
                    )
                if not changes and not record.history_change_reason:
                    previous_by_object[record.id] = record
                    continue
            user = record.history_user
            entry_notes = notes(record)
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else "",
                    kind=record.history_type,
                    subject=subject(record),
                    reason=record.history_change_reason or "",
                    changes=changes,
                    notes=entry_notes,
                )
            )
            previous_by_object[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def name_references(entries: list[TimelineEntry]) -> None:
    """Show references in the entries' changes by name, never by id: one query per model referred to; a row that
    is gone says so."""
    wanted: dict[type, set[int]] = {}
    for entry in entries:
        for change in entry.changes:
            if change.related_model is not None:
                ids = {int(v) for v in (change.old, change.new) if v.isdigit()}
                wanted.setdefault(change.related_model, set()).update(ids)
    names = {
        (model, str(pk)): str(obj)
        for model, ids in wanted.items()
        for pk, obj in model._default_manager.in_bulk(ids).items()
    }
    for entry in entries:
        for change in entry.changes:
            if change.related_model is None:
                continue
            for attr in ("old", "new"):
                value = getattr(change, attr)
                if value.isdigit():
                    setattr(change, attr, names.get((change.related_model, value), _("(borttagen)")))
