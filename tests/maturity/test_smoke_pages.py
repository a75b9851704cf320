"""Every maturity page renders for the people who use it, with the demo data loaded."""

import pytest
from django.urls import reverse

from maturity.demo import load
from maturity.models import AssessmentRound


@pytest.fixture
def demo(people):
    load({"processledare": people["process_leader"]})
    return AssessmentRound.objects.order_by("-year").first()


@pytest.mark.parametrize("who", ["process_leader", "manager", "reader", "kommunchef"])
def test_pages_render(client, people, demo, who):
    client.force_login(people[who])
    urls = [
        reverse("maturity:index"),
        reverse("maturity:descriptors"),
        reverse("maturity:round", args=[demo.year]),
        reverse("maturity:heatmap", args=[demo.year]),
        reverse("maturity:heatmap", args=[demo.year - 1]),
        reverse("maturity:assessment", args=[demo.year, "kommunledningsforvaltning"]),
        reverse("maturity:assessment", args=[demo.year, "pitebo"]),
        reverse("maturity:assessment", args=[demo.year - 1, "socialtjanst"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    content = client.get(reverse("maturity:assessment", args=[demo.year, "kommunledningsforvaltning"])).content.decode()
    assert "<svg" in content and 'role="img"' in content
