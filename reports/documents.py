"""What each kind of report contains: one builder per kind, registered by kind (``protokoll`` joins with the referrals).

A builder gathers data only (a small, constant number of queries); reports.rendering turns it into PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .constants import ReportKind


@dataclass(frozen=True)
class ReportRequest:
    """What to render: the same for a stored Report and for the render_report command."""

    kind: str
    period_start: dt.date
    period_end: dt.date
    organisation: object | None = None  # vudig.core.models.Organisation
    requested_by: str = ""
    generated_at: dt.datetime | None = None
    report_id: int | None = None


@dataclass
class ReportDocument:
    template: str
    title: str
    context: dict = field(default_factory=dict)
    # Entries of the table of contents: (anchor id, heading).
    toc: list[tuple[str, str]] = field(default_factory=list)


Builder = Callable[[ReportRequest], ReportDocument]
BUILDERS: dict[str, Builder] = {}


def register_builder(kind: str, builder: Builder) -> None:
    """Add (or replace) the builder of one kind of report."""
    BUILDERS[kind] = builder


def previous_followup_end(*, before: dt.date, exclude_id: int | None = None) -> dt.date | None:
    """End of the latest finished uppföljningsrapport ending before ``before`` (1 query)."""
    from .models import Report

    qs = Report.objects.finished().filter(kind=ReportKind.UPPFOLJNING, period_end__lt=before)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("-period_end").values_list("period_end", flat=True).first()


def build_uppfoljning(request: ReportRequest) -> ReportDocument:
    """The follow-up report: summary, every registered section, and the year's årshjul."""
    from .annual_cycle import wheel_for_year
    from .sections import EMPTY_SECTION_TEMPLATE, ReportPeriod, gather

    period = ReportPeriod(
        start=request.period_start,
        end=request.period_end,
        previous_end=previous_followup_end(before=request.period_end, exclude_id=request.report_id),
    )
    sections = gather(period=period)
    toc = [("sammanfattning", _("Sammanfattning"))]
    toc += [(f"avsnitt-{s.key}", s.title) for s in sections]
    toc.append(("arshjul", _("Årshjulet %(year)s") % {"year": request.period_end.year}))
    return ReportDocument(
        template="reports/pdf/uppfoljning.html",
        title=_("Uppföljningsrapport %(from)s–%(to)s") % {"from": request.period_start, "to": request.period_end},
        context={
            "period": period,
            "sections": sections,
            "summary": [item for s in sections for item in s.summary],
            "sections_without_data": [s.title for s in sections if s.template == EMPTY_SECTION_TEMPLATE],
            "wheel": wheel_for_year(request.period_end.year, today=request.period_end),
        },
        toc=toc,
    )


def build_mognad(request: ReportRequest) -> ReportDocument:
    """One organisation's maturity: its five capability areas over the years (self-assessments land later)."""
    from maturity.selectors import capability_area_list

    organisation = request.organisation
    areas = list(capability_area_list())
    assessments = []  # filled once the maturity self-assessments land (issue 4)
    return ReportDocument(
        template="reports/pdf/mognad.html",
        title=_("Mognadsrapport – %(org)s") % {"org": organisation},
        context={"organisation": organisation, "areas": areas, "assessments": assessments},
        toc=[("omraden", _("Förmågeområden")), ("skattningar", _("Självskattningar över åren"))],
    )


def build_handlingsplan(request: ReportRequest) -> ReportDocument:
    """The action plan as decided: plans, their measures, results and statuses (3 queries)."""
    from measures.selectors import measure_list, plan_list

    plans = list(plan_list())
    measures_by_plan: dict[int, list] = {}
    for measure in measure_list():
        measures_by_plan.setdefault(measure.plan_id, []).append(measure)
    rows = [{"plan": p, "measures": measures_by_plan.get(p.pk, [])} for p in plans]
    return ReportDocument(
        template="reports/pdf/handlingsplan.html",
        title=_("Handlingsplan för digitalisering"),
        context={"rows": rows},
        toc=[(f"plan-{r['plan'].slug}", r["plan"].title) for r in rows],
    )


register_builder(ReportKind.UPPFOLJNING, build_uppfoljning)
register_builder(ReportKind.MOGNAD, build_mognad)
register_builder(ReportKind.HANDLINGSPLAN, build_handlingsplan)


def build(request: ReportRequest) -> ReportDocument:
    """The document for a request; an unknown kind is a programming error here (forms refuse it earlier)."""
    try:
        builder = BUILDERS[request.kind]
    except KeyError:
        raise ValueError(f"Unknown report kind: {request.kind!r}") from None
    return builder(request)
