"""Issue 19: a decision's label cuts its text as Truncator does, with a short cut for texts short enough already; the
status form's list of every decision is read as rows and labelled exactly as decision_label() labels an instance."""

# ruff: noqa: F811  (the fixtures imported below are the tests' arguments)
import datetime

import pytest
from django.utils.text import Truncator

from measures.selectors import _start_of, decision_choices, decision_label
from steeringgroups.constants import DecisionKind
from steeringgroups.models import Decision

from .test_basis import current_measure, decision  # noqa: F401


@pytest.mark.parametrize(
    "text",
    ["", "Kort beslut.", "x" * 80, "y" * 81, "Beslutet gäller " * 10, "a\u0301" * 50, "e\u0301" * 85, "Å" * 79 + "ÅÄ"],
)
def test_the_start_of_a_decisions_text_is_what_truncator_gives(text):
    assert _start_of(text, 80) == Truncator(text).chars(80)


def test_the_choices_read_as_rows_carry_the_same_labels_as_decision_label(people, extern_group, decision):
    def add(**fields):
        values = {"text": "Beslut.", "decided_on": datetime.date(2026, 3, 4), "decided_by": people["chair"]}
        return Decision.objects.create(**{**values, **fields})

    decisions = [
        decision,  # a group's § with an ärende
        add(kind=DecisionKind.MOTE, steering_group=extern_group, paragraph=3, text="Långt beslut om allt. " * 12),
        add(kind=DecisionKind.PLAN, plan=current_measure().plan, decided_body="Kommunchef", dnr="KS 2026/41"),
        add(kind=DecisionKind.PLAN, dnr="KS 2026/42"),  # a dnr without a body
        add(kind=DecisionKind.GATE, text="Genomförande, " + "e\u0301" * 90),  # neither § nor dnr: its kind
        add(kind=DecisionKind.MOTE, paragraph=7),  # a § without a group is cited by its kind
    ]
    assert len(decisions[1].text) > 80 and decision.errand_id is not None
    labels = dict(decision_choices())
    instances = Decision.objects.select_related("steering_group", "errand").in_bulk([d.pk for d in decisions])
    for d in decisions:
        assert labels[d.pk] == decision_label(instances[d.pk]), d.pk
    assert labels[decision.pk].startswith(
        f"Extern digitalisering 2026 § 12, 2026-05-12 ({decision.errand.reference}): "
    )
    assert labels[decisions[1].pk].endswith("…")
    assert labels[decisions[4].pk].startswith("Beslut om genomförande (projekt) 2026-03-04, 2026-03-04: ")
    # Newest first, as the register lists them.
    order = [pk for pk, _label in decision_choices()]
    assert order == list(Decision.objects.order_by("-decided_on", "-pk").values_list("pk", flat=True))
