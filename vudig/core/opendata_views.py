"""Open data pages: the catalogue of datasets and each dataset as JSON and CSV (public, no personal data)."""

import json
import re

from django.http import Http404, HttpResponse, JsonResponse
from django.views.generic import TemplateView

from .opendata_registry import dataset_get, datasets
from .tabular import CsvDictWriter, xlsx_append
from .views_mixins import PermissionRequiredMixin


class OpenDataIndexView(PermissionRequiredMixin, TemplateView):
    permission_action = "opendata.view"
    template_name = "core/opendata_index.html"

    def get_context_data(self, **kwargs):
        from .opendata_catalog import VERSION_RETENTION_MONTHS, catalogue_settings, dataset_modified

        return super().get_context_data(
            datasets=datasets(),
            entries=[(d, dataset_modified(d)) for d in datasets()],
            catalogue=catalogue_settings(),
            retention_months=VERSION_RETENTION_MONTHS,
            **kwargs,
        )


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


# --- Catalogue (DCAT-AP-SE), XLSX distribution and data dictionary ------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dataset_table(dataset) -> tuple[tuple[str, ...], list[list]]:
    """The dataset as one flat table (the CSV's columns and rows); lists and objects become JSON text."""
    header = dataset.csv_header()
    rows = []
    for record in dataset.csv_records(dataset.records()):
        rows.append(
            [
                json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
                for value in (record.get(name) for name in header)
            ]
        )
    return header, rows


def xlsx_bytes(*, sheets: list[tuple[str, tuple | list, list[list]]]) -> bytes:
    """A workbook of (title, header, rows) sheets; every text stays text, never a formula.

    Cells go through core's one neutralising writer (``tabular.xlsx_append``): text that starts like a formula gets a
    leading apostrophe, as in the CSVs and as the data dictionary says.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "-", title)[:31])  # Excel's limits on names
        xlsx_append(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            xlsx_append(sheet, row)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=…" from the data must not become a formula
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def opendata_xlsx(request, name):
    """A dataset as an Excel workbook: the CSV's table, and its data dictionary on a second sheet."""
    from django.utils.translation import gettext as _

    dataset = _dataset_or_404(name)
    header, rows = dataset_table(dataset)
    dictionary = [[f.name, f.type, str(f.description)] for f in dataset.fields]
    content = xlsx_bytes(
        sheets=[
            (str(dataset.title), header, rows),
            (_("Fält"), (_("Fält"), _("Typ"), _("Beskrivning")), dictionary),
        ]
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.xlsx"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_schema(request, name):
    """A dataset's data dictionary as a Frictionless Table Schema (JSON)."""
    from .opendata_catalog import dataset_schema

    response = JsonResponse(dataset_schema(_dataset_or_404(name)), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalogue_response(request, rdf_format: str, content_type: str):
    from .opendata_catalog import catalogue_graph

    graph = catalogue_graph(base_url=request.build_absolute_uri("/"))
    response = HttpResponse(graph.serialize(format=rdf_format, encoding="utf-8"), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalog_ttl(request):
    """The DCAT-AP-SE catalogue in Turtle."""
    return _catalogue_response(request, "turtle", "text/turtle; charset=utf-8")


def catalog_jsonld(request):
    """The DCAT-AP-SE catalogue in JSON-LD."""
    return _catalogue_response(request, "json-ld", "application/ld+json")
