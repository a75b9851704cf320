"""Organisation parts: a measure or result carried by many organisations, each reporting its own part.

Writes (``organisation_part_*``) ask the rules, lock the row and save through the write kit; reads
(``part_*``) run a fixed number of queries whatever the number of organisations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation
from vudig.core.rules import require
from vudig.core.write import is_repeat, model_update, set_archived, tracked_save

from .constants import REASON_MAX_LENGTH, STATUSES_NEEDING_REASON, ResultStatus
from .models import Measure, MeasureResult, OrganisationPart, PeriodReport

# "(Alla)" in the plan: every förvaltning and bolag carries the measure (the kommuncentrala stödfunktioner do not).
ALL_KINDS = (OrganisationKind.FORVALTNING, OrganisationKind.BOLAG)
UNREPORTED = ""


def organisations_for_all():
    """The organisations "(Alla)" means: every förvaltning and bolag."""
    return Organisation.objects.filter(kind__in=ALL_KINDS).ordered()


def _ensure_open(measure: Measure) -> None:
    # Imported here: services imports nothing of ours, and the guard stays one function.
    from .services import _ensure_followup_allowed

    _ensure_followup_allowed(measure.plan)


def _clean_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Kommentaren får vara högst %(max)d tecken (nu %(n)d).")
                % {"max": REASON_MAX_LENGTH, "n": len(comment)}
            },
            code="max_length",
        )
    return comment


def clean_part_report(*, status: str, comment: str, required: bool = True) -> tuple[str, str]:
    """A part's (or period row's) status and comment, every problem named by its field (shared with periods)."""
    errors: dict[str, list] = {}
    if status and status not in ResultStatus.values:
        errors["status"] = [_("Okänd status: ”%(status)s”.") % {"status": status}]
    elif required and not status:
        errors["status"] = [_("Välj en status.")]
    try:
        comment = _clean_comment(comment)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if status in STATUSES_NEEDING_REASON and not comment and "comment" not in errors:
        errors["comment"] = [
            _("Skriv i kommentaren varför: det krävs för %(status)s.") % {"status": ResultStatus(status).label}
        ]
    if errors:
        raise ValidationError(errors)
    return status, comment


# -- writes -----------------------------------------------------------------------------------------------------
@transaction.atomic
def organisation_parts_assign(
    *, measure: Measure, organisations: Iterable[Organisation], by, result: MeasureResult | None = None
) -> dict[str, int]:
    """Hand a measure (or one of its results) to exactly these organisations: new ones get an unreported part, the
    ones left out are archived (history kept), earlier ones are restored. Repeating is a no-op."""
    require(by, "measure.part_assign", measure)
    measure = Measure.objects.select_for_update(of=("self",)).select_related("plan__successor").get(pk=measure.pk)
    _ensure_open(measure)
    if measure.archived:
        raise ValidationError(_("Åtgärden är arkiverad."), code="archived")
    if result is not None and result.measure_id != measure.pk:
        raise ValidationError(_("Resultatet hör inte till den här åtgärden."), code="wrong_measure")
    wanted = {o.pk for o in organisations}
    existing = {
        p.organisation_id: p
        for p in OrganisationPart.objects.select_for_update().filter(measure=measure, result=result)
    }
    counts = {"added": 0, "restored": 0, "archived": 0}
    reasons = (_("Organisationens del borttagen"), _("Organisationens del återställd"))
    for org_id in sorted(wanted - set(existing)):
        part = OrganisationPart(measure=measure, result=result, organisation_id=org_id)
        tracked_save(part, by=by, reason=_("Tilldelad organisationen"))
        counts["added"] += 1
    for org_id, part in existing.items():
        if org_id in wanted and part.archived:
            set_archived(part, archived=False, by=by, reasons=reasons)
            counts["restored"] += 1
        elif org_id not in wanted and not part.archived:
            set_archived(part, archived=True, by=by, reasons=reasons)
            counts["archived"] += 1
    if counts["added"] or counts["restored"]:
        from .periods import period_rows_sync

        period_rows_sync()
    return counts


@transaction.atomic
def organisation_part_report(
    *, part: OrganisationPart, status: str, comment: str, by, expected_version: int | None
) -> OrganisationPart:
    """The organisation's own status and comment for its part; a repeat is a no-op, a stale page is refused."""
    require(by, "measure.part_report", part)
    status, comment = clean_part_report(status=status, comment=comment)
    current = (
        OrganisationPart.objects.select_for_update(of=("self",))
        .select_related("measure__plan__successor")
        .get(pk=part.pk)
    )
    if current.archived:
        raise ValidationError(_("Organisationen har inte längre den här delen."), code="archived")
    _ensure_open(current.measure)
    values = {"status": status, "comment": comment}
    if is_repeat(current, values):
        return current  # the same report sent twice
    model_update(
        instance=current,
        values={**values, "reported_by": by, "reported_at": timezone.now()},
        expected_version=expected_version,
        by=by,
        reason=_("Delen rapporterad"),
    )
    return current


