"""The demo gives the follow-up pages something real: an open period, some organisations reported, some not."""

from measures.models import FollowUpPeriod, PeriodReport
from measures.periods import completion_board
from vudig.core.models import Notice, Organisation
from vudig.portal.demo import demo_load


def test_demo_opens_a_period_with_some_organisations_reported_and_some_not_and_runs_again_unchanged(plan):
    demo_load()
    period = FollowUpPeriod.objects.get(state="open")
    board = completion_board(period=period)
    done = {c.label for c in board.organisations if c.completed}
    missing = {c.label for c in board.organisations if c.missing}
    assert Organisation.objects.get(slug="socialtjanst").name in missing
    assert Organisation.objects.get(slug="utbildning").name in done
    before = list(PeriodReport.objects.order_by("pk").values_list("pk", "version", "status", "completed_at"))
    demo_load()
    assert FollowUpPeriod.objects.filter(state="open").count() == 1  # (the indicators demo keeps a closed T1)
    assert list(PeriodReport.objects.order_by("pk").values_list("pk", "version", "status", "completed_at")) == before
    # Opening it told each person who reports in it, once (the second load opened nothing).
    opened = Notice.objects.filter(key=f"period:{period.pk}:opened")
    assert opened.exists() and opened.count() == opened.values("recipient").distinct().count()
    assert opened.filter(recipient__username="chef.socialtjanst").exists()
