"""Reads: the FilterSet inside the selector, status counts, history-based changes, stale measures, timeline."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures import selectors, services
from measures.models import Measure, MeasureResult, Plan

from .factories import MeasureFactory, MeasureResultFactory, decide


def _result():
    return MeasureResult.objects.get(measure__plan__slug="tidigare-atgarder", title="Ekonomi- & affärsgrupp")


def test_filter_leaves_archived_measures_out(people):
    measure = MeasureFactory(title="Arkiverbar")
    assert selectors.measure_filter(user=people["reader"], data={"q": "Arkiverbar"}).qs.count() == 1
    services.measure_set_archived(measure=measure, archived=True, by=people["process_leader"])
    assert selectors.measure_filter(user=people["reader"], data={"q": "Arkiverbar"}).qs.count() == 0


def test_status_filter_matches_measures_with_any_such_result_once(plan):
    qs = selectors.measure_filter(data={"status": "etablerat"}).qs
    titles = list(qs.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    assert "Styrningen av centrala processer och digitala lösningar förtydligas" in titles


def test_status_changes_since_reads_from_to_who_and_why(people):
    result = _result()
    before = timezone.now()
    services.measure_result_set_status(
        result=result, status="paborjat", motivation="Första mötet", expected_version=1, by=people["process_leader"]
    )
    services.measure_result_set_status(
        result=result, status="etablerat", motivation="Nu i drift", expected_version=2, by=people["admin"]
    )
    changes = selectors.status_changes_since(since=before)
    assert [(c.old, c.new, c.motivation) for c in changes] == [
        ("paborjat", "etablerat", "Nu i drift"),
        ("ej_paborjad", "paborjat", "Första mötet"),
    ]
    assert changes[1].who == people["process_leader"].get_full_name()
    assert selectors.status_changes_since(since=timezone.now() + timedelta(seconds=1)) == []


def _grow_history(result, n, *, when):
    """n status changes of ``result`` dated ``when`` (bulk history rows: the selector reads only the history)."""
    History = MeasureResult.history.model
    statuses = ["paborjat", "etablerat", "ej_paborjad"]
    fields = [f.attname for f in MeasureResult._meta.concrete_fields if f.attname != "status"]
    History.objects.filter(id=result.pk).delete()
    History.objects.bulk_create(
        History(
            **{name: getattr(result, name) for name in fields},
            status=statuses[i % 3],
            history_date=when + timedelta(seconds=i),
            history_type="~",
        )
        for i in range(n)
    )


def test_status_changes_since_costs_the_same_queries_at_any_history_size_and_respects_the_limit(people):
    result = _result()
    since = timezone.now() - timedelta(days=30)
    counts = []
    for size in (5, 200, 1000):
        _grow_history(result, size, when=since)
        with CaptureQueriesContext(connection) as ctx:
            changes = selectors.status_changes_since(since=since, limit=50)
        counts.append(len(ctx))
        assert len(changes) == min(50, size - 1)
        assert all(c.old != c.new for c in changes)
        assert [c.when for c in changes] == sorted((c.when for c in changes), reverse=True)
    assert counts == [counts[0]] * 3
    assert counts[0] <= 3
    # Rows before the date are only read as the "from" status, never listed.
    assert selectors.status_changes_since(since=timezone.now() + timedelta(seconds=1)) == []


def test_the_start_pages_summary_counts_what_the_changes_page_lists_and_makes_the_newest_whole(people):
    result = _result()
    since = timezone.now() - timedelta(days=selectors.DEFAULT_SINCE_DAYS)
    _grow_history(result, 12, when=since + timedelta(days=1))
    MeasureResult.history.model.objects.filter(id=result.pk).order_by("history_date").filter(
        history_date__gt=since + timedelta(days=1, seconds=5)
    ).update(status="etablerat")  # same status twice in a row: not a change
    long_ago = timezone.now() - timedelta(days=selectors.DEFAULT_STALE_DAYS + 10)
    Measure.objects.update(updated_at=long_ago)
    MeasureResult.objects.update(updated_at=long_ago)
    page = selectors.changes_overview(user=people["process_leader"])
    summary = selectors.changes_summary(user=people["process_leader"], limit=4)
    assert 4 < len(page["changes"]) < 11
    assert summary["changes_count"] == 4 and summary["changes"] == page["changes"][:4] and summary["stale_count"] == 4
    whole = selectors.changes_summary(user=people["process_leader"])
    assert whole["changes_count"] == len(page["changes"]) and whole["changes"] == page["changes"][:5]
    assert whole["stale_count"] == len(page["stale_measures"]) > 4


def test_status_changes_since_does_not_count_title_edits(people):
    result = MeasureResultFactory()
    before = timezone.now()
    services.measure_result_update(result=result, title="Nytt namn", expected_version=1, by=people["process_leader"])
    assert selectors.status_changes_since(since=before) == []


def test_measures_without_update_use_the_latest_change_of_measure_and_results(people):
    later = timezone.now() + timedelta(days=40)
    stale = {m.pk for m in selectors.measures_without_update(days=30, now=later)}
    assert Measure.objects.filter(plan__slug="tidigare-atgarder").count() == 8
    assert len(stale) == Measure.objects.count()
    measure = _result().measure
    MeasureResult.objects.filter(pk=_result().pk).update(updated_at=later)  # a result changed "later"
    stale = {m.pk for m in selectors.measures_without_update(days=30, now=later)}
    assert measure.pk not in stale


def test_superseded_plans_are_not_reported_as_stale(people):
    old = Plan.objects.get(slug="tidigare-atgarder")
    new = services.plan_start_new_version(plan=old, title="Ny", by=people["process_leader"])
    later = timezone.now() + timedelta(days=40)
    # While the new version is a draft the old plan is still followed up, so it can go stale.
    plans = {m.plan.slug for m in selectors.measures_without_update(days=30, now=later)}
    assert "tidigare-atgarder" in plans
    decide(new, people)  # decided, no period: in force at once, and the old plan's follow-up is over
    plans = {m.plan.slug for m in selectors.measures_without_update(days=30, now=later)}
    assert "tidigare-atgarder" not in plans


def test_timeline_joins_the_measure_and_its_results(people):
    result = _result()
    services.measure_result_set_status(
        result=result, status="paborjat", motivation="Första mötet", expected_version=1, by=people["process_leader"]
    )
    entries = selectors.measure_timeline(selectors.measure_get(user=people["reader"], pk=result.measure_id))
    newest = entries[0]
    assert newest.reason == "Första mötet"
    assert newest.subject == "Resultat: Ekonomi- & affärsgrupp"
    assert [(c.old, c.new) for c in newest.changes] == [("Ej påbörjad", "Påbörjat")]
    assert any(e.subject.startswith("Åtgärd:") for e in entries)