def _part_copy_report(*, part_id: int, status: str, comment: str, by) -> None:
    """A period report of a part is also the part's current status (called by the period service, already allowed)."""
    current = OrganisationPart.objects.select_for_update(of=("self",)).get(pk=part_id)
    if (current.status, current.comment) == (status, comment):
        return
    current.status, current.comment = status, comment
    current.reported_by, current.reported_at = by, timezone.now()
    current.version += 1
    tracked_save(
        current,
        by=by,
        reason=_("Delen rapporterad i uppföljningsperiod"),
        update_fields=["status", "comment", "reported_by", "reported_at", "version", "updated_at"],
    )


@transaction.atomic
def organisation_part_set_reporter(*, part: OrganisationPart, username: str, by) -> OrganisationPart:
    """The manager names the person who reports the part (by user name or e-mail); empty: the manager reports."""
    require(by, "measure.part_delegate", part)
    username = (username or "").strip()
    reporter = None
    if username:
        users = get_user_model().objects.filter(is_active=True)
        reporter = users.filter(username=username).first() or users.filter(email__iexact=username).first()
        if reporter is None:
            raise ValidationError(
                {"username": _("Ingen aktiv användare heter ”%(name)s”.") % {"name": username}}, code="unknown_user"
            )
    current = OrganisationPart.objects.select_for_update(of=("self",)).get(pk=part.pk)
    if current.reporter_id == (reporter.pk if reporter else None):
        return current
    current.reporter = reporter
    tracked_save(
        current,
        by=by,
        reason=_("Rapportör utsedd: %(name)s") % {"name": reporter.get_full_name() or reporter.username}
        if reporter
        else _("Rapportör borttagen"),
        update_fields=["reporter", "updated_at"],
    )
    return current


# -- reads ------------------------------------------------------------------------------------------------------
@dataclass
class PartOverview:
    """The parts of one measure: counts per status, the organisations × items matrix, who has not reported."""

    columns: list[tuple[int | None, str]] = field(default_factory=list)  # (result id or None for the measure, title)
    rows: list[tuple[Organisation, list[OrganisationPart | None]]] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)
    unreported: list[Organisation] = field(default_factory=list)
    total: int = 0

    def __bool__(self) -> bool:
        return self.total > 0


def part_overview(*, measure: Measure) -> PartOverview:
    """The measure's active parts in one query (with organisation and reporter), arranged for the measure page."""
    parts = list(
        OrganisationPart.objects.active()
        .filter(measure=measure)
        .filter(Q(result__isnull=True) | Q(result__archived=False))
        .select_related("organisation", "reporter", "result")
        .order_by("organisation__order", "organisation__name", "result__order", "result_id")
    )
    overview = PartOverview(total=len(parts))
    if not parts:
        return overview
    columns: dict[int | None, str] = {}
    if any(p.result_id is None for p in parts):
        columns[None] = str(_("Åtgärden"))
    for p in sorted((p for p in parts if p.result_id), key=lambda p: (p.result.order, p.result_id)):
        columns.setdefault(p.result_id, p.result.title)
    overview.columns = list(columns.items())
    by_org: dict[int, dict[int | None, OrganisationPart]] = {}
    organisations: dict[int, Organisation] = {}
    for p in parts:
        organisations[p.organisation_id] = p.organisation
        by_org.setdefault(p.organisation_id, {})[p.result_id] = p
    overview.rows = [
        (org, [by_org[org.pk].get(col) for col, _title in overview.columns]) for org in organisations.values()
    ]
    per_status: dict[str, int] = {}
    for p in parts:
        per_status[p.status] = per_status.get(p.status, 0) + 1
    overview.counts = [{"value": UNREPORTED, "label": _("Ej rapporterad"), "count": per_status.get(UNREPORTED, 0)}] + [
        {"value": s.value, "label": s.label, "count": per_status.get(s.value, 0)} for s in ResultStatus
    ]
    unreported_orgs = {p.organisation_id for p in parts if not p.status}
    overview.unreported = [org for org in organisations.values() if org.pk in unreported_orgs]
    return overview


