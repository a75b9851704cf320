"""The accessibility statement (tillgänglighetsredogörelse) from the data file the organisation keeps.

DOS-lagen requires the statement and DIGG describes what it holds; the facts that change (known shortcomings, when
the service was last assessed, whom to contact) live in ``data/tillganglighet.yaml`` (``VUDIG_ACCESSIBILITY_FILE``)
so that updating them is an edit of one file, reviewed like code. A broken file fails loudly with its path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "tillganglighet.yaml"

COMPLIANCE = {
    "helt": _("helt förenlig"),
    "delvis": _("delvis förenlig"),
    "inte": _("inte förenlig"),
}
# Swedish titles of the WCAG success criteria the statement cites: WCAG 2.0's from W3C's authorised Swedish
# translation; the criteria new in 2.1 have none, so our wording carries the official English name beside it.
CRITERIA = {
    "1.1.1": _("Icke-textuellt innehåll"),
    "1.3.1": _("Information och relationer"),
    "1.4.3": _("Kontrast (minimum)"),
    "1.4.4": _("Ändra textstorlek"),
    "1.4.10": _("Anpassning till skärmstorlek (Reflow)"),
    "1.4.11": _("Kontrast för icke-textuellt innehåll (Non-text Contrast)"),
    "2.1.1": _("Tangentbord"),
    "2.4.3": _("Fokusordning"),
    "3.3.1": _("Identifiering av fel"),
    "4.1.2": _("Namn, roll, värde"),
}


class AccessibilityDataError(Exception):
    """The statement's data file is broken; the message names the file and the key."""


@dataclass(frozen=True)
class Shortcoming:
    title: str
    criteria: tuple[tuple[str, str], ...]  # (number, Swedish title or "")
    description: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    website: str
    organisation: str
    compliance: str
    compliance_label: str
    published: datetime.date | None
    assessed: datetime.date
    updated: datetime.date
    assessment_method: str
    contact_name: str
    contact_email: str
    contact_phone: str
    response_days: int | None
    shortcomings: tuple[Shortcoming, ...]
    not_covered: tuple[str, ...]


def _text(data: dict, key: str, path: Path, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise AccessibilityDataError(f"{path}: '{key}' måste vara en text som inte är tom")
    return value.strip()


def _date(data: dict, key: str, path: Path, *, required: bool = True) -> datetime.date | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        raise AccessibilityDataError(f"{path}: '{key}' måste vara ett datum (ÅÅÅÅ-MM-DD)")
    return value


def statement_load(path: Path | str | None = None) -> Statement:
    """Read and check the statement's data file (small; read on each request so an edit shows at once)."""
    path = Path(path or getattr(settings, "VUDIG_ACCESSIBILITY_FILE", "") or DEFAULT_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AccessibilityDataError(f"{path}: filen kan inte läsas: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise AccessibilityDataError(f"{path}: filen är inte giltig YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise AccessibilityDataError(f"{path}: filen måste vara en mappning")
    compliance = data.get("compliance")
    if compliance not in COMPLIANCE:
        raise AccessibilityDataError(f"{path}: 'compliance' måste vara en av {', '.join(COMPLIANCE)}")
    contact = data.get("contact")
    if not isinstance(contact, dict):
        raise AccessibilityDataError(f"{path}: 'contact' saknas")
    shortcomings = []
    for i, entry in enumerate(data.get("shortcomings") or []):
        if not isinstance(entry, dict):
            raise AccessibilityDataError(f"{path}: shortcomings[{i}] måste vara en mappning")
        criteria = entry.get("criteria") or []
        if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
            raise AccessibilityDataError(f"{path}: shortcomings[{i}].criteria måste vara en lista av kriterier")
        shortcomings.append(
            Shortcoming(
                title=_text(entry, "title", path),
                criteria=tuple((c, str(CRITERIA.get(c, ""))) for c in criteria),
                description=_text(entry, "description", path),
                pages=tuple(entry.get("pages") or ()),
            )
        )
    response_days = contact.get("response_days")
    return Statement(
        website=_text(data, "website", path),
        organisation=_text(data, "organisation", path),
        compliance=compliance,
        compliance_label=str(COMPLIANCE[compliance]),
        published=_date(data, "published", path, required=False),
        assessed=_date(data, "assessed", path),
        updated=_date(data, "updated", path),
        assessment_method=_text(data, "assessment_method", path),
        contact_name=_text(contact, "name", path),
        contact_email=_text(contact, "email", path),
        contact_phone=_text(contact, "phone", path, required=False),
        response_days=response_days if isinstance(response_days, int) else None,
        shortcomings=tuple(shortcomings),
        not_covered=tuple(str(t).strip() for t in data.get("not_covered") or ()),
    )
