"""Every create form submits once: repeated or parallel identical submits make one object; a race on a unique row
gives the form's Swedish refusal, never a 500.

The sequential cases run everywhere; the parallel ones (threads, each with its own database connection) need
PostgreSQL, where the requests really wait on each other's rows (.ci/run; VUDIG_REQUIRE_WORKER=1 makes a missing
server database a failure).
"""

import datetime as dt
import os
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maturity.models import AssessmentRound
from measures.models import Measure, Plan
from reports.models import Report
from steeringgroups.models import Errand, Meeting
from vudig.core.models import SubmittedForm


def _cases(people, org, extern_group):
    """(who, url, form data, how many objects exist) per create form."""
    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    draft = Plan.objects.exclude(state="beslutad").filter(successor__isnull=True).first() or Plan.objects.create(
        slug="utkast-test", title="Utkast", order=99
    )
    return {
        "ärende": (
            "manager",
            reverse("steeringgroups:errand_create"),
            {
                "title": "Får vi använda molntjänsten?",
                "description": "Vi vill veta.",
                "organisation": org.pk,
                "topic": "molntjanster",
                "urgency": 2,
            },
            Errand.objects.count,
        ),
        "rapport": (
            "kommunchef",
            reverse("reports:list"),
            {"kind": "handlingsplan", "period_start": "2026-01-01", "period_end": "2026-04-30"},
            Report.objects.count,
        ),
        "möte": (
            "chair",
            reverse("steeringgroups:meeting_plan", kwargs={"slug": extern_group.slug}),
            {"dates": next_week, "place": "Stadshuset"},
            Meeting.objects.count,
        ),
        "omgång": (
            "process_leader",
            reverse("maturity:round_create"),
            {"year": 2031, "opens_on": "2031-02-01", "closes_on": "2031-03-31"},
            AssessmentRound.objects.count,
        ),
        "åtgärd": (
            "process_leader",
            reverse("measures:create"),
            {"plan": draft.pk, "title": "Ny åtgärd", "responsible": "KLF", "category": "stability", "description": ""},
            Measure.objects.count,
        ),
    }


@pytest.mark.parametrize("kind", ["ärende", "rapport", "möte", "omgång", "åtgärd"])
def test_the_same_form_sent_twice_makes_one_object(client, people, org, extern_group, kind, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    who, url, data, count = _cases(people, org, extern_group)[kind]
    client.force_login(people[who])
    before = count()
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    again = client.post(url, data, follow=True)
    assert again.redirect_chain, (again.status_code, again.content.decode()[-3000:])
    assert count() == before + 1
    assert again.redirect_chain[0][0] == first["Location"]  # the repeat leads where the first one did
    assert "Formuläret var redan skickat" in again.content.decode()


def test_a_twin_saved_between_the_check_and_the_forms_own_checks_is_the_same_submission(
    client, people, org, extern_group, monkeypatch
):
    """The race the parallel case met under load: the first identical submit commits after this one looked for it and
    before the model form's unique check, which then refuses this one as a duplicate. It is sent where the first led."""
    from vudig.core import formviews

    who, url, data, count = _cases(people, org, extern_group)["åtgärd"]
    client.force_login(people[who])
    first = client.post(url, data)
    assert first.status_code == 302
    before = count()
    looked = []

    def too_early_then_real(*, key):
        looked.append(key)
        return None if len(looked) == 1 else SubmittedForm.objects.filter(key=key).first()

    monkeypatch.setattr(formviews, "submission_earlier", too_early_then_real)
    again = client.post(url, data, follow=True)
    assert len(looked) == 2  # the first look found nothing; the refusal looked again
    assert again.redirect_chain and again.redirect_chain[0][0] == first["Location"]
    assert "Formuläret var redan skickat" in again.content.decode()
    assert count() == before


def test_a_refused_form_can_be_corrected_and_sent(client, people, org, extern_group):
    who, url, data, count = _cases(people, org, extern_group)["omgång"]
    client.force_login(people[who])
    bad = client.post(url, {**data, "closes_on": "2031-01-01"})
    assert bad.status_code == 200 and "Omgången måste stänga efter" in bad.content.decode()
    assert not SubmittedForm.objects.exists()  # a refusal claims nothing
    assert client.post(url, data).status_code == 302 and count() == 1


def test_another_person_sending_the_same_is_a_submission_of_their_own(client, people, org, extern_group):
    who, url, data, count = _cases(people, org, extern_group)["rapport"]
    before = count()
    for person in ("kommunchef", "process_leader"):
        client.force_login(people[person])
        assert client.post(url, data).status_code == 302
    assert count() == before + 2


def _require_postgresql():
    if connection.vendor != "postgresql":
        problem = "de parallella fallen behöver PostgreSQL (DATABASE_URL)"
        if os.environ.get("VUDIG_REQUIRE_WORKER") == "1":
            pytest.fail(problem)
        pytest.skip(problem)


def _in_parallel(n, post):
    """Run ``post(i)`` in n threads started together; each thread has its own client and database connection."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = post(i)
        except Exception as exc:  # a crash must show in the assertion, not vanish with the thread
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["ärende", "rapport", "möte", "omgång", "åtgärd"])
def test_five_parallel_identical_submits_make_one_object(people, org, extern_group, kind, tmp_path, settings):
    _require_postgresql()
    settings.MEDIA_ROOT = tmp_path
    who, url, data, count = _cases(people, org, extern_group)[kind]
    before = count()

    def post(i):
        client = Client()
        client.force_login(people[who])
        return client.post(url, data).status_code

    statuses = _in_parallel(5, post)
    assert statuses == [302] * 5, statuses
    assert count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_different_meeting_plans_for_one_day_give_one_meeting_and_a_swedish_refusal(people, extern_group):
    _require_postgresql()
    day = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    url = reverse("steeringgroups:meeting_plan", kwargs={"slug": extern_group.slug})

    def post(i):
        client = Client()
        client.force_login(people["chair"])
        response = client.post(url, {"dates": day, "place": f"Rum {i}"})
        return response.status_code, response.content.decode()

    results = _in_parallel(2, post)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(status for status, _ in results)
    assert statuses == [302, 400], statuses
    refused = next(html for status, html in results if status == 400)
    assert "Det finns redan ett möte" in refused or "sparades samtidigt" in refused
    assert Meeting.objects.filter(steering_group=extern_group, date=day).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_new_rounds_for_one_year_give_one_round_and_a_swedish_refusal(people):
    _require_postgresql()
    url = reverse("maturity:round_create")

    def post(i):
        client = Client()
        client.force_login(people["process_leader"])
        response = client.post(url, {"year": 2032, "opens_on": f"2032-02-0{i + 1}", "closes_on": "2032-03-31"})
        return response.status_code, response.content.decode()

    results = _in_parallel(2, post)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(status for status, _ in results) == [200, 302], [s for s, _ in results]
    refused = next(html for status, html in results if status == 200)
    assert "Det finns redan en omgång för 2032" in refused or "sparades samtidigt" in refused
    assert AssessmentRound.objects.filter(year=2032).count() == 1
