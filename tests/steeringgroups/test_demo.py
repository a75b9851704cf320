"""The demo data loads and loads again without duplicates."""

from steeringgroups.constants import ErrandState
from steeringgroups.models import Errand, Meeting
from vudig.portal.demo import demo_load


def test_demo_is_idempotent_and_covers_several_states(plan, settings, tmp_path):
    demo_load()
    first = (Errand.objects.count(), Meeting.objects.count())
    demo_load()
    assert (Errand.objects.count(), Meeting.objects.count()) == first
    states = set(Errand.objects.values_list("state", flat=True))
    assert {ErrandState.INKOMMEN, ErrandState.HANSKJUTEN, ErrandState.KOMPLETTERING, ErrandState.AVVISAD} <= states
    assert Meeting.objects.values("steering_group").distinct().count() == 3
