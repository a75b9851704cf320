"""The public plan: the decided document from the data file, with today's follow-up from the portal beside it.

The plan's own statuses and responsible parties come from the document (what was decided); the follow-up status
today and each frame project's phase come from the database, in a fixed number of queries (measures with their
results, and the frame projects), whatever the document holds.
"""

from __future__ import annotations

from itertools import zip_longest

from django.utils.translation import gettext_lazy as _

from measures.constants import MeasureCategory, ResultStatus
from measures.selectors import measure_list
from projects.selectors import project_list

from .plan_loader import PlanDocument, plan_document_load

# Figur 1's three columns, in the plan's order and with its headings.
FIGURE_1_COLUMNS = (
    ("forvaltning", _("Förvaltningar")),
    ("bolag", _("Bolag")),
    ("stodfunktion", _("Kommuncentrala stödjande funktioner")),
)


def _status(value: str | None) -> dict | None:
    if not value:
        return None
    return {"value": value, "label": str(ResultStatus(value).label)}


def plan_document_get(*, user, plans: list) -> tuple[PlanDocument, dict]:
    """The document and, per ``data`` block key, the rows to render (plan's wording + today's follow-up)."""
    document = plan_document_load()
    data = document.data
    decided = {p.slug: p for p in plans}
    by_pk = {p.pk: p for p in plans}
    # A decided plan may have been carried forward into newer decided versions ("Starta ny version"): the follow-up
    # today of a measure is then in the newest version that still has it (matched on the measure's title).
    chains: dict[str, list] = {}
    for slug in (document.previous_plan, document.plan):
        plan = decided.get(slug)
        chain = []
        while plan is not None and plan not in chain:
            chain.append(plan)
            successor = getattr(plan, "successor", None) if plan.is_superseded else None
            plan = by_pk.get(successor.pk) if successor is not None else None
        chains[slug] = chain
    followed = [plan for chain in chains.values() for plan in chain]
    measures = {}
    # Only the measures the document names (a region's plans hold thousands more; they are not on this page).
    titles = {e["title"] for key in ("previous_measures", "development_measures") for e in data[key]}
    if followed:
        for measure in measure_list(user=user).filter(plan__in=followed, title__in=titles):
            measures[(measure.plan_id, measure.title)] = measure

    def today(plan_slug: str, title: str):
        for plan in reversed(chains.get(plan_slug, [])):
            if (plan.pk, title) in measures:
                return measures[(plan.pk, title)]
        return None

    previous = []
    for entry in data["previous_measures"]:
        measure = today(document.previous_plan, entry["title"])
        now = {r.title: r.status for r in measure.results.all()} if measure else {}
        previous.append(
            {
                "title": entry["title"],
                "responsible": entry["responsible"],
                "description": entry.get("description") or "",
                "results": [
                    {"title": r["title"], "planned": _status(r["status"]), "today": _status(now.get(r["title"]))}
                    for r in entry.get("results") or []
                ],
            }
        )

    section_of = {s.measure: s.id for s in document.walk() if s.measure}
    projects = {p.slug: p for p in project_list().filter(slug__in=[p["slug"] for p in data["projects"]])}
    project_of_measure = {p["measure"]: p["slug"] for p in data["projects"]}
    columns: dict[str, list] = {MeasureCategory.STABILITY: [], MeasureCategory.EFFECT: []}
    for entry in data["development_measures"]:
        measure = today(document.plan, entry["title"])
        project = projects.get(project_of_measure.get(entry["title"], ""))
        columns.setdefault(entry.get("category") or "", []).append(
            {
                "title": entry["title"],
                "responsible": entry["responsible"],
                "today": _status(measure.consolidated_status) if measure else None,
                "anchor": section_of.get(entry["title"]) or (f"projekt-{project.slug}" if project else ""),
            }
        )
    development = list(zip_longest(columns[MeasureCategory.STABILITY], columns[MeasureCategory.EFFECT]))

    groups = {g["slug"]: g["name"] for g in data["steering_groups"]}
    project_rows = []
    for entry in data["projects"]:
        project = projects.get(entry["slug"])
        project_rows.append(
            {
                **entry,
                "steering_group_name": groups.get(entry["steering_group"], ""),
                "phase_label": project.get_phase_display() if project else "",
                "public": project is not None,
            }
        )

    figure = [
        (label, [o["name"] for o in data["organisations"] if o["kind"] == kind]) for kind, label in FIGURE_1_COLUMNS
    ]
    rows = {
        "goals": data["goals"],
        "previous_measures": previous,
        "development_measures": development,
        "steering_groups": data["steering_groups"],
        "forums": data["forums"],
        "capability_areas": data["capability_areas"],
        "obstacles": data["obstacles"],
        "regulatory_areas": data["regulatory_areas"],
        "figure_1": figure,
        "projects": project_rows,
        # per development measure title: its responsible as the plan says and today's status (the sections use it)
        "measure_info": {item["title"]: item for column in columns.values() for item in column},
    }
    return document, rows
