"""What changed between two sealed uppföljningsrapporter, read from their JSON twins, not from live data.

Each uppföljningsrapport's twin carries a ``state`` block (``snapshot_state``): the decided plans' measures and
results with their status, the decisions taken by the period's end, and the maturity levels of the period's round.
The next report compares its own state with the one sealed in the previous report's twin (``diff``), so "what
changed" is what the two archived reports say, whatever was edited in between.
"""

from __future__ import annotations

import json
import logging

from django.db.models import F

from maturity.constants import SUBMITTED_STATUSES, AssessmentStatus
from maturity.models import AreaAssessment
from measures.models import Measure, MeasureResult
from steeringgroups.models import Decision

from .sections import ReportPeriod, report_round

logger = logging.getLogger(__name__)

STATE_VERSION = 1


def snapshot_state(*, period: ReportPeriod) -> dict:
    """The comparable state a report seals (4 queries): measures, results, decisions, maturity."""
    measures = Measure.objects.public().active()
    round = report_round(period=period)
    levels = (
        AreaAssessment.objects.filter(assessment__round=round, assessment__status__in=SUBMITTED_STATUSES)
        .order_by("assessment__organisation__name", "area__order", "area_id")
        .values(
            org_id=F("assessment__organisation_id"),
            org_name=F("assessment__organisation__name"),
            assessment_status=F("assessment__status"),
            area_name=F("area__name"),
            area_level=F("level"),
        )
        if round is not None
        else []
    )
    statuses = dict(AssessmentStatus.choices)
    return {
        "version": STATE_VERSION,
        "measures": [
            {"id": m.pk, "title": m.title, "plan": m.plan.title, "status": m.status, "label": m.get_status_display()}
            for m in measures.select_related("plan").order_by("plan__order", "order", "pk")
        ],
        "results": [
            {
                "id": r.pk,
                "measure": r.measure.title,
                "title": r.title,
                "status": r.status,
                "label": r.get_status_display(),
            }
            for r in MeasureResult.objects.active()
            .filter(measure__in=measures)
            .select_related("measure")
            .order_by("measure__order", "measure_id", "pk")
        ],
        "decisions": [
            {"id": d.pk, "reference": d.reference, "decided_on": d.decided_on.isoformat(), "text": d.text}
            for d in Decision.objects.filter(decided_on__lte=period.end)
            .select_related("steering_group")
            .order_by("decided_on", "pk")
        ],
        "maturity": {
            "year": round.year if round else None,
            "levels": [
                {
                    "organisation_id": row["org_id"],
                    "organisation": row["org_name"],
                    "area": row["area_name"],
                    "level": row["area_level"],
                    "status": row["assessment_status"],
                    "status_label": statuses.get(row["assessment_status"], row["assessment_status"]),
                }
                for row in levels
            ],
        },
    }


def _by_id(rows: list[dict]) -> dict:
    return {row["id"]: row for row in rows}


def _status_changes(previous: list[dict], current: list[dict], *, name: str) -> dict:
    before, now = _by_id(previous), _by_id(current)
    return {
        "added": [row for key, row in now.items() if key not in before],
        "removed": [row for key, row in before.items() if key not in now],
        "changed": [
            {
                "id": key,
                name: row.get(name, ""),
                "title": row["title"],
                "old": before[key]["label"],
                "new": row["label"],
            }
            for key, row in now.items()
            if key in before and before[key]["status"] != row["status"]
        ],
    }


def diff(previous: dict, current: dict) -> dict:
    """The changes from the ``previous`` sealed state to the ``current`` one (both ``snapshot_state`` blocks)."""
    measures = _status_changes(previous.get("measures", []), current.get("measures", []), name="plan")
    results = _status_changes(previous.get("results", []), current.get("results", []), name="measure")
    known = {d["id"] for d in previous.get("decisions", [])}
    old_levels = {(row["organisation_id"], row["area"]): row for row in previous.get("maturity", {}).get("levels", [])}
    maturity = []
    for row in current.get("maturity", {}).get("levels", []):
        old = old_levels.get((row["organisation_id"], row["area"]))
        if old is None or old["level"] != row["level"] or old["status"] != row["status"]:
            maturity.append(
                {
                    "organisation": row["organisation"],
                    "area": row["area"],
                    "old": old["level"] if old else None,
                    "new": row["level"],
                    "old_status": old.get("status_label", old["status"]) if old else "",
                    "new_status": row.get("status_label", row["status"]),
                }
            )
    changes = {
        "measures": measures,
        "results": results,
        "decisions": [d for d in current.get("decisions", []) if d["id"] not in known],
        "maturity": maturity,
        "maturity_years": [previous.get("maturity", {}).get("year"), current.get("maturity", {}).get("year")],
    }
    changes["count"] = (
        sum(len(v) for part in (measures, results) for v in part.values()) + len(changes["decisions"]) + len(maturity)
    )
    return changes


def sealed_state(report) -> dict | None:
    """The state sealed in ``report``'s JSON twin; None when it has no twin (made before twins) or it is unreadable."""
    if report is None or not report.json_file:
        return None
    try:
        with report.json_file.open("rb") as f:
            return json.load(f).get("state")
    except (OSError, ValueError, AttributeError):
        logger.warning("The JSON twin of report %s could not be read", report.pk)
        return None
