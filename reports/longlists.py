"""Long lists at a region's scale: counted per organisation kind in their chapter, printed whole in an appendix.

A municipality's uppföljningsrapport lists every row in its chapter. At a region's size (a hundred municipalities'
organisations, groups, forums and decisions) those lists run to hundreds of pages and bury the chapter, so a section
whose longest list has more than ``LONG_LIST_ROWS`` rows is printed as:

- in its chapter: the section's headline figures and its rows counted per organisation kind (förvaltning, bolag,
  kommuncentral stödjande funktion; rows with no organisation, such as a gate decision, are counted apart), with a
  pointer to the appendix;
- at the end of the report, in a numbered appendix: the section exactly as its own template prints it, every row,
  with the figures that only help a reader with few rows (the heatmap drawing) left out, in the appendix's compact
  fixed-layout tables (static/css/reports-pdf.css ``.appendix``); or, when the appendix has more than
  ``PRINTED_APPENDIX_ROWS`` rows, a short page naming its sheet in the report's workbook (reports.appendix_book),
  where every row is.

Which organisation a row belongs to is read per section (``ORGANISATION_OF``); a section that is not listed there is
still moved to an appendix when it is long, and its rows are counted as one group. One query in all, at every size:
the kinds of the organisations the long lists name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation

from .sections import SectionData

# More rows than this in one list and the list goes to an appendix: about two pages of an ordinary table.
LONG_LIST_ROWS = 60
# More rows than this in an appendix (about eight pages of its compact tables) and it is not printed: its rows are in
# the report's workbook (reports.appendix_book), and the PDF's appendix page says where.
PRINTED_APPENDIX_ROWS = 300


@dataclass
class Appendix:
    number: int
    anchor: str
    title: str
    rows: int
    # The section printed whole, or (for the årshjul's events) None and ``template`` reads the report's context.
    section: SectionData | None = None
    template: str = ""
    # (organisation kind, rows): in OrganisationKind's order, then the rows without an organisation.
    per_kind: list[tuple[str, int]] = field(default_factory=list)

    # The JSON twin holds the section once, in its chapter (``section_key`` names it): the appendix's copy of the
    # same rows would double a region's twin.
    twin_omit = ("section",)

    @property
    def section_key(self) -> str:
        return self.section.key if self.section is not None else ""

    @property
    def sheet_title(self) -> str:
        """Its sheet's name in the report's workbook (at most 31 characters, as Excel allows)."""
        return (_("Bilaga %(n)s") % {"n": self.number})[:31]

    @property
    def in_workbook(self) -> bool:
        """Too long to print: the rows are in the report's workbook, not in the PDF or the Word copy."""
        return self.rows > PRINTED_APPENDIX_ROWS


def _appendix_title(number: int, title: str) -> str:
    return _("Bilaga %(n)s: %(title)s") % {"n": number, "title": title}


def wheel_events_appendix(wheel: dict, *, number: int, limit: int | None = None) -> Appendix | None:
    """The årshjul's list of events as an appendix when it is long (the drawn wheel stays in its chapter)."""
    limit = LONG_LIST_ROWS if limit is None else limit
    events = wheel.get("events") or []
    if len(events) <= limit:
        return None
    return Appendix(
        number=number,
        anchor=f"bilaga-{number}",
        title=_appendix_title(number, _("Händelser i årshjulet %(year)s") % {"year": wheel["year"]}),
        rows=len(events),
        template="reports/includes/_wheel_events.html",
    )


def _heatmap_rows(section: SectionData) -> list:
    data = section.context.get("data")
    return list(getattr(data, "rows", []) or [])


def _decision_organisation(decision) -> int | None:
    return decision.errand.organisation_id if getattr(decision, "errand_id", None) else None


def _change_organisation(item) -> int | None:
    measure = item.get("measure") if isinstance(item, dict) else None
    return getattr(measure, "responsible_organisation_id", None)


# Per section key: (the rows a reader counts, the organisation id of a row). Sections not named here are measured by
# their longest list and counted as one group.
ORGANISATION_OF: dict[str, tuple[Callable[[SectionData], list], Callable[[object], int | None]]] = {
    "maturity": (_heatmap_rows, lambda row: row.organisation.pk),
    "changes": (lambda s: list(s.context.get("items") or []), _change_organisation),
    "queue": (lambda s: list(s.context.get("decisions") or []), _decision_organisation),
    "decision_status": (
        lambda s: [r["decision"] for r in s.context.get("rows") or []],
        _decision_organisation,
    ),
}

# Context entries left out of the appendix copy: drawings that grow with the rows (a 2 300-row heatmap is a page-long
# picture nobody reads, and the table beside it holds the same levels).
DROP_IN_APPENDIX = {"maturity": ("svg",)}


def longest_list(section: SectionData) -> int:
    """The number of rows of the section's longest list (its context's lists, and the maturity heatmap's rows)."""
    lengths = [len(v) for v in section.context.values() if isinstance(v, list | tuple)]
    lengths.append(len(_heatmap_rows(section)))
    return max(lengths, default=0)


def move_long_lists(sections: list[SectionData], *, limit: int | None = None) -> list[Appendix]:
    """Mark each long section with its appendix (``section.context["appendix"]``) and return the appendices in order.

    The section itself is left as it is for the chapter's headline figures; the appendix holds a copy of it whose
    context drops only what ``DROP_IN_APPENDIX`` names.
    """
    limit = LONG_LIST_ROWS if limit is None else limit
    long = [s for s in sections if longest_list(s) > limit]
    rows_of = {}
    wanted: set[int] = set()
    for section in long:
        rows_fn, org_fn = ORGANISATION_OF.get(section.key, (None, None))
        if rows_fn is None:
            rows_of[section.key] = (longest_list(section), None)
            continue
        ids = [org_fn(row) for row in rows_fn(section)]
        rows_of[section.key] = (len(ids), ids)
        wanted.update(i for i in ids if i is not None)
    # Run also when nothing is long, so the report takes the same number of queries at every size (an empty "in"
    # would be answered by Django without asking the database; no organisation has pk 0).
    kind_of = dict(Organisation.objects.filter(pk__in=sorted(wanted) or [0]).values_list("pk", "kind"))
    labels = dict(OrganisationKind.choices)
    appendices = []
    for number, section in enumerate(long, start=1):
        total, ids = rows_of[section.key]
        per_kind: list[tuple[str, int]] = []
        if ids is not None:
            counts: dict[str | None, int] = {}
            for org_id in ids:
                kind = kind_of.get(org_id) if org_id is not None else None
                counts[kind] = counts.get(kind, 0) + 1
            per_kind = [(labels[k], counts[k]) for k in OrganisationKind.values if counts.get(k)]
            unknown = sum(n for k, n in counts.items() if k not in labels)
            if unknown:
                per_kind.append((_("Utan organisation"), unknown))
        drop = DROP_IN_APPENDIX.get(section.key, ())
        copy = SectionData(
            key=section.key,
            title=section.title,
            template=section.template,
            context={k: ("" if k in drop else v) for k, v in section.context.items()},
            summary=section.summary,
            empty_message=section.empty_message,
        )
        appendix = Appendix(
            number=number,
            anchor=f"bilaga-{number}",
            title=_appendix_title(number, section.title),
            rows=total,
            section=copy,
            template=section.template,
            per_kind=per_kind,
        )
        section.context["appendix"] = appendix
        appendices.append(appendix)
    return appendices
