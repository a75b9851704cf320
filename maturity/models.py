from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vudig.core.constants import OrganisationKind

from .constants import IMPROVEMENT_FINISHED, SUBMITTED_STATUSES, AssessmentStatus, ImprovementStatus, RoundStatus

# The rounds cover the förvaltningar and bolag, not the kommuncentrala stödjande funktionerna.
ASSESSED_KINDS = (OrganisationKind.FORVALTNING, OrganisationKind.BOLAG)


class CapabilityArea(models.Model):
    """One of the five areas every förvaltning and bolag must secure (plan section 7)."""

    name = models.CharField(_("område"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    capability = models.CharField(_("vi behöver ha en förmåga att"), max_length=300)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("förmågeområde")
        verbose_name_plural = _("förmågeområden")

    def __str__(self):
        return self.name


class LevelDescriptor(models.Model):
    """The process leader's text for one level of one area; without a row the data file's default applies."""

    area = models.ForeignKey(
        CapabilityArea, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("område")
    )
    level = models.PositiveSmallIntegerField(_("nivå"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(_("beskrivning"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "level"]
        verbose_name = _("nivåbeskrivning")
        verbose_name_plural = _("nivåbeskrivningar")
        constraints = [
            models.UniqueConstraint(fields=["area", "level"], name="unique_descriptor_per_area_level"),
            models.CheckConstraint(
                name="descriptor_level_1_to_5",
                condition=Q(level__gte=1, level__lte=5),
                violation_error_message=_("Nivån måste vara mellan 1 och 5."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.level}"


class AssessmentRound(models.Model):
    """One year's self-assessment round, with the descriptors it was opened under."""

    year = models.PositiveIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.PLANERAD)
    # {area_slug: {"name": ..., "capability": ..., "levels": {"1": text, ...}}}, copied when the round first opens.
    descriptors = models.JSONField(_("nivåbeskrivningar"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("skattningsomgång")
        verbose_name_plural = _("skattningsomgångar")
        constraints = [
            models.CheckConstraint(
                name="round_dates_in_order",
                condition=Q(opens_on__lte=models.F("closes_on")),
                violation_error_message=_("Omgången måste öppna innan den stänger."),
            )
        ]

    def __str__(self):
        return str(_("Självskattning %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("maturity:round", kwargs={"year": self.year})

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPPEN


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):

        return self.filter(status__in=SUBMITTED_STATUSES)

    def established(self):
        return self.filter(status=AssessmentStatus.FASTSTALLD)


class Assessment(models.Model):
    """One organisation's self-assessment in one round; moves utkast → inlämnad → granskad → fastställd."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("omgång")
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("organisation")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.UTKAST
    )
    review_comment = models.TextField(_("kommentar från granskningen"), blank=True)
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "organisation__order"]
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="unique_assessment_per_round_org"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.round.year}"

    def get_absolute_url(self):
        return reverse("maturity:assessment", kwargs={"year": self.round.year, "org": self.organisation.slug})


class AreaAssessment(models.Model):
    """The level, motivation and evidence for one area of one assessment; its planned improvements hang off it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(CapabilityArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("område"))
    level = models.PositiveSmallIntegerField(
        _("nivå"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    motivation = models.TextField(_("motivering"), blank=True)
    evidence = models.TextField(_("underlag"), blank=True)
    # The organisation's own target for the year; without one the process leader's target for its kind applies
    # (TargetLevel), and the gap is the target less the level.
    target = models.PositiveSmallIntegerField(
        _("målnivå"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # A gap links to the measures and projects that address it (kept outside the frozen assessment text).
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="maturity_gaps", verbose_name=_("åtgärder")
    )
    projects = models.ManyToManyField(
        "projects.FrameProject", blank=True, related_name="maturity_gaps", verbose_name=_("ramprojekt")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "area_id"]
        verbose_name = _("områdesskattning")
        verbose_name_plural = _("områdesskattningar")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="unique_area_per_assessment"),
            models.CheckConstraint(
                name="area_level_1_to_5",
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                violation_error_message=_("Nivån måste vara mellan 1 och 5."),
            ),
            models.CheckConstraint(
                name="area_target_1_to_5",
                condition=Q(target__isnull=True) | Q(target__gte=1, target__lte=5),
                violation_error_message=_("Målnivån måste vara mellan 1 och 5."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.area}"

    @property
    def organisation_id(self):
        return self.assessment.organisation_id


class PlannedImprovementQuerySet(models.QuerySet):
    def of_submitted(self):
        """Improvements of submitted assessments: the ones followed up (a draft's rows are still being written)."""
        return self.filter(area_assessment__assessment__status__in=SUBMITTED_STATUSES)

    def unfinished(self):
        return self.exclude(status__in=IMPROVEMENT_FINISHED)

    def overdue(self, *, today=None):
        return self.of_submitted().unfinished().filter(due__lt=today or timezone.localdate())


class PlannedImprovement(models.Model):
    """One planned improvement of one area, with its owner and date; an area may plan several.

    A draft may keep a row that is not yet complete (the manager may not know the owner yet); submitting needs text,
    owner and date on every row (services.assessment_save). A wholly empty row is never stored.
    """

    area_assessment = models.ForeignKey(
        AreaAssessment, on_delete=models.CASCADE, related_name="improvements", verbose_name=_("områdesskattning")
    )
    text = models.TextField(_("planerad förbättring"), blank=True)
    owner = models.CharField(_("ansvarig"), max_length=200, blank=True)
    due = models.DateField(_("klart senast"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # The follow-up through the year, once the assessment is submitted (services.improvement_follow_up).
    status = models.CharField(
        _("status"), max_length=20, choices=ImprovementStatus.choices, default=ImprovementStatus.PLANERAD
    )
    follow_up_comment = models.TextField(_("kommentar till uppföljningen"), blank=True)
    # An unfinished improvement carried over from last year's assessment into this one.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("överförd från"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = PlannedImprovementQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("planerad förbättring")
        verbose_name_plural = _("planerade förbättringar")
        # Soonest first is how every to-do list reads them: the start page's first few of a region's thousands of
        # overdue improvements walk this index instead of joining and sorting them all.
        indexes = [models.Index(fields=["due", "id"], name="improvement_due_idx")]
        constraints = [
            models.CheckConstraint(
                name="improvement_not_empty",
                condition=~Q(text="", owner="", due__isnull=True),
                violation_error_message=_("En planerad förbättring kan inte vara helt tom."),
            ),
        ]

    def __str__(self):
        return self.text[:60] or str(_("Planerad förbättring"))

    @property
    def is_complete(self) -> bool:
        return bool(self.text.strip() and self.owner.strip() and self.due)

    @property
    def is_finished(self) -> bool:
        return self.status in IMPROVEMENT_FINISHED

    @property
    def is_overdue(self) -> bool:
        """Past its date and not finished (klar or avbruten)."""
        return self.due is not None and not self.is_finished and self.due < timezone.localdate()


class TargetLevel(models.Model):
    """The process leader's target level for one area in one round, for every organisation of one kind that has not
    set a target of its own (AreaAssessment.target)."""

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.CASCADE, related_name="targets", verbose_name=_("omgång")
    )
    kind = models.CharField(_("typ av organisation"), max_length=20, choices=OrganisationKind.choices)
    area = models.ForeignKey(CapabilityArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("område"))
    level = models.PositiveSmallIntegerField(_("målnivå"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "kind", "area__order"]
        verbose_name = _("målnivå för organisationstyp")
        verbose_name_plural = _("målnivåer för organisationstyper")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "area"], name="unique_target_per_round_kind_area"),
            models.CheckConstraint(
                name="target_level_1_to_5",
                condition=Q(level__gte=1, level__lte=5),
                violation_error_message=_("Målnivån måste vara mellan 1 och 5."),
            ),
        ]

    def __str__(self):
        return f"{self.round.year} {self.get_kind_display()} {self.area}: {self.level}"


class Respondent(models.Model):
    """A person the manager asked to answer a round's five areas for the organisation (DiMiOS' many respondents).

    Either someone with an account (``user`` set when invited) or an e-mail invitation: the signed link lets the
    invitee make a limited account (no role) once; ``accepted_at`` says the link is used. What they answer
    (RespondentAnswer) is read by them alone; everyone else sees aggregates of at least three answers.
    """

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.PROTECT, related_name="respondents", verbose_name=_("omgång")
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="maturity_respondents",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="maturity_respondents",
        verbose_name=_("konto"),
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-postadress"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("inbjuden"), default=timezone.now)
    accepted_at = models.DateTimeField(_("inbjudan använd"), null=True, blank=True)
    answered_at = models.DateTimeField(_("svarade"), null=True, blank=True)
    reminded_on = models.DateField(_("senast påmind"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "organisation", "name", "email"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondenter")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation", "email"], name="unique_respondent_per_round_org"),
        ]

    def __str__(self):
        return self.name or self.email

    @property
    def has_answered(self) -> bool:
        return self.answered_at is not None


class RespondentAnswer(models.Model):
    """One respondent's level and comment for one area.

    No history table on purpose: an individual answer is read by its respondent only, and a second copy of it in a
    history table would be readable by whoever reads the history.
    """

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    area = models.ForeignKey(CapabilityArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("område"))
    level = models.PositiveSmallIntegerField(_("nivå"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["area__order"]
        verbose_name = _("respondentsvar")
        verbose_name_plural = _("respondentsvar")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "area"], name="unique_answer_per_respondent_area"),
            models.CheckConstraint(
                name="answer_level_1_to_5",
                condition=Q(level__gte=1, level__lte=5),
                violation_error_message=_("Nivån måste vara mellan 1 och 5."),
            ),
        ]

    def __str__(self):
        return f"{self.respondent} – {self.area}"
