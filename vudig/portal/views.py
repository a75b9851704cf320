from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from forums.models import Forum
from measures.selectors import changes_summary, measure_list, plan_current, plan_list, result_status_counts
from projects.selectors import project_list
from reports.views import home_wheel_context
from steeringgroups.selectors import steering_group_list
from vudig.core.constants import Role
from vudig.core.pagination import PageMixin
from vudig.core.rules import can, roles_of
from vudig.core.todo import todo_for
from vudig.core.views_mixins import PermissionRequiredMixin

from .forms import PlanPageQueryForm
from .plan_document import plan_document_get

# The start page shows at most this many frame projects, steering groups and forums, each with a link to the full
# (paginated) list: a regional deployment has hundreds of each, and the start page is a glance, not an index.
HOME_SECTION_LIMIT = 6
# "Att göra" on the start page: the first items of each kind (overdue first) and how many more; a region's process
# leader has thousands (every overdue planned improvement), which drawn in full took seconds.
HOME_TODO_LIMIT = 10
# /planen/: measures of the selected plan per page, and steering groups per page; the forums are capped like the
# start page's and link to the paginated forum list.
PLAN_MEASURES_PER_PAGE = 50
PLAN_GROUPS_PER_PAGE = 25


def _capped(queryset, limit: int) -> tuple[list, bool]:
    """The first ``limit`` rows and whether there are more (one query: fetches limit + 1, no COUNT)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def _shows_todo(user) -> bool:
    """Everyone signed in with a role that has work sees "Att göra" (empty or not); a reader sees the overview."""
    held = roles_of(user).roles - {Role.READER}
    return bool(held) or roles_of(user).is_superuser


class HomeView(PermissionRequiredMixin, TemplateView):
    """The plan at a glance: status counts, the first frame projects, steering groups and forums (links to all)."""

    permission_action = "home.view"
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        projects, more_projects = _capped(project_list().order_by("order", "pk"), HOME_SECTION_LIMIT)
        groups, more_groups = _capped(steering_group_list().order_by("order", "pk"), HOME_SECTION_LIMIT)
        forums, more_forums = _capped(Forum.objects.order_by("order", "pk"), HOME_SECTION_LIMIT)
        return super().get_context_data(
            # "Att göra": what this person has to do, from every app's providers (vudig.core.todo), overdue first.
            todo_items=todo_for(self.request.user, limit=HOME_TODO_LIMIT),
            show_todo=_shows_todo(self.request.user),
            status_summary=result_status_counts(user=self.request.user),
            projects=projects,
            more_projects=more_projects,
            steering_groups=groups,
            more_groups=more_groups,
            forums=forums,
            more_forums=more_forums,
            # The process leader's "what changed" section (measures app).
            changes_summary=changes_summary(user=self.request.user) if can(self.request.user, "plan.edit") else None,
            **home_wheel_context(),
            **kwargs,
        )


class PlanOverviewView(PermissionRequiredMixin, PageMixin, TemplateView):
    """The plan as its tables read, one plan at a time (default: the current plan), its measures paginated.

    Goals, capability areas, hinder and omvärld are the plan's own short tables; steering groups are paginated and
    forums capped with a link to the forum list, since a regional deployment has hundreds of both.
    """

    permission_action = "home.view"
    template_name = "portal/plan_overview.html"

    def get_context_data(self, **kwargs):
        request = self.request
        # Public page: decided plans only (drafts and approved versions are internal); it opens on the plan in force.
        plans = list(plan_list(public=True))
        query_form = PlanPageQueryForm(request.GET, plans=plans)
        selected = query_form.selected_plan() or plan_current(plans=plans)
        _paginator, measures, _rows, _more = self.paginate_queryset(
            measure_list(user=request.user, plan=selected) if selected else [],
            PLAN_MEASURES_PER_PAGE,
            page_kwarg="sida",
        )
        _paginator, groups, _rows, _more = self.paginate_queryset(
            steering_group_list().order_by("order", "pk"), PLAN_GROUPS_PER_PAGE, page_kwarg="styrgrupper"
        )
        forums, more_forums = _capped(Forum.objects.order_by("order", "pk"), PLAN_GROUPS_PER_PAGE)
        document, plan_rows = plan_document_get(user=request.user, plans=plans)
        return super().get_context_data(
            object_list=[],  # the page's two lists are paginated above, each under its own parameter
            query_form=query_form,
            document=document,
            plan_rows=plan_rows,
            measure_info=plan_rows["measure_info"],
            signed_in_view=can(request.user, "portal.view"),
            plans=plans,
            selected_plan=selected,
            measures=measures,
            steering_groups=groups,
            forums=forums,
            more_forums=more_forums,
            **kwargs,
        )


class AccessibilityStatementView(PermissionRequiredMixin, TemplateView):
    """The tillgänglighetsredogörelse (DOS-lagen), public, from the data file the organisation keeps."""

    permission_action = "home.view"
    template_name = "portal/accessibility.html"

    def get_context_data(self, **kwargs):
        from .accessibility import statement_load

        return super().get_context_data(statement=statement_load(), **kwargs)


class PublicProjectView(PermissionRequiredMixin, TemplateView):
    """A frame project's public page: its rambeskrivning, steering group and phase today (no login)."""

    permission_action = "home.view"
    template_name = "portal/plan_project.html"

    def get_context_data(self, **kwargs):
        project = get_object_or_404(project_list(), slug=self.kwargs["slug"])
        measure = None
        if project.measure_id:
            measure = measure_list(user=self.request.user).filter(pk=project.measure_id).first()
        return super().get_context_data(
            project=project,
            measure=measure,
            signed_in_view=can(self.request.user, "portal.view"),
            **kwargs,
        )
