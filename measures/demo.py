"""Sample follow-up by the demo process leader: a few status changes with motivations (local demo only)."""

from __future__ import annotations

from vudig.core import demo

from .constants import ResultStatus
from .models import MeasureResult
from .services import measure_result_set_status

# (measure, result, new status, motivation, reason) in the earlier plan "Tidigare beslutade VUDIG-åtgärder".
# Only the newest plan version is touched, so the earlier table keeps its statuses when a version exists.
SAMPLE_CHANGES = [
    (
        "Centrala beredningsgrupper",
        "Ekonomi- & affärsgrupp",
        ResultStatus.PABORJAT,
        "Demo: gruppen har haft sitt första möte.",
        "",
    ),
    (
        "Huvudprocesser, information och digitala lösningar förtydligas",
        "Centralt VIR-arbete, verksamhetsbaserad informationshantering",
        ResultStatus.ETABLERAT,
        "Demo: VIR-arbetet ingår nu i ordinarie förvaltning.",
        "",
    ),
]
DEMO_MARK = "Demo:"


@demo.register
def load(users) -> None:
    """Record the sample changes once; a second run sees the process leader's history rows and does nothing."""
    leader = users.get("processledare")
    if leader is None:
        return
    for measure_title, result_title, status, motivation, reason in SAMPLE_CHANGES:
        result = (
            MeasureResult.objects.filter(
                measure__plan__slug="tidigare-atgarder", measure__title=measure_title, title=result_title
            )
            .select_related("measure__plan")
            .first()
        )
        if result is None or result.measure.plan.is_superseded:
            continue
        if result.history.filter(history_user=leader, history_change_reason=motivation).exists():
            continue  # idempotent: this change was recorded by an earlier run
        measure_result_set_status(
            result=result,
            status=status,
            motivation=motivation,
            reason=reason,
            expected_version=result.version,
            by=leader,
        )
