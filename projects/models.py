from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import (
    LONG_TEXT_MAX,
    REPORT_TEXT_MAX,
    DevelopmentStatus,
    GoalStatus,
    ProjectPhase,
    ReportState,
    TrafficLight,
)


def _long_text(label, *, blank=False, limit=LONG_TEXT_MAX):
    extra = {"default": ""} if blank else {}
    return models.TextField(label, blank=blank, validators=[MaxLengthValidator(limit)], **extra)


class FrameProject(models.Model):
    """A ramprojekt: one of the plan's four central projects, with its rambeskrivning."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    measure = models.OneToOneField(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frame_project",
        verbose_name=_("åtgärd i planen"),
    )
    steering_group = models.ForeignKey(
        "steeringgroups.SteeringGroup",
        on_delete=models.PROTECT,
        related_name="frame_projects",
        verbose_name=_("styrgrupp"),
    )
    purpose = _long_text(_("mål och syfte"))
    assignment = _long_text(_("uppdrag"))
    implementation = _long_text(_("genomförande"))
    goals = _long_text(_("projektmål"))
    reference_group = _long_text(_("referensgrupp"), blank=True)
    phase = models.CharField(_("fas"), max_length=30, choices=ProjectPhase.choices, default=ProjectPhase.RAMPROJEKT)
    # The line manager kommunchef appoints as responsible for the project ("projektledare/projektägare" in the
    # plan). One field on purpose: the appointed line manager IS the owner who writes the status reports.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_frame_projects",
        verbose_name=_("ansvarig linjechef (projektägare)"),
    )
    owner_appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utsedd av"),
    )
    owner_appointed_at = models.DateTimeField(_("utsedd"), null=True, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ramprojekt")
        verbose_name_plural = _("ramprojekt")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})


class PhaseChange(models.Model):
    """One move of a frame project between phases: who recorded it, why, and for the gate the group's decision."""

    project = models.ForeignKey(
        FrameProject, on_delete=models.CASCADE, related_name="phase_changes", verbose_name=_("ramprojekt")
    )
    from_phase = models.CharField(_("från fas"), max_length=30, choices=ProjectPhase.choices)
    to_phase = models.CharField(_("till fas"), max_length=30, choices=ProjectPhase.choices)
    reason = _long_text(_("motivering"), blank=True, limit=REPORT_TEXT_MAX)
    # The steering group's decision (required when moving into genomförande); the group is kept as it was then.
    decision_group = models.ForeignKey(
        "steeringgroups.SteeringGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutande styrgrupp"),
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_text = _long_text(_("beslut"), blank=True, limit=REPORT_TEXT_MAX)
    # The recorded decision the gate cites (in the steering groups' register); date and text above are its copy.
    decision = models.ForeignKey(
        "steeringgroups.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gate_changes",
        verbose_name=_("styrgruppens beslut"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("fasbyte")
        verbose_name_plural = _("fasbyten")
        constraints = [
            models.CheckConstraint(
                name="phase_change_decision_complete",
                condition=Q(decision_date__isnull=True, decision_text="")
                | (Q(decision_date__isnull=False) & ~Q(decision_text="") & Q(decision_group__isnull=False)),
                violation_error_message=_("Ett styrgruppsbeslut behöver både datum, beslutstext och styrgrupp."),
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"


class ProjectGoalQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)


class ProjectGoal(models.Model):
    """A projektmål, refined during planning and followed up with a status."""

    project = models.ForeignKey(
        FrameProject, on_delete=models.PROTECT, related_name="project_goals", verbose_name=_("ramprojekt")
    )
    title = models.CharField(_("mål"), max_length=300)
    description = _long_text(_("beskrivning"), blank=True, limit=REPORT_TEXT_MAX)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.FORSLAG)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    archived = models.BooleanField(_("arkiverad"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ProjectGoalQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("projektmål")
        verbose_name_plural = _("projektmål")

    def __str__(self):
        return self.title


class DevelopmentProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)


class DevelopmentProject(models.Model):
    """An ongoing development project linked to a frame project ("kopplas till ramprojektet")."""

    project = models.ForeignKey(
        FrameProject, on_delete=models.PROTECT, related_name="development_projects", verbose_name=_("ramprojekt")
    )
    name = models.CharField(_("namn"), max_length=200)
    description = _long_text(_("beskrivning"), blank=True, limit=REPORT_TEXT_MAX)
    # The owner is often someone without an account (a förvaltning's project manager), so a name, not a user.
    owner = models.CharField(_("ägare"), max_length=200)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development_projects",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DevelopmentStatus.choices, default=DevelopmentStatus.PAGAR
    )
    archived = models.BooleanField(_("arkiverad"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DevelopmentProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("utvecklingsprojekt")
        verbose_name_plural = _("utvecklingsprojekt")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="unique_development_project_name",
                violation_error_message=_("Det finns redan ett utvecklingsprojekt med det namnet i ramprojektet."),
            )
        ]

    def __str__(self):
        return self.name


class StatusReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=ReportState.PUBLICERAD)

    def visible_to(self, *, may_report: bool):
        # Drafts are the reporters' working copies; everyone else reads what is published.
        return self if may_report else self.published()


class StatusReport(models.Model):
    """A lägesrapport for one period; frozen once published (a correction is a new report)."""

    project = models.ForeignKey(
        FrameProject, on_delete=models.PROTECT, related_name="status_reports", verbose_name=_("ramprojekt")
    )
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    overall_status = models.CharField(_("samlad status"), max_length=10, choices=TrafficLight.choices)
    done = _long_text(_("genomfört under perioden"), limit=REPORT_TEXT_MAX)
    next_steps = _long_text(_("nästa steg"), limit=REPORT_TEXT_MAX)
    risks = _long_text(_("risker"), blank=True, limit=REPORT_TEXT_MAX)
    state = models.CharField(_("läge"), max_length=20, choices=ReportState.choices, default=ReportState.UTKAST)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("rättar rapporten"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skriven av")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        constraints = [
            models.CheckConstraint(
                name="status_report_period_in_order",
                condition=Q(period_start__lte=models.F("period_end")),
                violation_error_message=_("Periodens start måste ligga före eller på dess slut."),
            ),
            models.CheckConstraint(
                name="status_report_published_has_date",
                condition=Q(state=ReportState.UTKAST, published_at__isnull=True)
                | Q(state=ReportState.PUBLICERAD, published_at__isnull=False),
                violation_error_message=_("En publicerad rapport har ett publiceringsdatum, ett utkast har inget."),
            ),
        ]

    def __str__(self):
        return _("Lägesrapport %(start)s–%(end)s") % {"start": self.period_start, "end": self.period_end}

    def get_absolute_url(self):
        return reverse("projects:report_detail", kwargs={"slug": self.project.slug, "pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLICERAD
