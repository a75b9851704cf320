"""Long lists go to an appendix, counted per organisation kind in their chapter (reports.longlists)."""

from types import SimpleNamespace

import pytest

from reports.longlists import move_long_lists, wheel_events_appendix
from reports.sections import SectionData
from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation


def _maturity(rows):
    return SectionData(
        key="maturity",
        title="Digital mognad",
        template="reports/pdf/sections/_maturity.html",
        context={"data": SimpleNamespace(rows=rows), "svg": "<svg>…</svg>"},
        summary=[("Inlämnade", "3")],
    )


@pytest.mark.django_db
def test_a_long_list_goes_to_an_appendix_counted_per_organisation_kind(plan, django_assert_num_queries):
    organisations = list(Organisation.objects.order_by("pk"))
    rows = [SimpleNamespace(organisation=o) for o in organisations]
    maturity = _maturity(rows)
    decisions = [SimpleNamespace(errand_id=None, errand=None) for _ in range(5)]
    queue = SectionData(key="queue", title="Ärenden", template="x.html", context={"decisions": decisions})
    with django_assert_num_queries(1):
        appendices = move_long_lists([maturity, queue], limit=4)

    assert [a.title for a in appendices] == ["Bilaga 1: Digital mognad", "Bilaga 2: Ärenden"]
    assert maturity.context["appendix"] is appendices[0] and queue.context["appendix"] is appendices[1]
    expected = [
        (label, sum(1 for o in organisations if o.kind == kind))
        for kind, label in OrganisationKind.choices
        if any(o.kind == kind for o in organisations)
    ]
    assert appendices[0].per_kind == expected and appendices[0].rows == len(organisations)
    assert sum(n for _label, n in appendices[0].per_kind) == len(organisations)
    # The appendix prints every row but not the heatmap drawing; the chapter's own section keeps it.
    assert appendices[0].section.context["data"].rows == rows
    assert appendices[0].section.context["svg"] == "" and maturity.context["svg"]
    # Gate and plan decisions have no organisation: counted apart.
    assert appendices[1].per_kind == [("Utan organisation", 5)]


@pytest.mark.django_db
def test_short_lists_stay_in_their_chapter_and_the_query_still_runs(plan, django_assert_num_queries):
    maturity = _maturity([SimpleNamespace(organisation=Organisation.objects.first())])
    with django_assert_num_queries(1):  # the same number of queries at every size
        assert move_long_lists([maturity], limit=4) == []
    assert "appendix" not in maturity.context


def test_the_wheels_events_go_to_an_appendix_only_when_long():
    wheel = {"year": 2026, "events": list(range(5))}
    assert wheel_events_appendix(wheel, number=3, limit=5) is None
    appendix = wheel_events_appendix(wheel, number=3, limit=4)
    assert appendix.title == "Bilaga 3: Händelser i årshjulet 2026" and appendix.rows == 5
    assert appendix.anchor == "bilaga-3"
