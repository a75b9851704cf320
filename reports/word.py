"""The Word copy of a report (python-docx), built from its JSON twin so both hold the same headings and figures.

The process leader writes the tjänsteskrivelse around it, so it is plain Word: the title, "Heading 1" per section,
"Heading 2/3" per part of a section, tables as Word tables. Generic like the twin: a section or context key added
later appears here without a change. A chart becomes a PNG picture when the server can draw SVG (vudig.core.svg);
otherwise the document says so in the chart's place, and the chart's numbers are in the section's tables anyway.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vudig.core.svg import svg_to_png

from .twin import Charts

# Swedish names of the context keys and columns the sections use today; any other key is shown as it is spelled.
LABELS = {
    "rows": gettext_lazy("Uppgifter"),
    "items": gettext_lazy("Poster"),
    "overdue": gettext_lazy("Försenade"),
    "frozen": gettext_lazy("Status vid uppföljningsperioderna"),
    "decisions": gettext_lazy("Beslut"),
    "follow_ups": gettext_lazy("Uppföljning"),
    "obstacles": gettext_lazy("Hinder"),
    "risks": gettext_lazy("Risker"),
    "groups": gettext_lazy("Grupper"),
    "forums": gettext_lazy("Forum"),
    "totals": gettext_lazy("Summor"),
    "plan": gettext_lazy("Plan"),
    "measure": gettext_lazy("Åtgärd"),
    "measures": gettext_lazy("Åtgärder"),
    "result": gettext_lazy("Resultat"),
    "project": gettext_lazy("Projekt"),
    "phase": gettext_lazy("Fas"),
    "traffic_light": gettext_lazy("Trafikljus"),
    "latest_report": gettext_lazy("Senaste lägesrapport"),
    "organisation": gettext_lazy("Organisation"),
    "status": gettext_lazy("Status"),
    "statuses": gettext_lazy("Statusar"),
    "label": gettext_lazy("Benämning"),
    "count": gettext_lazy("Antal"),
    "total": gettext_lazy("Totalt"),
    "name": gettext_lazy("Namn"),
    "old": gettext_lazy("Från"),
    "new": gettext_lazy("Till"),
    "when": gettext_lazy("När"),
    "who": gettext_lazy("Vem"),
    "reason": gettext_lazy("Motivering"),
    "received": gettext_lazy("Inkomna"),
    "decided": gettext_lazy("Beslutade"),
    "open": gettext_lazy("Öppna"),
    "done": gettext_lazy("Klara"),
    "late": gettext_lazy("Försenade"),
    "text": gettext_lazy("Text"),
    "data": gettext_lazy("Data"),
    "compared": gettext_lazy("Jämfört med förra rapporten"),
    "wheel": gettext_lazy("Årshjulet"),
    "events": gettext_lazy("Händelser"),
    "areas": gettext_lazy("Områden"),
    "spread": gettext_lazy("Spridning per område"),
    "round": gettext_lazy("Omgång"),
    "in_force": gettext_lazy("Gällande"),
    "sections_without_data": gettext_lazy("Avsnitt utan uppgifter ännu"),
    "assessments": gettext_lazy("Självskattningar"),
    "years": gettext_lazy("Nivåer per år"),
    "table": gettext_lazy("Områdena över åren"),
    "comparison": gettext_lazy("Senaste skattningen jämförd"),
    "motivations": gettext_lazy("Motiveringar"),
    "latest": gettext_lazy("Senaste skattningen"),
    "previous": gettext_lazy("Föregående skattning"),
    "level": gettext_lazy("Nivå"),
    "levels": gettext_lazy("Nivåer"),
    "median": gettext_lazy("Median"),
    "area": gettext_lazy("Område"),
    "descriptor": gettext_lazy("Nivåbeskrivning"),
}
# How a drawing is drawn (the årshjul's sectors and rings, today's line), not what it says: the JSON keeps them, the
# Word copy lists the drawing's events instead.
DRAWING_KEYS = {"centre", "inner", "size", "months", "rings", "today", "path"}
# Shown at the top of the document (the period line, the summary table), not again as parts of their own.
SHOWN_FIRST = {"summary", "period"}
# The appendices (reports.longlists): printed after the chapters as the PDF prints them, not as context entries.
APPENDIX_KEYS = {"appendices", "events_appendix"}


def _in_workbook(appendix) -> bool:
    """An appendix too long to print: the PDF and this copy say where its rows are (reports.appendix_book)."""
    return isinstance(appendix, dict) and bool(appendix.get("in_workbook"))


def _label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _is_model(value) -> bool:
    return isinstance(value, dict) and "id" in value and "text" in value


def _is_chart(value) -> bool:
    return isinstance(value, dict) and "chart" in value and set(value) <= {"chart", "title"}


def _cell(value: Any) -> str:
    """One table cell: a scalar as text, a record by its text, a list of those joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if _is_model(value):
        return str(value["text"])
    if isinstance(value, dict):
        return "; ".join(
            f"{_label(k)}: {_cell(v)}" for k, v in value.items() if not _is_chart(v) and v not in (None, "")
        )
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


