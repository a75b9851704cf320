"""The maturity demo gives the new pages something to show, once: targets, followed-up improvements, a linked gap
and three answered respondents (so the spread shows), and running it again changes nothing."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from maturity.constants import ImprovementStatus
from maturity.models import PlannedImprovement, Respondent, RespondentAnswer, TargetLevel
from maturity.selectors import largest_gaps, respondent_summary, round_get
from vudig.core.models import Organisation
from vudig.portal.demo import demo_load


def test_demo_targets_follow_up_and_respondents_once(plan, client):
    demo_load()
    counts = (TargetLevel.objects.count(), Respondent.objects.count(), RespondentAnswer.objects.count())
    statuses = set(PlannedImprovement.objects.values_list("status", flat=True))
    demo_load()
    assert (TargetLevel.objects.count(), Respondent.objects.count(), RespondentAnswer.objects.count()) == counts
    assert counts == (10, 4, 15)
    assert {ImprovementStatus.KLAR, ImprovementStatus.PAGAR} <= statuses
    current = round_get(year=timezone.localdate().year)
    summary = respondent_summary(round=current, organisation=Organisation.objects.get(slug="utbildning"))
    assert (summary.invited, summary.answered, len(summary.spread)) == (4, 3, 5)
    gaps = largest_gaps(round=current)
    assert gaps and any(g.measures.exists() for g in gaps) and any(not g.measures.exists() for g in gaps)
    client.force_login(get_user_model().objects.get(username="chef.utbildning"))
    page = client.get(reverse("maturity:respondents", args=[current.year, "utbildning"])).content.decode()
    assert "Sammanställning av 3 svar" in page


def test_demo_notices_come_from_the_steps_once(plan, client):
    from vudig.core.models import Notice

    demo_load()
    count = Notice.objects.count()
    demo_load()
    assert Notice.objects.count() == count
    year = timezone.localdate().year
    subjects = dict(Notice.objects.values_list("subject", "recipient__username"))
    assert subjects[f"Självskattningen {year} för Utbildning är inlämnad"] == "processledare"
    assert subjects[f"Självskattningen {year - 1} för Socialtjänst är fastställd"] == "chef.socialtjanst"
    client.force_login(get_user_model().objects.get(username="chef.socialtjanst"))
    page = client.get(reverse("notices:list")).content.decode()
    assert f"Självskattningen {year - 1} för Socialtjänst är fastställd" in page
    assert "för Utbildning" not in page  # another organisation's
