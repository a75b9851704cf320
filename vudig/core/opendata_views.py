"""Open data pages: the catalogue of datasets and each dataset as JSON and CSV (public, no personal data)."""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.views.generic import TemplateView

from .opendata_registry import dataset_get, datasets
from .tabular import CsvDictWriter
from .views_mixins import PermissionRequiredMixin


class OpenDataIndexView(PermissionRequiredMixin, TemplateView):
    permission_action = "opendata.view"
    template_name = "core/opendata_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(datasets=datasets(), **kwargs)


def _dataset_or_404(name):
    dataset = dataset_get(name)
    if dataset is None:
        raise Http404("Okänd datamängd")
    return dataset


def opendata_json(request, name):
    """A dataset as a JSON array of objects (no login, no personal data)."""
    dataset = _dataset_or_404(name)
    response = JsonResponse(dataset.records(), safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_csv(request, name):
    """A dataset as UTF-8 CSV with a header row."""
    dataset = _dataset_or_404(name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{dataset.name}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    header = dataset.csv_header()
    writer = CsvDictWriter(response, fieldnames=header)  # formula-like cells get an apostrophe (tabular.py)
    writer.writeheader()
    for row in dataset.csv_records(dataset.records()):
        writer.writerow(
            {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v) for k, v in row.items()}
        )
    return response
