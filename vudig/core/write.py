"""The write kit every app's services use: one tracked save, one rule for repeats, one archive toggle, role holders.

A service asks ``require(user, action, obj)`` (vudig.core.rules) first, locks the row it changes
(``select_for_update()``), then writes through these helpers so the history timeline, the version check and the
answer to a repeated request are the same in every app:

- :func:`tracked_save` validates and saves one row with the history user and change reason set in one place.
- :func:`model_update` applies the one rule for repeats: a request identical to what is stored (same fields, and
  where the reason is what the person wrote, the same reason) is a silent no-op, checked *before* the version, so a
  double click or a retried form never answers "someone else saved". Any other request made from a stale version is
  refused with :class:`~vudig.core.concurrency.StaleVersionError`, which carries the newer row to show.
- :func:`set_archived` archives or restores an item (nothing is deleted); repeating is a no-op.
- :func:`role_holders` gives the people holding a role (e-mail recipients and the like).

Services and Celery tasks (HackSoft's convention): a task takes primary keys, imports the service it calls inside
its body, re-fetches, returns quietly when the row is gone and calls one service. A service never runs a task
itself: it records it with ``vudig.core.outbox.outbox_enqueue(task, pk)`` in its transaction, so the worker sees
committed rows, a rolled-back write sends nothing, and a broker that is down delays the work instead of losing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model

from .concurrency import bump_version, check_version

# Fields a save of a change always writes besides the changed ones, where the model has them.
_BOOKKEEPING_FIELDS = ("version", "updated_at")


def tracked_save(obj, *, by, reason: str, update_fields: Iterable[str] | None = None) -> None:
    """Validate (full_clean) and save one tracked row, naming who (``by``, a person or None for the system) and why."""
    obj.full_clean()
    obj._change_reason = reason
    if getattr(by, "is_authenticated", False):
        obj._history_user = by  # also outside a request (demo, shell, tasks); inside one the middleware agrees
    obj.save(update_fields=None if update_fields is None else list(update_fields))


def _bookkeeping(obj) -> list[str]:
    names = {field.name for field in obj._meta.concrete_fields}
    return [name for name in _BOOKKEEPING_FIELDS if name in names]


def last_reason(obj) -> str | None:
    """The change reason of the row's newest history record (what the last person wrote), or None."""
    return obj.history.order_by("-history_date", "-history_id").values_list("history_change_reason", flat=True).first()


def is_repeat(obj, values: Mapping[str, object], *, reason: str | None = None) -> bool:
    """Is this request identical to what is stored: every value equal and, when given, the same last reason?"""
    if any(getattr(obj, name) != value for name, value in values.items()):
        return False
    return reason is None or last_reason(obj) == reason


def model_update(
    *,
    instance,
    values: Mapping[str, object],
    expected_version: int | None,
    by,
    reason: str,
    reason_is_input: bool = False,
) -> bool:
    """Change ``instance`` (locked by the caller) to ``values``; returns whether anything was written.

    A request identical to what is stored is a silent no-op, decided before the version check. ``reason_is_input``
    says the reason is what the person wrote (a motivation): then a different reason is a different request, and
    the same values with a new reason from the current version are saved as a new entry in the timeline. Anything
    else from a stale version raises StaleVersionError with the newer row.
    """
    if is_repeat(instance, values, reason=reason if reason_is_input else None):
        return False
    check_version(current=instance, expected_version=expected_version)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    bump_version(instance)
    tracked_save(instance, by=by, reason=reason, update_fields=[*changed, *_bookkeeping(instance)])
    return True


def set_archived(instance, *, archived: bool, by, reasons: tuple[str, str]) -> bool:
    """Archive (hide, keep the history) or restore ``instance`` (locked by the caller); repeating is a no-op.

    ``reasons`` are the timeline's words for (archived, restored). Returns whether anything was written.
    """
    if instance.archived == archived:
        return False
    instance.archived = archived
    bump_version(instance)
    tracked_save(
        instance,
        by=by,
        reason=reasons[0] if archived else reasons[1],
        update_fields=["archived", *_bookkeeping(instance)],
    )
    return True


def role_holders(role: str | Iterable[str], *, organisation=None, steering_group=None):
    """The active people holding ``role`` (one role or several), for one organisation or steering group if given.

    ``organisation`` and ``steering_group`` take an object, a primary key or a collection of primary keys. The
    conditions sit in one filter on the same role assignment, so ``F("role_assignments__organisation_id")`` in a
    later annotate() names the organisation each row's person manages.
    """
    roles = [role] if isinstance(role, str) else list(role)
    conditions = {"role_assignments__role__in": roles}
    for name, scope in (("organisation", organisation), ("steering_group", steering_group)):
        if scope is None:
            continue
        if isinstance(scope, Iterable) and not isinstance(scope, str):
            conditions[f"role_assignments__{name}_id__in"] = [getattr(s, "pk", s) for s in scope]
        else:
            conditions[f"role_assignments__{name}_id"] = getattr(scope, "pk", scope)
    return get_user_model().objects.filter(is_active=True, **conditions).distinct()
