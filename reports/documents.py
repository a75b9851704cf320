"""What each kind of report contains: one builder per kind, registered by kind (``protokoll`` joins with the referrals).

A builder gathers data only (a small, constant number of queries); reports.rendering turns it into PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from maturity.charts import Series, radar_chart
from maturity.constants import SUBMITTED_STATUSES
from maturity.models import AreaAssessment, Assessment
from maturity.selectors import area_medians, capability_area_list
from measures.selectors import measure_list, plan_list

from .annual_cycle import wheel_for_year
from .constants import ReportKind
from .longlists import move_long_lists, wheel_events_appendix
from .models import Report
from .overview import overview_section
from .sections import EMPTY_SECTION_TEMPLATE, ReportPeriod, gather
from .snapshots import diff, sealed_state, snapshot_state


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


def previous_followup(*, before: dt.date, exclude_id: int | None = None) -> Report | None:
    """The latest finished uppföljningsrapport ending before ``before`` (1 query)."""

    qs = Report.objects.finished().filter(kind=ReportKind.UPPFOLJNING, period_end__lt=before)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("-period_end", "-pk").first()


def previous_followup_end(*, before: dt.date, exclude_id: int | None = None) -> dt.date | None:
    """End of the latest finished uppföljningsrapport ending before ``before`` (1 query)."""
    previous = previous_followup(before=before, exclude_id=exclude_id)
    return previous.period_end if previous else None


def build_uppfoljning(request: ReportRequest) -> ReportDocument:
    """The follow-up report: the one-page summary (made from the sections), every registered section, and the year's
    årshjul."""

    previous = previous_followup(before=request.period_end, exclude_id=request.report_id)
    period = ReportPeriod(start=request.period_start, end=request.period_end)
    state = snapshot_state(period=period)
    previous_state = sealed_state(previous)
    period = dataclasses.replace(
        period,
        previous_end=previous.period_end if previous else None,
        compared=diff(previous_state, state) if previous_state is not None else None,
    )
    gathered = gather(period=period)
    sections = [overview_section(sections=gathered, period=period), *gathered]
    # At a region's size the long lists go to appendices at the end (reports.longlists); the summary is made first,
    # from the whole lists.
    appendices = move_long_lists(gathered)
    wheel = wheel_for_year(request.period_end.year, today=request.period_end)
    events_appendix = wheel_events_appendix(wheel, number=len(appendices) + 1)
    if events_appendix is not None:
        appendices.append(events_appendix)
    toc = [(f"avsnitt-{s.key}", s.title) for s in sections]
    toc.append(("arshjul", _("Årshjulet %(year)s") % {"year": request.period_end.year}))
    toc += [(a.anchor, a.title) for a in appendices]
    return ReportDocument(
        template="reports/pdf/uppfoljning.html",
        title=_("Uppföljningsrapport %(from)s–%(to)s") % {"from": request.period_start, "to": request.period_end},
        context={
            "period": period,
            # The summary (key "sammanfattning") comes first; every section is SectionData.
            "sections": sections,
            # The sections' headline figures as (label, value) pairs, for machine-readable copies.
            "summary": [item for s in gathered for item in s.summary],
            "sections_without_data": [s.title for s in gathered if s.template == EMPTY_SECTION_TEMPLATE],
            "wheel": wheel,
            "appendices": appendices,
            "events_appendix": events_appendix,
            # Sealed in the JSON twin for the next report's comparison (reports.snapshots); the PDF does not show it.
            "state": state,
        },
        toc=toc,
    )


# Year columns in one table of the maturity report: the area's name and six statuses ("Fastställd") fill A4 upright.
YEARS_PER_TABLE = 6


def build_mognad(request: ReportRequest) -> ReportDocument:
    """One organisation's maturity: its areas per round year, a radar of the latest year, its motivations (5 queries).

    Which assessments: submitted ones (inlämnad, granskad, fastställd) of rounds up to the period end's year, each
    year marked with its status; drafts never. Everyone who may read an organisation's maturity report (kommunchef,
    the process leader, the organisation's managers, whoever requested it) may see those under the maturity rules
    (maturity/rules.py "assessment.view"), while a draft is its editors' working copy only.
    """

    organisation = request.organisation
    areas = list(capability_area_list())
    assessments = list(
        Assessment.objects.filter(
            organisation=organisation, status__in=SUBMITTED_STATUSES, round__year__lte=request.period_end.year
        )
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=AreaAssessment.objects.order_by("area__order", "area_id").prefetch_related("improvements"),
            )
        )
        .order_by("round__year")
    )
    by_assessment = {a.pk: {row.area_id: row for row in a.areas.all()} for a in assessments}
    years = [
        {"assessment": a, "levels": [getattr(by_assessment[a.pk].get(area.pk), "level", None) for area in areas]}
        for a in assessments
    ]
    table = [{"area": area, "levels": [y["levels"][i] for y in years]} for i, area in enumerate(areas)]
    # A column per year: after YEARS_PER_TABLE years the table is split (the newest years last), so it stays on the page.
    year_tables = [
        {
            "years": years[i : i + YEARS_PER_TABLE],
            "span": (years[i]["assessment"].round.year, years[i : i + YEARS_PER_TABLE][-1]["assessment"].round.year),
            "rows": [{"area": r["area"], "levels": r["levels"][i : i + YEARS_PER_TABLE]} for r in table],
        }
        for i in range(0, len(years), YEARS_PER_TABLE)
    ]
    context = {
        "organisation": organisation,
        "areas": areas,
        "assessments": assessments,
        "years": years,
        "table": table,
        "year_tables": year_tables,
    }
    toc = [("omraden", _("Förmågeområden")), ("skattningar", _("Självskattningar över åren"))]
    if assessments:
        latest = assessments[-1]
        previous = years[-2] if len(years) > 1 else None
        medians = area_medians(round=latest.round)
        series = [Series(str(latest.round.year), years[-1]["levels"])]
        if previous is not None:
            series.append(Series(str(previous["assessment"].round.year), previous["levels"]))
        series.append(
            Series(_("Median alla %(year)s") % {"year": latest.round.year}, [medians.get(a.pk) for a in areas])
        )
        rows = by_assessment[latest.pk]
        context.update(
            latest=latest,
            previous=previous["assessment"] if previous else None,
            radar=radar_chart(
                chart_id="radar",
                title=_("%(org)s %(year)s jämfört med föregående skattning och medianen")
                % {"org": organisation.name, "year": latest.round.year},
                axes=[a.name for a in areas],
                series=series,
            ),
            comparison=[
                {
                    "area": a,
                    "level": years[-1]["levels"][i],
                    "previous": previous["levels"][i] if previous else None,
                    "median": medians.get(a.pk),
                }
                for i, a in enumerate(areas)
            ],
            motivations=[
                {
                    "area": a,
                    "row": rows.get(a.pk),
                    "descriptor": latest.round.descriptors.get(a.slug, {})
                    .get("levels", {})
                    .get(str(getattr(rows.get(a.pk), "level", "")), ""),
                }
                for a in areas
            ],
        )
        toc += [("jamforelse", _("Senaste skattningen jämförd")), ("motiveringar", _("Motiveringar"))]
    return ReportDocument(
        template="reports/pdf/mognad.html",
        title=_("Mognadsrapport – %(org)s") % {"org": organisation},
        context=context,
        toc=toc,
    )


def build_handlingsplan(request: ReportRequest) -> ReportDocument:
    """The action plan as decided: plans, their measures, results and statuses (3 queries)."""

    plans = list(plan_list(public=True))  # drafts and approved versions are internal
    measures_by_plan: dict[int, list] = {}
    for measure in measure_list().public():
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
