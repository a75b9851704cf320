import csv
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.views.generic import TemplateView

from forums.selectors import forum_list
from maturity.selectors import capability_area_list
from measures.selectors import changes_overview, measure_list, result_status_counts
from projects.selectors import project_list
from reports.views import home_wheel_context
from steeringgroups.selectors import steering_group_list
from vudig.permissions import can

from .opendata import dataset_get, datasets
from .selectors import goal_list, obstacle_list, regulatory_area_list
from .views_mixins import PermissionRequiredMixin


class HomeView(PermissionRequiredMixin, TemplateView):
    """The plan at a glance: status counts, the four projects, the steering groups, the forums."""

    permission_action = "home.view"
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status_summary=result_status_counts(user=self.request.user),
            projects=project_list(),
            steering_groups=steering_group_list(),
            forums=forum_list(),
            # The process leader's "what changed" section (measures app).
            changes_summary=changes_overview(user=self.request.user) if can(self.request.user, "plan.edit") else None,
            **home_wheel_context(),
            **kwargs,
        )


class PlanOverviewView(PermissionRequiredMixin, TemplateView):
    """The whole plan as its tables read: goals, earlier and current measures, groups, forums, areas, hinder, omvärld."""

    permission_action = "home.view"
    template_name = "core/plan_overview.html"

    def get_context_data(self, **kwargs):
        measures = list(measure_list(user=self.request.user))
        plans = {}
        for measure in measures:
            plans.setdefault(measure.plan, []).append(measure)
        return super().get_context_data(
            goals=goal_list(),
            plans=[{"plan": plan, "measures": items} for plan, items in plans.items()],
            steering_groups=steering_group_list(),
            forums=forum_list(),
            capability_areas=capability_area_list(),
            obstacles=obstacle_list(),
            regulatory_areas=regulatory_area_list(),
            **kwargs,
        )


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
    response = JsonResponse(dataset.records(), safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_csv(request, name):
    """A dataset as UTF-8 CSV with a header row."""
    dataset = _dataset_or_404(name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{dataset.name}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    header = dataset.csv_header()
    writer = csv.DictWriter(response, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in dataset.csv_records(dataset.records()):
        writer.writerow(
            {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v) for k, v in row.items()}
        )
    return response
