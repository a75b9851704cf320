"""The demo's sample follow-up is recorded once, by the demo process leader, with motivations."""

from measures.demo import REPLACED, REPLACEMENT, SAMPLE_CHANGES
from measures.models import Comment, MeasureResult
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


def test_demo_names_a_replacement_in_the_current_plan_with_its_basis_and_a_comment_once(plan):
    demo_load()
    demo_load()
    row = MeasureResult.objects.get(
        measure__title=REPLACED[0], title=REPLACED[1], measure__plan__slug="tidigare-atgarder"
    )
    assert row.replacement_measure.title == REPLACEMENT[1] and row.replacement_measure.plan.slug == REPLACEMENT[0]
    assert row.basis_plan.slug == REPLACEMENT[0]
    assert Comment.objects.filter(measure=row.measure, result=row).count() == 1
