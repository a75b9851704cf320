"""Issue 17, item 3: planned improvements followed up (status, comment, date, reminder before it, overdue), on the
manager's to-do (open_improvements_for), and shown with their outcome in next year's form, where unfinished ones can
be carried over."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maturity.constants import AssessmentStatus, ImprovementStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, AssessmentRound, PlannedImprovement
from maturity.selectors import open_improvements_for
from maturity.services import improvement_follow_up, improvement_reminders_send
from maturity.tasks import send_improvement_reminders_task
from vudig.core.concurrency import StaleVersionError
from vudig.core.models import OutgoingMail

from .conftest import form_data

TODAY = timezone.localdate()


def _improvement(round, org, areas, *, status=AssessmentStatus.INLAMNAD, due=None, text="Kartlägga kompetens"):
    assessment, _ = Assessment.objects.get_or_create(round=round, organisation=org, defaults={"status": status})
    row, _ = AreaAssessment.objects.get_or_create(assessment=assessment, area=areas[3], defaults={"level": 2})
    return PlannedImprovement.objects.create(
        area_assessment=row, text=text, owner="HR-chef", due=due or TODAY + datetime.timedelta(days=60)
    )


@pytest.fixture
def last_round(open_round):
    return AssessmentRound.objects.create(
        year=open_round.year - 1,
        opens_on=open_round.opens_on.replace(year=open_round.year - 1),
        closes_on=open_round.closes_on.replace(year=open_round.year - 1),
        status=RoundStatus.STANGD,
    )


def test_manager_follows_up_with_status_and_comment_in_the_history(open_round, org, areas, people):
    improvement = _improvement(open_round, org, areas)
    saved = improvement_follow_up(
        improvement=improvement, status=ImprovementStatus.PAGAR, comment="Enkäten är ute.", by=people["manager"],
        expected_version=improvement.version,
    )  # fmt: skip
    assert saved.status == ImprovementStatus.PAGAR and saved.follow_up_comment == "Enkäten är ute."
    assert saved.history.first().history_change_reason == "Pågår: Enkäten är ute."
    # The same again (a double click) is a no-op even from the old version.
    improvement_follow_up(
        improvement=improvement, status=ImprovementStatus.PAGAR, comment="Enkäten är ute.", by=people["manager"],
        expected_version=improvement.version,
    )  # fmt: skip
    assert saved.history.count() == 2
    with pytest.raises(StaleVersionError):
        improvement_follow_up(
            improvement=improvement, status=ImprovementStatus.KLAR, comment="", by=people["manager"],
            expected_version=improvement.version,
        )  # fmt: skip


@pytest.mark.parametrize("who", ["manager_other_org", "reader", "kommunchef", "no_role"])
def test_only_the_organisations_manager_or_process_leader_follows_up(open_round, org, areas, people, who):
    improvement = _improvement(open_round, org, areas)
    with pytest.raises(PermissionDenied):
        improvement_follow_up(
            improvement=improvement, status=ImprovementStatus.KLAR, comment="", by=people[who], expected_version=1
        )
    improvement.refresh_from_db()
    assert improvement.status == ImprovementStatus.PLANERAD


def test_a_drafts_improvement_is_not_followed_up_and_a_bad_status_is_refused(open_round, org, areas, people):
    draft = _improvement(open_round, org, areas, status=AssessmentStatus.UTKAST)
    with pytest.raises(ValidationError, match="Lämna in"):
        improvement_follow_up(improvement=draft, status="klar", comment="", by=people["manager"], expected_version=1)
    Assessment.objects.update(status=AssessmentStatus.INLAMNAD)
    with pytest.raises(ValidationError, match="giltig status"):
        improvement_follow_up(improvement=draft, status="kanske", comment="", by=people["manager"], expected_version=1)


def test_overdue_means_past_its_date_and_not_finished(open_round, org, areas):
    late = _improvement(open_round, org, areas, due=TODAY - datetime.timedelta(days=1))
    done = _improvement(open_round, org, areas, due=TODAY - datetime.timedelta(days=1), text="Klar")
    done.status = ImprovementStatus.KLAR
    done.save()
    assert late.is_overdue and not done.is_overdue
    assert list(PlannedImprovement.objects.overdue()) == [late]


def test_reminder_before_the_date_one_mail_each_even_when_run_twice(open_round, org, areas, people):
    soon = _improvement(open_round, org, areas, due=TODAY + datetime.timedelta(days=10))
    _improvement(open_round, org, areas, due=TODAY + datetime.timedelta(days=40), text="Senare")
    finished = _improvement(open_round, org, areas, due=TODAY + datetime.timedelta(days=5), text="Klar redan")
    finished.status = ImprovementStatus.KLAR
    finished.save()
    assert send_improvement_reminders_task.apply().get() == 1
    assert send_improvement_reminders_task.apply().get() == 0  # idempotent
    mail = OutgoingMail.objects.get()
    assert mail.to == [people["manager"].email] and soon.text in mail.body
    # A new date is a new reminder.
    PlannedImprovement.objects.filter(pk=soon.pk).update(due=TODAY + datetime.timedelta(days=3))
    assert improvement_reminders_send() == 1


def test_a_drafts_improvements_get_no_reminder(open_round, org, areas, people):
    _improvement(open_round, org, areas, status=AssessmentStatus.UTKAST, due=TODAY + datetime.timedelta(days=2))
    assert improvement_reminders_send() == 0


def test_open_improvements_for_the_managers_to_do(open_round, org, other_org, areas, people):
    mine = _improvement(open_round, org, areas)
    late = _improvement(open_round, other_org, areas, due=TODAY - datetime.timedelta(days=3), text="Sen")
    assert list(open_improvements_for(people["manager"])) == [mine]
    assert list(open_improvements_for(people["manager_other_org"])) == [late]
    assert list(open_improvements_for(people["process_leader"])) == [late]  # every overdue one
    assert not open_improvements_for(people["reader"]).exists()
    assert not open_improvements_for(None).exists()
    mine.status = ImprovementStatus.KLAR
    mine.save()
    assert not open_improvements_for(people["manager"]).exists()


def test_follow_up_page_saves_and_the_results_page_shows_it(client, open_round, org, areas, people):
    improvement = _improvement(open_round, org, areas, due=TODAY - datetime.timedelta(days=1))
    client.force_login(people["manager"])
    url = reverse("maturity:improvement", args=[improvement.pk])
    assert "Försenad" in client.get(url).content.decode()
    response = client.post(url, {"status": "klar", "comment": "Alla enheter kartlagda.", "version": 1}, follow=True)
    page = response.content.decode()
    assert "Uppföljningen är sparad: klar." in page and "Alla enheter kartlagda." in page
    client.force_login(people["manager_other_org"])
    assert client.get(url).status_code == 403


def test_next_years_form_shows_last_years_outcome_and_carries_unfinished_over(
    client, open_round, last_round, org, other_org, areas, people
):
    done = _improvement(last_round, org, areas, text="Kartlägga kompetens", due=datetime.date(last_round.year, 6, 30))
    done.status, done.follow_up_comment = ImprovementStatus.KLAR, "Kartläggningen klar i maj."
    done.save()
    open_one = _improvement(
        last_round, org, areas, text="Utbilda alla chefer", due=datetime.date(last_round.year, 12, 31)
    )
    theirs = _improvement(last_round, other_org, areas, text="Deras")
    client.force_login(people["manager"])
    url = reverse("maturity:edit", args=[open_round.year, org.slug])
    page = client.get(url).content.decode()
    assert "Förra årets förbättringar för Kompetens" in page
    assert "Kartläggningen klar i maj." in page and "Utbilda alla chefer" in page
    assert page.count('name="carry_over"') == 1  # only the unfinished one
    data = form_data(areas) | {"kompetens-motivation": "Typed before carrying"}
    response = client.post(url, data | {"carry_over": str(open_one.pk)}, follow=True)
    page = response.content.decode()
    assert "förbättringen är överförd" in page
    copy = PlannedImprovement.objects.get(carried_from=open_one)
    assert copy.area_assessment.assessment.round == open_round and copy.due is None and copy.text == open_one.text
    assert AreaAssessment.objects.get(assessment__round=open_round, area=areas[3]).motivation == "Typed before carrying"
    assert "Överförd till i år." in page and 'name="carry_over"' not in page
    # Another organisation's improvement cannot be carried in.
    version = Assessment.objects.get(round=open_round).version
    response = client.post(url, form_data(areas, version=version) | {"carry_over": str(theirs.pk)})
    assert "Bara förra årets ofärdiga förbättringar" in response.content.decode()
    assert PlannedImprovement.objects.filter(carried_from=theirs).count() == 0


def test_the_start_page_lists_what_the_manager_has_to_follow_up(client, open_round, org, other_org, areas, people):
    late = _improvement(open_round, org, areas, due=TODAY - datetime.timedelta(days=2), text="Sen förbättring")
    _improvement(open_round, other_org, areas, text="Inte min")
    client.force_login(people["manager"])
    page = client.get(reverse("maturity:index")).content.decode()
    assert "Förbättringar att följa upp" in page and "Sen förbättring" in page and "Inte min" not in page
    assert reverse("maturity:improvement", args=[late.pk]) in page and "Försenad" in page
    client.force_login(people["reader"])
    assert "Förbättringar att följa upp" not in client.get(reverse("maturity:index")).content.decode()
