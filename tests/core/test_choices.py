"""get_FOO_display() with the labels translated once per field and language gives what Django's own gives."""

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy

from measures.models import Measure, MeasureResult
from reports.models import Report
from steeringgroups.models import Decision, Errand
from vudig.core.choices import ChoiceLabelsMixin, _labels
from vudig.core.models import Organisation

MODELS = [Measure, MeasureResult, Decision, Errand, Organisation, Report]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_choice_field_reads_the_same_label_as_djangos_own(model):
    assert issubclass(model, ChoiceLabelsMixin)
    fields = [f for f in model._meta.concrete_fields if f.choices]
    assert fields
    for field in fields:
        for value in [*(v for v, _label in field.flatchoices), "inte-ett-val"]:
            obj = model(**{field.attname: value})
            ours = getattr(obj, f"get_{field.name}_display")()
            assert ours == models.Model._get_FIELD_display(obj, field)
            assert isinstance(ours, str)


def test_the_labels_follow_the_active_language():
    field = models.CharField(choices=[("y", gettext_lazy("Yes")), ("n", gettext_lazy("No"))])
    with translation.override("sv"):
        assert _labels(field, translation.get_language()) == {"y": "Ja", "n": "Nej"}
    with translation.override("en"):
        assert _labels(field, translation.get_language()) == {"y": "Yes", "n": "No"}
