"""Issue 19: the measure list's organisation filter draws its options from rows, the same markup as from instances."""

import django_filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.selectors import measure_filter
from vudig.core.models import Organisation


@pytest.mark.parametrize("selected", [False, True])
def test_the_organisation_filter_drawn_from_rows_is_the_select_drawn_from_instances(plan, selected):
    organisation = Organisation.objects.order_by("pk")[2]
    data = {"responsible_organisation": str(organisation.pk)} if selected else None
    with CaptureQueriesContext(connection) as queries:
        field = measure_filter(data=data).form["responsible_organisation"]
    assert len(queries) == 0  # read only when drawn (an export never draws it)
    field.form.full_clean()  # a chosen organisation is looked up once to validate it, apart from the options
    with CaptureQueriesContext(connection) as queries:
        from_rows = str(field)
    assert len(queries) == 1  # one query, as the field's own choices
    # django-filter's own iterator over model instances, as the field had it before
    field.field.widget.choices = django_filters.fields.ModelChoiceIterator(field.field)
    assert from_rows == str(field)
    assert from_rows.count("<option") == Organisation.objects.count() + 1
    assert (f'<option value="{organisation.pk}" selected>' in from_rows) is selected
