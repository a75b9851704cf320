"""The JSON twin of a report: the same gathered data the PDF template renders, as plain JSON.

Generic over the document: every section's dataclass fields (key, title, summary, empty_message, context and any
field added later; the template name left out) and the rest of the document's context are encoded by ``encode``,
so a new section or a new context key appears in the twin (and in the Word copy built from it) without a change
here. ``encode`` turns dates into ISO text, Decimals into exact text, lazy translations into text, model instances
into a small dict (a per-type function, see ``register_model_encoder``), dataclasses into their fields and
properties (less any field the dataclass names in ``twin_omit``), querysets, tuples and sets into lists; a chart (SVG markup) is kept aside for the Word copy and noted
in the JSON by its number and title.

Sealing: the PDF's colophon prints the SHA-256 of this JSON. A file cannot contain its own hash, and the PDF is
written after the JSON, so the JSON's metadata cannot hold the PDF's hash either: both hashes (and the Word copy's)
are stored on the report and shown on its page in VUDIG. ``SEAL_NOTE`` says so inside the JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils.functional import Promise

FORMAT = "vudig-rapport/1"
SEAL_NOTE = (
    "Den här filens SHA-256 står i PDF-rapportens kolofon. En fil kan inte innehålla sin egen kontrollsumma, och "
    "PDF-filen skrivs efter den här filen, så PDF-filens och Word-filens SHA-256 finns inte här: de visas på "
    "rapportens sida i VUDIG."
)
# Nesting deeper than this (dicts and lists count) is left out: a guard for long chains of loaded relations.
MAX_DEPTH = 12
# Field types copied from a model instance; relations become their id, files their name.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
    models.DateField,
    models.BooleanField,
)
# Never copied, whatever model they are on: addresses and secrets are not figures of a report.
_SECRET = re.compile(r"password|token|secret|e_?mail", re.IGNORECASE)
_SVG = re.compile(r"^\s*<svg\b", re.IGNORECASE)
_SVG_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

ModelEncoder = Callable[[models.Model], dict]
MODEL_ENCODERS: dict[type, ModelEncoder] = {}


def register_model_encoder(model: type[models.Model], encoder: ModelEncoder) -> None:
    """Encode instances of ``model`` (and its subclasses) with ``encoder`` instead of the default field copy."""
    MODEL_ENCODERS[model] = encoder


def _user(user) -> dict:
    # A person appears by name only: never their e-mail, password hash or flags.
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


register_model_encoder(get_user_model(), _user)


class _WouldQuery(Exception):
    pass


def _refuse_query(*args, **kwargs):
    raise _WouldQuery


def without_queries(read: Callable[[], Any], default: Any) -> Any:
    """``read()``, or ``default`` if it needs the database: the twin encodes what was gathered, it never fetches
    more (a row's ``__str__`` that follows a relation not loaded would cost one query per row)."""
    with connection.execute_wrapper(_refuse_query):
        try:
            return read()
        except _WouldQuery:
            return default


def model_fields(instance: models.Model) -> dict:
    """The default encoding: id, text, plain fields (with the label of a choice), relations by id, and the related
    rows the gathering already loaded (select_related, prefetch_related): the template reads those too."""
    out: dict[str, Any] = {"id": instance.pk, "text": _text(instance)}
    for f in instance._meta.concrete_fields:
        if f.is_relation:
            out[f.attname] = getattr(instance, f.attname)
        elif isinstance(f, _PLAIN_FIELDS) and not isinstance(f, models.EmailField) and not _SECRET.search(f.name):
            value = getattr(instance, f.attname)
            out[f.name] = value
            if f.choices and value not in (None, ""):
                out[f"{f.name}_display"] = getattr(instance, f"get_{f.name}_display")()
    for name, related in instance._state.fields_cache.items():
        if not _SECRET.search(name):
            out.setdefault(name, related)
    for name, rows in getattr(instance, "_prefetched_objects_cache", {}).items():
        out.setdefault(name, list(rows))
    return out


def _text(instance: models.Model) -> str:
    return without_queries(lambda: str(instance), f"{instance._meta.verbose_name} {instance.pk}")


def _model_encoder(instance: models.Model) -> ModelEncoder:
    for cls in type(instance).__mro__:
        if cls in MODEL_ENCODERS:
            return MODEL_ENCODERS[cls]
    return model_fields


@dataclasses.dataclass
class Charts:
    """The charts met while encoding, in order: (title, SVG markup)."""

    items: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def add(self, svg: str) -> dict:
        found = _SVG_TITLE.search(svg)
        title = re.sub(r"\s+", " ", found.group(1)).strip() if found else ""
        self.items.append((title, str(svg)))
        return {"chart": len(self.items), "title": title}


def _properties(cls) -> list[str]:
    return [
        name
        for klass in reversed(cls.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, property) and not name.startswith("_")
    ]


def encode(value: Any, *, charts: Charts | None = None, depth: int = 0, path: frozenset = frozenset()) -> Any:
    """``value`` as JSON-ready data (see the module's docstring).

    ``path`` holds the model rows being encoded above this one: a row met again below itself (a result's measure
    inside that measure's results) is given by id and text only, so loaded relations never loop.
    """
    charts = charts if charts is not None else Charts()
    deeper = {"charts": charts, "depth": depth + 1, "path": path}
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth > MAX_DEPTH:  # a row by id and text; anything nested deeper is left out (None)
        return {"id": value.pk, "text": _text(value)} if isinstance(value, models.Model) else None
    if isinstance(value, str):
        return charts.add(value) if _SVG.match(value) else str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, models.Model):
        key = (type(value), value.pk)
        if key in path:
            return {"id": value.pk, "text": _text(value)}
        return encode(_model_encoder(value)(value), **{**deeper, "path": path | {key}})
    if isinstance(value, Mapping):
        return {str(k): encode(v, **deeper) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        omit = {"template", *getattr(value, "twin_omit", ())}
        out = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in omit}
        missing = object()
        for name in _properties(type(value)):
            if name not in out:
                try:
                    read = without_queries(lambda name=name: getattr(value, name), missing)
                except Exception:  # noqa: BLE001 (a property that cannot be read here is not a figure the PDF shows)
                    continue
                if read is not missing:
                    out[name] = read
        return encode(out, **deeper)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [encode(v, **deeper) for v in value]
    return str(value)


def twin_of(*, request, document) -> tuple[dict, Charts]:
    """The twin of a built document (reports.documents), and the charts it holds (for the Word copy)."""
    charts = Charts()
    context = dict(document.context)
    state = context.pop("state", None)  # what the next report compares with (reports.snapshots)
    sections = context.pop("sections", None)
    if sections is None:  # a report without sections (mognad, handlingsplan) is one part, its whole context
        sections = [
            {"key": request.kind, "title": document.title, "summary": [], "empty_message": "", "context": context}
        ]
        context = {}
    twin = {
        "format": FORMAT,
        "report": {
            "id": request.report_id,
            "kind": request.kind,
            "title": document.title,
            "period_start": request.period_start,
            "period_end": request.period_end,
            "organisation": request.organisation,
            "requested_by": request.requested_by,
            "generated_at": request.generated_at,
        },
        "seal": {"algorithm": "SHA-256", "note": SEAL_NOTE},
        "toc": [heading for _anchor, heading in document.toc],
        "sections": sections,
        "context": context,
        "state": state,
    }
    return encode(twin, charts=charts), charts


def twin_bytes(twin: dict) -> bytes:
    """The stored form: UTF-8, keys sorted, so the same data always gives the same bytes (and the same hash)."""
    return json.dumps(twin, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
