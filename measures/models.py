from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vudig.core.choices import ChoiceLabelsMixin
from vudig.core.files import stored_name
from vudig.core.models import StoredFile

from .constants import (
    FINISHED_STATUSES,
    MeasureCategory,
    PeriodKind,
    PeriodState,
    PlanState,
    ResultStatus,
    consolidated_status,
)


def _begun(prefix: str = "", *, today=None) -> Q:
    """A plan's period has begun (a plan without a start date counts as begun)."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}period_start__isnull": True}) | Q(**{f"{prefix}period_start__lte": today})


class PlanQuerySet(models.QuerySet):
    def decided(self):
        """Plans kommunchef has decided: the only ones shown publicly and in open data."""
        return self.filter(state=PlanState.BESLUTAD)

    def begun(self, *, today=None):
        return self.filter(_begun(today=today))

    def in_force(self, *, today=None):
        """The one plan in force (zero or one row): the latest decided plan, in plan order, whose period has begun."""
        latest = self.model.objects.decided().begun(today=today).order_by("-order", "-pk").values("pk")[:1]
        return self.filter(pk__in=latest)

    def closed(self, *, today=None):
        """Plans whose next version is decided and has begun: their follow-up is over, their statuses kept."""
        return self.filter(Q(successor__state=PlanState.BESLUTAD) & _begun("successor__", today=today))

    def open_for_followup(self, *, today=None):
        return self.exclude(pk__in=self.model.objects.closed(today=today).values("pk"))


class Plan(models.Model):
    """A handlingsplan: the earlier decided measures, or a version of the current plan."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=PlanState.choices, default=PlanState.UTKAST)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("föregående planversion"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                name="plan_period_in_order",
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                violation_error_message=_("Periodens start måste ligga före dess slut."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_decided(self) -> bool:
        """A decided plan's measures are fixed: their content, order and results cannot be changed."""
        return self.state == PlanState.BESLUTAD

    @property
    def is_superseded(self) -> bool:
        """A newer version has been started from this plan (it may still be a draft)."""
        return hasattr(self, "successor")

    @property
    def has_begun(self) -> bool:
        return self.period_start is None or self.period_start <= timezone.localdate()

    @property
    def is_closed(self) -> bool:
        """Follow-up is over once the next version is decided and its period has begun; statuses stay as they were.

        Reads ``successor``: select it with the plan (``select_related("successor")``) in lists.
        """
        successor = getattr(self, "successor", None) if self.is_superseded else None
        return successor is not None and successor.is_decided and successor.has_begun

    @property
    def state_label(self) -> str:
        """The state as staff read it: a plan that is not decided says so ("Godkänd, ej beslutad")."""
        if self.state == PlanState.GODKAND:
            return str(_("Godkänd, ej beslutad"))
        return self.get_state_display()


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def for_user(self, user):
        # Every signed-in person and the public may read the plan; archived measures stay out of lists.
        return self.active()

    def public(self):
        """Measures of decided plans only: drafts and approved versions are internal."""
        return self.filter(plan__state=PlanState.BESLUTAD)

    def in_force(self, *, today=None):
        return self.filter(plan__in=Plan.objects.in_force(today=today))

    def overdue(self, *, today=None):
        """Measures with at least one active result past its end date and not finished."""
        return self.filter(Exists(MeasureResult.objects.overdue(today=today).filter(measure=OuterRef("pk"))))

    def ordered(self):
        return self.order_by("plan__order", "plan_id", "order", "pk")


class Measure(ChoiceLabelsMixin, models.Model):
    """An åtgärd in a plan, with a responsible party and results."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="measures", verbose_name=_("plan"))
    title = models.CharField(_("åtgärd"), max_length=300)
    responsible = models.CharField(_("ansvarig"), max_length=200)
    responsible_organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarig organisation"),
    )
    category = models.CharField(_("typ av åtgärd"), max_length=20, choices=MeasureCategory.choices, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # The measure's own status, followed up while it has no results; with results its status is consolidated
    # from theirs (constants.consolidated_status).
    status = models.CharField(
        _("status"), max_length=20, choices=ResultStatus.choices, default=ResultStatus.EJ_PABORJAD
    )
    status_reason = models.TextField(_("skäl"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    archived = models.BooleanField(_("arkiverad"), default=False)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("föregående åtgärd"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["plan__order", "plan_id", "order", "pk"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="unique_measure_title_per_plan"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("measures:detail", kwargs={"pk": self.pk})

    def _active_results(self) -> list:
        # Reads the prefetched results (lists prefetch the active ones, the measure page all of them).
        return [r for r in self.results.all() if not r.archived]

    @property
    def consolidated_status(self) -> str:
        """One status for the measure: from its active results, or its own when it has none."""
        return consolidated_status([r.status for r in self._active_results()], own=self.status)

    @property
    def consolidated_status_label(self) -> str:
        return str(ResultStatus(self.consolidated_status).label)

    @property
    def is_overdue(self) -> bool:
        """Some active result is past its end date and not finished."""
        return any(r.is_overdue for r in self._active_results())


class MeasureResultQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def unfinished(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def overdue(self, *, today=None):
        """Active results past their end date and not finished ("Försenad")."""
        return self.active().unfinished().filter(end_date__lt=today or timezone.localdate())


class MeasureResult(ChoiceLabelsMixin, models.Model):
    """A result (resultat) of a measure, with its status in the plan's vocabulary."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="results", verbose_name=_("åtgärd"))
    title = models.CharField(_("resultat"), max_length=300)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig användare"),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices)
    status_reason = models.TextField(_("skäl"), blank=True)
    replacement_measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces_results",
        verbose_name=_("ersätts av åtgärd"),
    )
    replacement_result = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("ersätts av resultat"),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("föregående resultat"),
    )
    # What the current status rests on. The steering groups build on the plan, so their decision is named by string
    # and never imported here.
    basis_decision = models.ForeignKey(
        "steeringgroups.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grund: styrgruppsbeslut"),
    )
    basis_plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grund: planbeslut"),
    )
    basis_document = models.ForeignKey(
        "StatusDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grund: dokument"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    archived = models.BooleanField(_("arkiverad"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeasureResultQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        constraints = [
            models.CheckConstraint(
                name="result_dates_in_order",
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__lte=models.F("end_date")),
                violation_error_message=_("Startdatum måste ligga före slutdatum."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Past the end date and not finished ("Försenad")."""
        return (
            not self.archived
            and not self.is_finished
            and self.end_date is not None
            and self.end_date < timezone.localdate()
        )

    @property
    def responsible_name(self) -> str:
        """The responsible as written, else the chosen user's name."""
        if self.responsible:
            return self.responsible
        user = self.responsible_user
        return (user.get_full_name() or user.username) if user else ""

    @property
    def has_basis(self) -> bool:
        return bool(self.basis_decision_id or self.basis_plan_id or self.basis_document_id)


def _document_path(instance, filename):
    return stored_name("status-documents", filename)


class StatusDocument(StoredFile):
    """A document a result's status rests on; stored under MEDIA_ROOT (never served directly), read through a view."""

    result = models.ForeignKey(MeasureResult, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")

    def get_absolute_url(self):
        return reverse("measures:document", kwargs={"pk": self.result.measure_id, "document_pk": self.pk})


class CommentQuerySet(models.QuerySet):
    def in_order(self):
        return self.select_related("author", "result").order_by("created_at", "pk")


class Comment(models.Model):
    """A remark on a measure, or on one of its results, by someone taking part in the follow-up."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="comments", verbose_name=_("åtgärd"))
    result = models.ForeignKey(
        MeasureResult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("resultat"),
    )
    text = models.TextField(_("kommentar"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skriven av")
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now)
    history = HistoricalRecords()

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self):
        return self.text[:60]


class FollowUpPeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PeriodState.OPEN)

    def closed(self):
        return self.filter(state=PeriodState.CLOSED)


class FollowUpPeriod(ChoiceLabelsMixin, models.Model):
    """A follow-up point (T1, T2, bokslut) of a plan: everyone responsible reports before the deadline.

    Opened by the process leader; when closed, the reports made in it are frozen and kept, so any later view can show
    the status "at T1" exactly.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="followup_periods", verbose_name=_("plan"))
    kind = models.CharField(_("slag"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.OTHER)
    title = models.CharField(_("benämning"), max_length=200)
    opens_on = models.DateField(_("öppnas"), default=timezone.localdate)
    deadline = models.DateField(_("sista dag att rapportera"))
    state = models.CharField(_("läge"), max_length=20, choices=PeriodState.choices, default=PeriodState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("öppnad av"),
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = FollowUpPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="unique_period_title_per_plan"),
            models.CheckConstraint(
                name="period_opens_before_deadline",
                condition=models.Q(opens_on__lte=models.F("deadline")),
                violation_error_message=_("Perioden måste öppnas före sista dag att rapportera."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


# -- indicators (nyckeltal) ---------------------------------------------------------------------------------------
class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def ordered(self):
        return self.order_by("order", "pk")


class Indicator(models.Model):
    """A nyckeltal of a measure: a baseline (value and year), a target (value and date) and which way is better.

    Its outcomes are recorded per follow-up period (IndicatorValue); whether it is on track is read from the straight
    line between the baseline (at the start of its year) and the target (on its date), see measures.indicators.
    """

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("åtgärd"))
    name = models.CharField(_("nyckeltal"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    baseline_value = models.DecimalField(_("basvärde"), max_digits=16, decimal_places=4)
    baseline_year = models.PositiveIntegerField(_("basår"))
    target_value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4)
    target_date = models.DateField(_("måldatum"))
    higher_is_better = models.BooleanField(_("högre är bättre"), default=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    archived = models.BooleanField(_("arkiverad"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        constraints = [
            models.UniqueConstraint(fields=["measure", "name"], name="unique_indicator_name_per_measure"),
        ]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """The outcome (utfall) of an indicator in one follow-up period, with a comment: one per indicator and period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("nyckeltal")
    )
    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("period")
    )
    value = models.DecimalField(_("utfall"), max_digits=16, decimal_places=4)
    comment = models.TextField(_("kommentar"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    recorded_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__deadline", "pk"]
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_indicator_value_per_period"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"

    @property
    def is_late(self) -> bool:
        """Recorded after the period's deadline: accepted, but marked (reads ``period``: select it with the value)."""
        return timezone.localdate(self.recorded_at) > self.period.deadline


# -- organisation parts and period reports (issue 11, items 3 and 4) -----------------------------------------------
class OrganisationPartQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def unreported(self):
        return self.filter(status="")


class OrganisationPart(models.Model):
    """An organisation's part of a measure, or of one of its results, when many organisations carry it ("(Alla)").

    The part is reported by the organisation's manager or a person the manager names (``reporter``); it starts
    unreported (blank status), and the measure's own status stays the one the plan decided.
    """

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="parts", verbose_name=_("åtgärd"))
    result = models.ForeignKey(
        MeasureResult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("resultat"),
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="measure_parts", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterar (utsedd av chefen)"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterad av"),
    )
    reported_at = models.DateTimeField(_("rapporterad"), null=True, blank=True)
    archived = models.BooleanField(_("arkiverad"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationPartQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__order", "organisation__name", "pk"]
        verbose_name = _("organisationens del")
        verbose_name_plural = _("organisationernas delar")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organisation"],
                condition=models.Q(result__isnull=True),
                name="unique_part_per_measure_organisation",
            ),
            models.UniqueConstraint(
                fields=["result", "organisation"],
                condition=models.Q(result__isnull=False),
                name="unique_part_per_result_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id}: {self.result_id or self.measure_id}"

    @property
    def is_reported(self) -> bool:
        return bool(self.status)

    @property
    def status_label(self) -> str:
        return str(ResultStatus(self.status).label) if self.status else str(_("Ej rapporterad"))


class PeriodReportQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(completed_at__isnull=False)

    def pending(self):
        return self.filter(completed_at__isnull=True)


class PeriodReport(models.Model):
    """One item's report in a follow-up period: an organisation's part, a result or a measure (status, comment,
    klarmarkerad). Made when the period opens; frozen when it closes, so "status at T1" is read from here."""

    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("uppföljningsperiod")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="period_reports", verbose_name=_("åtgärd")
    )
    result = models.ForeignKey(
        MeasureResult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="period_reports",
        verbose_name=_("resultat"),
    )
    part = models.ForeignKey(
        OrganisationPart,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="period_reports",
        verbose_name=_("organisationens del"),
    )
    # The part's organisation, kept on the row so the completion board groups without a join.
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="period_reports",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterad av"),
    )
    reported_at = models.DateTimeField(_("senast sparad"), null=True, blank=True)
    completed_at = models.DateTimeField(_("klarmarkerad"), null=True, blank=True)
    late = models.BooleanField(_("sen rapport"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        ordering = ["measure__plan__order", "measure__order", "measure_id", "result__order", "result_id", "pk"]
        verbose_name = _("periodrapport")
        verbose_name_plural = _("periodrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "part"], condition=models.Q(part__isnull=False), name="unique_period_part"
            ),
            models.UniqueConstraint(
                fields=["period", "result"],
                condition=models.Q(part__isnull=True, result__isnull=False),
                name="unique_period_result",
            ),
            models.UniqueConstraint(
                fields=["period", "measure"],
                condition=models.Q(part__isnull=True, result__isnull=True),
                name="unique_period_measure",
            ),
        ]

    def __str__(self):
        return f"{self.period_id}: {self.part_id or self.result_id or self.measure_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def status_label(self) -> str:
        return str(ResultStatus(self.status).label) if self.status else str(_("Ej rapporterad"))


class PeriodReminder(models.Model):
    """A reminder sent to one person for one period and one reminder day: each person gets each reminder once."""

    period = models.ForeignKey(FollowUpPeriod, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField(_("dagar före sista dag"))
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["period", "user", "days_before"], name="unique_period_reminder"),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.user_id}/{self.days_before}"
