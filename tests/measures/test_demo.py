"""The demo's sample follow-up is recorded once, by the demo process leader, with motivations."""

from measures.demo import SAMPLE_CHANGES
from measures.models import MeasureResult
from vudig.portal.demo import demo_load


def test_demo_follow_up_is_idempotent(plan):
    demo_load()
    first = MeasureResult.history.filter(history_user__username="processledare").count()
    demo_load()
    assert MeasureResult.history.filter(history_user__username="processledare").count() == first
    for measure, result, status, motivation, _reason in SAMPLE_CHANGES:
        row = MeasureResult.objects.get(measure__title=measure, title=result, measure__plan__slug="tidigare-atgarder")
        assert row.status == status
        assert row.history.filter(history_change_reason=motivation, history_user__username="processledare").count() == 1