# A row's bookkeeping, not a figure: its id, the ids of its relations, its place in a list, its edit counter.
BOOKKEEPING = re.compile(r"^(id|pk|order|version)$|_id$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _figure_keys(row: dict) -> list[str]:
    """What a model row shows in a table: its text, its numbers and dates, and its choices by their labels."""
    return ["text"] + [
        k
        for k, v in row.items()
        if not BOOKKEEPING.search(k)
        and k != "text"
        and (
            k.endswith("_display")
            or (isinstance(v, int | float) and not isinstance(v, bool))
            or (isinstance(v, str) and _DATE.match(v))
        )
    ]


def _columns(rows: list[dict]) -> list[str]:
    """The columns of a list of records: a model row shows its figures (``_figure_keys``); other rows every key."""
    columns: list[str] = []
    for row in rows:
        keys = _figure_keys(row) if _is_model(row) else list(row)
        for key in keys:
            if key not in columns and not _is_chart(row.get(key)):
                columns.append(key)
    return columns


def _nested_columns(rows: list[dict]) -> list[str]:
    """Columns of plain rows whose values are lists of records (a plan's measures); a model row's loaded relations
    stay in its cells, so the copy does not grow a table per row."""
    return [
        key
        for key in dict.fromkeys(k for row in rows for k in row)
        if any(
            isinstance(row.get(key), list) and row[key] and all(isinstance(v, dict) for v in row[key]) for row in rows
        )
        and not all(_is_model(row) for row in rows)
    ]


def _mark_header(row) -> None:
    """Mark a table's first row as its header: Word repeats it on each page and screen readers announce it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


class _Writer:
    def __init__(self, charts: Charts):
        from docx import Document

        self.doc = Document()
        self.charts = charts

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        _mark_header(table.rows[0])
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text

    def section_body(self, section: dict) -> None:
        """A section as its chapter prints it: at a region's scale a long one gives its figures and where its rows
        are, as the PDF's chapter does, instead of a Word table of thousands of rows."""
        if section.get("empty_message"):
            self.doc.add_paragraph(section["empty_message"])
        if section.get("summary"):
            self.table(
                [_("Uppgift"), _("Värde")], [[_cell(label), _cell(value)] for label, value in section["summary"]]
            )
        context = section.get("context") or {}
        appendix = context.get("appendix")
        if isinstance(appendix, dict):
            self.pointer(appendix)
            return
        for key, value in context.items():
            if key != "appendix":
                self.value(key, value, 2)
        for key, value in section.items():  # fields added to SectionData later
            if key not in {"key", "title", "summary", "empty_message", "context"}:
                self.value(key, value, 2)

    def pointer(self, appendix: dict) -> None:
        """Where an appendix's rows are, and how many there are per organisation kind."""
        if not _in_workbook(appendix):
            where = ngettext(
                "%(title)s: %(n)s rad, sist i dokumentet.",
                "%(title)s: %(n)s rader, sist i dokumentet.",
                appendix["rows"],
            )
        else:
            where = ngettext(
                "%(title)s: %(n)s rad, i rapportens kalkylblad med bilagor (XLSX), bladet ”%(sheet)s”.",
                "%(title)s: %(n)s rader, i rapportens kalkylblad med bilagor (XLSX), bladet ”%(sheet)s”.",
                appendix["rows"],
            )
        self.doc.add_paragraph(
            where % {"title": appendix["title"], "n": appendix["rows"], "sheet": appendix["sheet_title"]}
        )
        if appendix.get("per_kind"):
            self.table(
                [_("Organisationstyp"), _("Rader")],
                [[_cell(label), _cell(n)] for label, n in appendix["per_kind"]]
                + [[_("Totalt"), _cell(appendix["rows"])]],
            )

    def chart(self, value: dict) -> None:
        _title, svg = self.charts.items[value["chart"] - 1]
        png = svg_to_png(svg)
        if png is not None:
            from docx.shared import Cm

            self.doc.add_picture(io.BytesIO(png), width=Cm(16))
            self.doc.add_paragraph(value["title"])
        else:
            self.doc.add_paragraph(
                _("Diagram: %(t)s (servern kan inte rita diagrammet som bild; dess värden står i tabellerna).")
                % {"t": value["title"]}
            )

    def records(self, heading: str, rows: list[dict], level: int) -> None:
        """A list of records as a table; a column holding records of its own (a plan's measures, a measure's
        results) becomes a table of its own under each row, headed by the row."""
        self.doc.add_heading(heading, level=min(level, 9))
        for row in rows:
            for inner in row.values():
                if _is_chart(inner):
                    self.chart(inner)
        nested = _nested_columns(rows)
        columns = [c for c in _columns(rows) if c not in nested]
        self.table([_label(c) for c in columns], [[_cell(v.get(c)) for c in columns] for v in rows])
        for row in rows:
            for column in nested:
                if row.get(column):
                    title = _cell(row.get(columns[0])) if columns else ""
                    self.records(f"{title} – {_label(column)}" if title else _label(column), row[column], level + 1)

    def value(self, key: str, value: Any, level: int) -> None:
        """One context entry: a line, a table, a chart or a sub-heading with its own entries."""
        if value in (None, "", [], {}) or key in DRAWING_KEYS:
            return
        if _is_chart(value):
            self.chart(value)
        elif _is_model(value) or not isinstance(value, dict | list):
            self.doc.add_paragraph(f"{_label(key)}: {_cell(value)}")
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            self.records(_label(key), value, level)
        elif isinstance(value, list) and all(isinstance(v, list) for v in value):
            self.doc.add_heading(_label(key), level=min(level, 9))
            width = max(len(v) for v in value)
            self.table(["" for _i in range(width)], [[_cell(c) for c in v] + [""] * (width - len(v)) for v in value])
        elif isinstance(value, list):
            self.doc.add_heading(_label(key), level=min(level, 9))
            for v in value:
                if _is_chart(v):
                    self.chart(v)
                else:
                    self.doc.add_paragraph(_cell(v), style="List Bullet")
        else:
            self.doc.add_heading(_label(key), level=min(level, 9))
            for k, v in value.items():
                self.value(k, v, level + 1)


def docx_of(twin: dict, *, charts: Charts, json_sha256: str) -> bytes:
    """The Word copy of ``twin``: title, the summary, a Heading 1 per section with its figures, and a colophon."""
    w = _Writer(charts)
    report = twin["report"]
    w.doc.core_properties.title = report["title"]
    w.doc.core_properties.author = "Piteå kommun – VUDIG"
    w.doc.add_heading(report["title"], level=0)
    w.doc.add_paragraph(_("Period: %(from)s – %(to)s") % {"from": report["period_start"], "to": report["period_end"]})
    summary = twin["context"].get("summary")
    if summary:
        w.doc.add_heading(_("Sammanfattning"), level=1)
        w.table([_("Uppgift"), _("Värde")], [[_cell(label), _cell(value)] for label, value in summary])
    for section in twin["sections"]:
        w.doc.add_heading(section["title"], level=1)
        w.section_body(section)
    rest = twin["context"]
    for key, value in rest.items():  # the rest of the document, e.g. the årshjul
        if key not in SHOWN_FIRST | APPENDIX_KEYS and value not in (None, "", [], {}):
            w.doc.add_heading(_label(key), level=1)
            for inner_key, inner in value.items() if isinstance(value, dict) else [(key, value)]:
                if key == "wheel" and inner_key == "events" and _in_workbook(rest.get("events_appendix")):
                    w.pointer(rest["events_appendix"])
                else:
                    w.value(inner_key, inner, 2)
    sections = {s.get("key"): s for s in twin["sections"]}
    for appendix in rest.get("appendices") or []:  # printed in the PDF, so here too; the longest are in the workbook
        section = sections.get(appendix.get("section_key"))
        if not _in_workbook(appendix) and section is not None:
            w.doc.add_heading(appendix["title"], level=1)
            for key, value in (section.get("context") or {}).items():
                if key != "appendix":
                    w.value(key, value, 2)
    w.doc.add_heading(_("Kolofon"), level=1)
    w.doc.add_paragraph(
        _(
            "Word-kopia av rapporten för redigering, skapad %(when)s ur samma uppgifter som PDF-rapporten och "
            "JSON-filen. JSON-filens SHA-256: %(sha)s. Den arkiverade rapporten är PDF-filen."
        )
        % {"when": report["generated_at"] or "", "sha": json_sha256}
    )
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
