""" "What changed since the previous report" compares the two sealed JSON snapshots (reports.snapshots.diff)."""

import datetime as dt
import io
import json

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from reports.constants import ReportKind, ReportState
from reports.documents import ReportRequest, build
from reports.rendering import render_report
from reports.snapshots import diff, sealed_state

from .conftest import make_report


def _result(pk, status, label, *, title="Resultat", measure="Åtgärd A"):
    return {"id": pk, "measure": measure, "title": title, "status": status, "label": label}


def _level(org_id, area, level, status="inlamnad", label="Inlämnad"):
    return {"organisation_id": org_id, "organisation": f"Org {org_id}", "area": area, "level": level,
            "status": status, "status_label": label}  # fmt: skip


PREVIOUS = {
    "version": 1,
    "measures": [{"id": 1, "title": "Åtgärd A", "plan": "Plan", "status": "paborjat", "label": "Påbörjat"}],
    "results": [
        _result(10, "paborjat", "Påbörjat"),
        _result(11, "ej_paborjad", "Ej påbörjad"),
        _result(12, "paborjat", "Påbörjat", title="Borttaget"),
    ],
    "decisions": [{"id": 100, "reference": "SG 2026 § 1", "decided_on": "2026-02-01", "text": "Första"}],
    "maturity": {"year": 2026, "levels": [_level(5, "Utveckling", 2), _level(5, "Kompetens", 3)]},
}
CURRENT = {
    "version": 1,
    "measures": [
        {"id": 1, "title": "Åtgärd A", "plan": "Plan", "status": "etablerat", "label": "Etablerat"},
        {"id": 2, "title": "Åtgärd B", "plan": "Plan", "status": "ej_paborjad", "label": "Ej påbörjad"},
    ],
    "results": [
        _result(10, "alt_losning", "Alt lösning"),
        _result(11, "ej_paborjad", "Ej påbörjad"),
        _result(13, "paborjat", "Påbörjat", title="Nytt"),
    ],
    "decisions": [
        {"id": 100, "reference": "SG 2026 § 1", "decided_on": "2026-02-01", "text": "Första"},
        {"id": 101, "reference": "Grind 2026-06-01", "decided_on": "2026-06-01", "text": "Grindbeslut"},
    ],
    "maturity": {
        "year": 2026,
        "levels": [
            _level(5, "Utveckling", 3),
            _level(5, "Kompetens", 3, status="faststalld", label="Fastställd"),
            _level(6, "Utveckling", 1),
        ],
    },
}


def test_diff_of_two_snapshots_names_every_change_and_nothing_else():
    changes = diff(PREVIOUS, CURRENT)
    assert changes["measures"]["changed"] == [
        {"id": 1, "plan": "Plan", "title": "Åtgärd A", "old": "Påbörjat", "new": "Etablerat"}
    ]
    assert [m["id"] for m in changes["measures"]["added"]] == [2] and changes["measures"]["removed"] == []
    assert changes["results"]["changed"] == [
        {"id": 10, "measure": "Åtgärd A", "title": "Resultat", "old": "Påbörjat", "new": "Alt lösning"}
    ]
    assert [r["id"] for r in changes["results"]["added"]] == [13]
    assert [r["id"] for r in changes["results"]["removed"]] == [12]
    assert [d["id"] for d in changes["decisions"]] == [101]
    assert [(m["organisation"], m["area"], m["old"], m["new"], m["new_status"]) for m in changes["maturity"]] == [
        ("Org 5", "Utveckling", 2, 3, "Inlämnad"),
        ("Org 5", "Kompetens", 3, 3, "Fastställd"),  # same level, now established
        ("Org 6", "Utveckling", None, 1, "Inlämnad"),
    ]
    assert changes["count"] == 1 + 1 + 1 + 1 + 1 + 1 + 3


def test_the_same_snapshot_twice_has_no_changes():
    assert diff(CURRENT, CURRENT)["count"] == 0


def _sealed_previous(state: dict, *, end=dt.date(2026, 3, 31)):
    report = make_report(period_start=dt.date(2026, 1, 1), period_end=end)
    report.json_file.save(report.json_filename, ContentFile(json.dumps({"state": state}).encode()), save=False)
    report.state, report.generated_at = ReportState.KLAR, timezone.now()
    report.save()
    return report


def test_the_next_report_compares_with_the_sealed_twin_not_with_live_data(plan):
    """The previous report's twin says result X was "Ej påbörjad" (live data never said so): the comparison reads
    the sealed file, so it reports that change."""
    request = ReportRequest(
        kind=ReportKind.UPPFOLJNING, period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 4, 30)
    )
    state = build(request).context["state"]
    assert state["results"], "the plan fixture has results"
    sealed = json.loads(json.dumps(state))
    first = sealed["results"][0]
    first["status"], first["label"] = "sealed-only", "Ej påbörjad (förseglad)"
    previous = _sealed_previous(sealed)
    assert sealed_state(previous) == sealed

    changes_section = next(s for s in build(request).context["sections"] if s.key == "changes")
    compared = changes_section.context["compared"]
    assert compared["results"]["changed"] == [
        {
            "id": first["id"],
            "measure": first["measure"],
            "title": first["title"],
            "old": "Ej påbörjad (förseglad)",
            "new": state["results"][0]["label"],
        }
    ]
    assert compared["count"] == 1
    # …and the PDF's "what changed" chapter shows it.
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_report(request).pdf)).pages)
    assert "Jämfört med förra rapporten" in text and "Ej påbörjad (förseglad)" in text


def test_without_a_sealed_previous_report_nothing_is_compared(plan):
    make_report(period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31), state=ReportState.KLAR,
                generated_at=timezone.now())  # fmt: skip  # finished before reports had twins
    request = ReportRequest(
        kind=ReportKind.UPPFOLJNING, period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 4, 30)
    )
    section = next(s for s in build(request).context["sections"] if s.key == "changes")
    assert section.context["compared"] is None and section.context["has_previous"] is True