def part_counts(measures) -> dict[int, int]:
    """Per measure, how many active parts it has (one query), for lists."""
    rows = (
        OrganisationPart.objects.active()
        .filter(measure__in=measures)
        .values("measure_id")
        .annotate(n=Count("pk"))
        .values_list("measure_id", "n")
    )
    return dict(rows)


def part_status_matrix(measures) -> dict:
    """The active parts of these measures (a queryset) per organisation and status, in one query: for the reports.

    Returns plain values: ``columns`` (status value, label; "Ej rapporterad" first), ``rows`` (organisation name and
    one count per column), each column's ``total`` and the grand ``total``.
    """
    counts = (
        OrganisationPart.objects.active()
        .filter(measure__in=measures.order_by().values("pk"))
        .filter(Q(result__isnull=True) | Q(result__archived=False))
        .values("organisation_id", "organisation__name", "organisation__order", "status")
        .annotate(n=Count("pk"))
        .order_by("organisation__order", "organisation__name", "organisation_id")
    )
    columns = [(UNREPORTED, str(_("Ej rapporterad"))), *((s.value, str(s.label)) for s in ResultStatus)]
    by_org: dict[int, dict] = {}
    for row in counts:
        entry = by_org.setdefault(row["organisation_id"], {"organisation": row["organisation__name"], "counts": {}})
        entry["counts"][row["status"]] = row["n"]
    rows = [
        {"organisation": e["organisation"], "counts": [e["counts"].get(value, 0) for value, _label in columns]}
        for e in by_org.values()
    ]
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(columns))]
    return {
        "columns": [{"value": v, "label": label, "total": n} for (v, label), n in zip(columns, totals, strict=True)],
        "rows": rows,
        "total": sum(totals),
    }


def part_open_data(measure_ids: Iterable[int] | None = None) -> dict[int, list[dict]]:
    """Per measure, its organisations' parts as open data (organisation name and status slug): one query, no names
    of people. A result's part names the result."""
    qs = (
        OrganisationPart.objects.active()
        .filter(measure__archived=False)
        .filter(Q(result__isnull=True) | Q(result__archived=False))
        .order_by("measure_id", "result__order", "result_id", "organisation__order", "organisation__name")
    )
    if measure_ids is not None:
        qs = qs.filter(measure_id__in=list(measure_ids))
    parts: dict[int, list[dict]] = {}
    for measure_id, org_name, status, result_title in qs.values_list(
        "measure_id", "organisation__name", "status", "result__title"
    ):
        parts.setdefault(measure_id, []).append(
            {"organisation": org_name, "status": status or None, "result": result_title}
        )
    return parts


def attach_organisations(records: list[dict]) -> list[dict]:
    """Add ``organisations`` (each with ``organisation``, ``status`` and the ``result`` it is part of, or null for the
    measure itself) to each open-data measure record; [] for a measure no organisation carries."""
    parts = part_open_data()
    for record in records:
        record["organisations"] = parts.get(record["id"], [])
    return records


def part_csv_rows(record: dict):
    """The CSV rows of a measure record's organisation parts (one per part)."""
    flat = {k: v for k, v in record.items() if k not in ("results", "organisations", "indicators")}
    for part in record.get("organisations") or []:
        yield {
            **flat,
            "result_title": part["result"] or "",
            "result_status": "",
            "result_status_label": "",
            "organisation": part["organisation"],
            "organisation_status": part["status"] or "",
        }


def part_timeline(*, part: OrganisationPart):
    """Who reported the part, named its reporter, handed it out or took it back, when and what changed; newest first,
    every reference by name (the part's own history, plus its rows' reports in the follow-up periods)."""
    from vudig.core.history import name_references, timeline

    subject = f"{part.organisation.name}: {part.result.title if part.result_id else part.measure.title}"
    entries = timeline(
        [part.history.all(), PeriodReport.history.filter(part_id=part.pk)],
        subject=lambda record: (
            subject
            if record.instance_type is OrganisationPart
            else _("%(subject)s, i uppföljningsperiod") % {"subject": subject}
        ),
        ignore={"reported_at", "completed_at"},
    )
    name_references(entries)
    return entries
