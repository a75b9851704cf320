from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vudig.core.opendata_registry import Dataset, Field, register

from .constants import FINISHED_STATUSES, PlanState, ResultStatus, consolidated_status
from .indicators import indicator_open_data
from .models import Measure, MeasureResult, Plan
from .parts import attach_organisations, part_csv_rows


def measure_records() -> list[dict]:
    """Measures of decided plans with their results and indicators, as open data: three queries of plain rows, no
    model instances.

    Drafts and approved-but-undecided versions are internal and never here. No person's name is published (a
    result's responsible person stays in the portal).
    """
    today = timezone.localdate()
    measures = (
        Measure.objects.for_user(None)
        .public()
        .ordered()
        .annotate(plan_in_force=Exists(Plan.objects.in_force(today=today).filter(pk=OuterRef("plan_id"))))
        .values(
            "plan_in_force",
            "pk",
            "title",
            "responsible",
            "responsible_organisation__name",
            "plan_id",
            "plan__slug",
            "plan__title",
            "plan__state",
            "category",
            "description",
            "status",
        )
    )
    labels = {value: str(label) for value, label in ResultStatus.choices}
    results: dict[int, list[dict]] = {}
    overdue: set[int] = set()
    rows = (
        MeasureResult.objects.active()
        .filter(measure__archived=False, measure__plan__state=PlanState.BESLUTAD)
        .order_by("measure_id", "order", "pk")
        .values_list("measure_id", "title", "status", "end_date")
    )
    for measure_id, title, status, end_date in rows:
        late = end_date is not None and end_date < today and status not in FINISHED_STATUSES
        if late:
            overdue.add(measure_id)
        results.setdefault(measure_id, []).append(
            {"title": title, "status": status, "status_label": labels.get(status, status)}
        )
    indicators = indicator_open_data()
    records = []
    for m in measures:
        measure_results = results.get(m["pk"], [])
        status = consolidated_status([r["status"] for r in measure_results], own=m["status"])
        records.append(
            {
                "id": m["pk"],
                "title": m["title"],
                "responsible": m["responsible"],
                "responsible_organisation": m["responsible_organisation__name"],
                "plan": m["plan__slug"],
                "plan_title": m["plan__title"],
                "plan_state": m["plan__state"],
                "in_force": m["plan_in_force"],
                "category": m["category"] or None,
                "description": m["description"],
                "status": status,
                "status_label": labels.get(status, status),
                "overdue": m["pk"] in overdue,
                "results": measure_results,
                "indicators": indicators.get(m["pk"], []),
            }
        )
    attach_organisations(records)
    return records


def measure_csv_rows(records: list[dict]):
    """One row per result; a measure without results still gets one row."""
    for record in records:
        flat = {k: v for k, v in record.items() if k not in ("results", "indicators")}
        for result in record["results"] or [None]:
            yield {
                **flat,
                "result_title": result["title"] if result else "",
                "result_status": result["status"] if result else "",
                "result_status_label": result["status_label"] if result else "",
            }
        # Then one row per organisation's part (issue 11).
        yield from part_csv_rows(record)


register(
    Dataset(
        name="measures",
        title=_("Åtgärder och resultat"),
        description=_(
            "Handlingsplanens åtgärder med ansvarig, plan och resultat med status. "
            "Status anges med stabila koder: etablerat, paborjat, ej_paborjad, framtagen, avslutad, ej_genomford, alt_losning."
        ),
        fields=(
            Field("id", _("Identifierare"), "integer"),
            Field("title", _("Åtgärd")),
            Field("responsible", _("Ansvarig, som planen anger den")),
            Field("responsible_organisation", _("Ansvarig organisation, där en finns")),
            Field("plan", _("Planens identifierare")),
            Field("plan_title", _("Planens titel")),
            Field("category", _("stability (ökad stabilitet), effect (ökad effekt, projekt) eller tomt")),
            Field("description", _("Beskrivning")),
            Field("plan_state", _("Planens läge: alltid beslutad (utkast och ej beslutade versioner publiceras inte)")),
            Field(
                "in_force", _("true för den gällande planen (den senast beslutade vars period har börjat)"), "boolean"
            ),
            Field(
                "status",
                _(
                    "Åtgärdens samlade status: från resultaten (alla i samma status: den; alla avslutade i olika "
                    "statusar: avslutad; annars paborjat), utan resultat åtgärdens egen status"
                ),
            ),
            Field("status_label", _("Den samlade statusen i text")),
            Field(
                "overdue", _("true när något resultat har passerat sitt slutdatum utan att vara avslutat"), "boolean"
            ),
            Field(
                "results",
                _("Resultat: lista med title, status och status_label (i CSV en rad per resultat)"),
                "array",
            ),
            Field(
                "indicators",
                _(
                    "Nyckeltal: lista med name, unit, baseline (basvärde), baseline_year, target (målvärde), "
                    "target_date, higher_is_better, source, on_track (senaste utfallet minst så bra som den raka "
                    "vägen från basvärdet till målet; null utan utfall) och values: lista med period, "
                    "period_deadline och value (finns bara i JSON)"
                ),
            ),
            Field(
                "organisations",
                _(
                    "Organisationernas delar, för åtgärder som många organisationer bär: lista med organisation, "
                    "status (null: ej rapporterad) och result (resultatet delen gäller, null: åtgärden); i CSV en rad "
                    "per del med kolumnerna organisation och organisation_status"
                ),
            ),
        ),
        records=measure_records,
        csv_fields=(
            "id",
            "title",
            "responsible",
            "responsible_organisation",
            "plan",
            "plan_title",
            "category",
            "description",
            "plan_state",
            "in_force",
            "status",
            "status_label",
            "overdue",
            "result_title",
            "result_status",
            "result_status_label",
            "organisation",
            "organisation_status",
        ),
        csv_rows=measure_csv_rows,
        sources=("measures.Plan", "measures.Measure", "measures.MeasureResult"),
        keywords=(_("digitalisering"), _("handlingsplan"), _("uppföljning")),
    )
)
