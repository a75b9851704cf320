"""A person's period list ("Min lista") holds the indicators they record in that period: each with its outcome or
"Saknas" and a link to the form, only for those the person may record, at a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures import indicators, periods
from measures.models import Measure

TODAY = timezone.localdate()


@pytest.fixture
def period(people):
    return periods.period_open(
        title="Uppföljning T1 test", kind="t1", deadline=TODAY + dt.timedelta(days=40), by=people["process_leader"]
    )


def add_indicator(measure, people, name):
    return indicators.indicator_create(
        measure=measure,
        by=people["process_leader"],
        name=name,
        unit="%",
        baseline_value="35",
        baseline_year=str(TODAY.year - 1),
        target_value="60",
        target_date=dt.date(TODAY.year + 1, 12, 31),
        source="E-tjänsteplattformen",
    )


@pytest.fixture
def effect_measure(plan):
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Extern digitalisering")


def my_list(client, user, period):
    client.force_login(user)
    return client.get(reverse("measures:period_mine", args=[period.pk]))


def test_the_process_leader_sees_the_missing_outcome_then_the_recorded_one(client, people, period, effect_measure):
    indicator = add_indicator(effect_measure, people, "Ärenden via e-tjänst")
    page = my_list(client, people["process_leader"], period).content.decode()
    assert "Nyckeltal att rapportera" in page and "Ärenden via e-tjänst" in page
    assert "1 nyckeltal saknar utfall för perioden." in page and "Saknas" in page
    form_url = reverse("measures:indicator_value", args=[effect_measure.pk, indicator.pk]) + f"?period={period.pk}"
    assert f'href="{form_url}"' in page
    assert client.get(form_url).status_code == 200  # the link leads to a form the person may use

    indicators.indicator_record_value(
        indicator=indicator, period=period, value="42,5", comment="", expected_version=None, by=people["process_leader"]
    )
    page = my_list(client, people["process_leader"], period).content.decode()
    assert "Alla dina nyckeltal har utfall för perioden." in page and "42,5 %" in page and "Ändra utfall" in page


def test_another_organisations_manager_is_not_given_the_indicators(client, people, period, effect_measure):
    add_indicator(effect_measure, people, "Ärenden via e-tjänst")
    # The effect measure has no responsible organisation: only the plan's keepers record its indicators.
    page = my_list(client, people["manager"], period).content.decode()
    assert "Nyckeltal att rapportera" not in page and "Ärenden via e-tjänst" not in page


def test_the_section_reads_the_same_number_of_queries_for_one_indicator_or_many(client, people, period, effect_measure):
    add_indicator(effect_measure, people, "Nyckeltal 0")
    client.force_login(people["process_leader"])
    url = reverse("measures:period_mine", args=[period.pk])
    counts = []
    for more in (0, 7):  # 1 indicator, then 8
        for i in range(more):
            add_indicator(effect_measure, people, f"Nyckeltal {i + 1}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
