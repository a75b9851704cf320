"""The maturity services ask their rules themselves: a refused person gets PermissionDenied and nothing is written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from maturity import services
from maturity.models import AssessmentRound


@pytest.mark.parametrize("who", ["anonymous", "reader", "kommunchef", "manager", "admin", "beredning"])
def test_only_the_process_leader_plans_a_round(people, who):
    with pytest.raises(PermissionDenied):
        services.round_create(
            year=2031, opens_on=datetime.date(2031, 3, 1), closes_on=datetime.date(2031, 4, 30), by=people[who]
        )
    assert not AssessmentRound.objects.filter(year=2031).exists()
