"""The demo's sample follow-up is recorded once, by the demo process leader, with motivations."""

from measures.demo import IN_FORCE_MEASURE_STATUS, IN_FORCE_RESULTS, REPLACED, REPLACEMENT, SAMPLE_CHANGES
from measures.models import Comment, Measure, MeasureResult, Plan
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


def test_demo_follows_up_the_plan_in_force_once_with_one_overdue_result(plan):
    demo_load()
    in_force = Plan.objects.in_force().get()
    assert in_force.slug == "plan-for-digitalisering"
    results = MeasureResult.objects.filter(measure__plan=in_force)
    first = {(r.measure.title, r.title, r.responsible, r.start_date, r.end_date, r.status) for r in results}
    assert len(first) == len(IN_FORCE_RESULTS)
    assert all(responsible and start and end for _m, _t, responsible, start, end, _s in first)
    assert [r.title for r in results.overdue()] == ["Kartläggning av kompetensbehov"]
    assert [m.title for m in Measure.objects.in_force().overdue()] == [
        "Centralt utbildningsprogram för digital kompetens"
    ]
    measure_title, status, _motivation = IN_FORCE_MEASURE_STATUS
    assert Measure.objects.get(plan=in_force, title=measure_title).status == status
    demo_load()
    again = MeasureResult.objects.filter(measure__plan=in_force)
    assert {(r.measure.title, r.title, r.responsible, r.start_date, r.end_date, r.status) for r in again} == first
    assert Measure.history.filter(title=measure_title, history_user__username="processledare").count() == 1


def test_demo_names_a_replacement_in_the_current_plan_with_its_basis_and_a_comment_once(plan):
    demo_load()
    demo_load()
    row = MeasureResult.objects.get(
        measure__title=REPLACED[0], title=REPLACED[1], measure__plan__slug="tidigare-atgarder"
    )
    assert row.replacement_measure.title == REPLACEMENT[1] and row.replacement_measure.plan.slug == REPLACEMENT[0]
    assert row.basis_plan.slug == REPLACEMENT[0]
    assert Comment.objects.filter(measure=row.measure, result=row).count() == 1
