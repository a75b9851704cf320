"""The shared helpers every app's services lean on: workflow transitions, version checks, history timelines."""

import pytest

from measures.constants import ResultStatus
from measures.models import MeasureResult
from tests.factories import UserFactory
from vudig.core.concurrency import StaleVersionError, bump_version, check_version
from vudig.core.history import timeline
from vudig.core.workflow import IllegalTransition, check_transition

TRANSITIONS = {"utkast": {"inlamnad"}, "inlamnad": {"utkast", "granskad"}, "granskad": set()}
LABELS = [("utkast", "Utkast"), ("inlamnad", "Inlämnad"), ("granskad", "Granskad")]


def test_allowed_transition_passes_and_repeating_the_state_is_a_no_op():
    assert check_transition(transitions=TRANSITIONS, current="utkast", target="inlamnad", labels=LABELS) is True
    assert check_transition(transitions=TRANSITIONS, current="utkast", target="utkast", labels=LABELS) is False


def test_illegal_transition_is_refused_with_swedish_labels():
    with pytest.raises(IllegalTransition, match="från ”Granskad” till ”Utkast”"):
        check_transition(transitions=TRANSITIONS, current="granskad", target="utkast", labels=LABELS)
    with pytest.raises(IllegalTransition):
        check_transition(transitions=TRANSITIONS, current="okänd", target="utkast", labels=LABELS)


@pytest.mark.django_db
def test_stale_version_is_refused_and_carries_the_newer_object(plan):
    result = MeasureResult.objects.first()
    check_version(current=result, expected_version=result.version)
    bump_version(result)
    with pytest.raises(StaleVersionError) as excinfo:
        check_version(current=result, expected_version=result.version - 1)
    assert excinfo.value.current is result
    assert "Någon annan har sparat" in excinfo.value.messages[0]
    with pytest.raises(StaleVersionError):
        check_version(current=result, expected_version=None)


@pytest.mark.django_db
def test_timeline_says_who_changed_what_from_what_to_what_and_why(plan):
    leader = UserFactory(username="pia", first_name="Pia", last_name="Processledare")
    result = MeasureResult.objects.get(title="Digitaliseringsgrupp")
    result.status = ResultStatus.ETABLERAT
    result._change_reason = "Gruppen finns nu som styrgrupp"
    result._history_user = leader
    result.save()
    entries = timeline([result.history.all()])
    newest = entries[0]
    assert newest.who == "Pia Processledare"
    assert newest.reason == "Gruppen finns nu som styrgrupp"
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("status", "Alt lösning", "Etablerat")]
    assert entries[-1].kind == "+"
