"""Page one after the cover: what a kommunchef reads in a minute, made from the gathered sections (no queries).

The bars, traffic lights, ärenden and maturity medians are copied from the sections' data, and five to eight plain
Swedish sentences are written from them by fixed rules (no AI): each rule reads one figure and says it in a short
sentence, with ngettext for the counts. Everything here is a plain value (str, int, float), so the JSON twin and the
Word document carry the same summary.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.constants import ResultStatus
from projects.constants import TrafficLight
from steeringgroups.constants import DecisionKind

from .sections import EMPTY_SECTION_TEMPLATE, ReportPeriod, SectionData

OVERVIEW_KEY = "sammanfattning"


def _status_bars(status: dict) -> list[dict]:
    """Per decided plan with results (else the plan in force alone): its results per status, with each status's
    share in percent. Piteå follows up the earlier decided measures alongside the plan in force, so both show."""
    all_rows = status.get("rows", [])
    rows = [r for r in all_rows if r["total"]] or [r for r in all_rows if r["in_force"]]
    bars = []
    for row in rows:
        total = row["total"]
        bars.append(
            {
                "plan": row["plan"].title,
                "in_force": row["in_force"],
                "total": total,
                "statuses": [
                    {
                        "label": str(s["label"]),
                        "value": s["value"],
                        "count": s["count"],
                        "percent": round(100 * s["count"] / total) if total else 0,
                    }
                    for s in row["statuses"]
                    if s["count"]
                ],
            }
        )
    return bars


def _lights(projects: dict) -> list[dict]:
    return [
        {
            "project": item["project"].name,
            "phase": str(item["phase"]),
            "light": str(item["traffic_light"]),
            "light_value": item["traffic_light_value"],
        }
        for item in projects.get("items", [])
    ]


def _maturity(section: SectionData | None) -> dict:
    if section is None or "data" not in section.context or not section.context.get("submitted"):
        return {}
    data, round = section.context["data"], section.context["round"]
    areas = [
        {"area": s.area.name, "median": s.median, "change": s.median_change}
        for s in data.spread
        if s.median is not None
    ]
    return {"year": round.year, "areas": areas, "has_previous": data.previous_round is not None}


# -- the sentences: one rule per figure ----------------------------------------------------------------------------
def _sentence(clauses: list[str]) -> str:
    """One sentence of clauses joined by semicolons."""
    return "; ".join(clauses) + "."


def _sentence_measures(status: dict, *, has_previous: bool) -> str:
    total, late, new = status.get("measures_total", 0), len(status.get("overdue", [])), status.get("overdue_new", 0)
    if not late:
        return ngettext(
            "Planens enda åtgärd är inte försenad.", "Ingen av planens %(total)d åtgärder är försenad.", total
        ) % {"total": total}
    first = ngettext("%(late)d av %(total)d åtgärder är försenad", "%(late)d av %(total)d åtgärder är försenade", late)
    if has_previous:
        second = ngettext(
            "%(new)d blev försenad sedan förra rapporten", "%(new)d blev försenade sedan förra rapporten", new
        )
    else:
        second = ngettext("%(new)d blev försenad under perioden", "%(new)d blev försenade under perioden", new)
    return _sentence([first % {"late": late, "total": total}, second % {"new": new}])


def _sentence_changes(changes: dict) -> str:
    n, created = len(changes.get("items", [])), changes.get("created", 0)
    became = changes.get("became", {})
    parts = [
        ngettext("Status byttes %(n)d gång", "Status byttes %(n)d gånger", n) % {"n": n}
        if n
        else _("Ingen status byttes")
    ]
    alt, not_done = became.get(ResultStatus.ALT_LOSNING, 0), became.get(ResultStatus.EJ_GENOMFORD, 0)
    if alt or not_done:
        parts.append(
            _("%(alt)d till Alt lösning och %(not_done)d till Ej genomförd") % {"alt": alt, "not_done": not_done}
        )
    parts.append(ngettext("%(n)d nytt resultat lades till", "%(n)d nya resultat lades till", created) % {"n": created})
    return _sentence(parts)


def _sentence_projects(lights: list[dict]) -> str:
    if not lights:
        return _("Det finns inga ramprojekt ännu.")
    count = {value: sum(1 for item in lights if item["light_value"] == value) for value in TrafficLight.values}
    none = sum(1 for item in lights if not item["light_value"])
    parts = [
        ngettext(
            "Av %(n)d ramprojekt har %(red)d rött ljus, %(yellow)d gult och %(green)d grönt",
            "Av %(n)d ramprojekt har %(red)d rött ljus, %(yellow)d gult och %(green)d grönt",
            len(lights),
        )
        % {
            "n": len(lights),
            "red": count.get(TrafficLight.ROD, 0),
            "yellow": count.get(TrafficLight.GUL, 0),
            "green": count.get(TrafficLight.GRON, 0),
        }
    ]
    if none:
        parts.append(ngettext("%(n)d har ingen rapport", "%(n)d har ingen rapport", none) % {"n": none})
    return _sentence(parts)


def _sentence_errands(queue: dict) -> str:
    totals = queue.get("totals", {})
    open_, late = totals.get("open", 0), totals.get("overdue", 0)
    if not open_:
        return _("Inga ärenden är öppna när perioden slutar.")
    first = ngettext("%(n)d ärende är öppet när perioden slutar", "%(n)d ärenden är öppna när perioden slutar", open_)
    second = ngettext("%(n)d är sent", "%(n)d är sena", late) % {"n": late} if late else _("inget är sent")
    return _sentence([first % {"n": open_}, second])


def _sentence_decisions(decisions: dict) -> str:
    total, counts = decisions.get("total", 0), decisions.get("counts", {})
    if not total:
        return _("Inga beslut togs under perioden.")
    return ngettext(
        "Ett beslut togs: %(group)d i styrgrupp, %(gate)d om projekt och %(plan)d om planen.",
        "%(n)d beslut togs: %(group)d i styrgrupp, %(gate)d om projekt och %(plan)d om planen.",
        total,
    ) % {
        "n": total,
        "group": counts.get(DecisionKind.MOTE, 0),
        "gate": counts.get(DecisionKind.GATE, 0),
        "plan": counts.get(DecisionKind.PLAN, 0),
    }


def _sentence_follow_ups(decision_status: dict) -> str:
    total = decision_status.get("total", 0)
    if not total:
        return ""
    return ngettext(
        "Besluten gav ett uppdrag: %(done)d är klart och %(late)d är sent.",
        "Besluten gav %(n)d uppdrag: %(done)d är klara och %(late)d är sena.",
        total,
    ) % {"n": total, "done": decision_status.get("done", 0), "late": decision_status.get("late", 0)}


def _sentence_maturity(maturity: dict) -> str:
    areas = maturity.get("areas", [])
    if not areas:
        return _("Ingen mognad är skattad ännu.")
    if not maturity.get("has_previous"):
        return ngettext(
            "Mognaden mättes %(year)s i %(n)d område.", "Mognaden mättes %(year)s i %(n)d områden.", len(areas)
        ) % {"year": maturity["year"], "n": len(areas)}
    up = sum(1 for a in areas if a["change"] is not None and a["change"] > 0)
    down = sum(1 for a in areas if a["change"] is not None and a["change"] < 0)
    return ngettext(
        "Mognaden steg i %(up)d av %(n)d område och sjönk i %(down)d.",
        "Mognaden steg i %(up)d av %(n)d områden och sjönk i %(down)d.",
        len(areas),
    ) % {"up": up, "n": len(areas), "down": down}


def _sentence_indicators(indicators: dict) -> str:
    n = indicators.get("on_track", 0) + indicators.get("behind", 0) + indicators.get("without", 0)
    if not n:
        return ""
    return ngettext(
        "%(on)d av %(n)d nyckeltal är i fas med målet.", "%(on)d av %(n)d nyckeltal är i fas med målet.", n
    ) % {"on": indicators.get("on_track", 0), "n": n}


def summary_sentences(by_key: dict[str, dict], *, lights: list[dict], maturity: dict, has_previous: bool) -> list[str]:
    """Five to eight sentences: the first five always (measures, changes, projects, ärenden and decisions, maturity),
    then follow-ups and indicators when there are any."""
    sentences = [
        _sentence_measures(by_key.get("status", {}), has_previous=has_previous),
        _sentence_changes(by_key.get("changes", {})),
        _sentence_projects(lights),
        _sentence_errands(by_key.get("queue", {})),
        _sentence_decisions(by_key.get("decisions", {})),
        _sentence_maturity(maturity),
        _sentence_follow_ups(by_key.get("decision_status", {})),
        _sentence_indicators(by_key.get("indicators", {})),
    ]
    return [s for s in sentences if s][:8]


def overview_section(*, sections: list[SectionData], period: ReportPeriod) -> SectionData:
    """The one-page summary made from the other sections' data."""
    by_key = {s.key: s.context for s in sections}
    lights = _lights(by_key.get("projects", {}))
    maturity = _maturity(next((s for s in sections if s.key == "maturity"), None))
    queue = by_key.get("queue", {}).get("totals", {})
    return SectionData(
        key=OVERVIEW_KEY,
        title=_("Sammanfattning"),
        template="reports/pdf/sections/_summary.html",
        context={
            "sentences": summary_sentences(
                by_key, lights=lights, maturity=maturity, has_previous=period.previous_end is not None
            ),
            "bars": _status_bars(by_key.get("status", {})),
            "lights": lights,
            "errands": {"open": queue.get("open", 0), "overdue": queue.get("overdue", 0)},
            "maturity": maturity,
            "sections_without_data": [s.title for s in sections if s.template == EMPTY_SECTION_TEMPLATE],
        },
    )
