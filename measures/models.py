from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vudig.core.files import stored_name

from .constants import FINISHED_STATUSES, MeasureCategory, PlanState, ResultStatus


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
        """A plan a newer version was started from stays as it was: not even result statuses change."""
        return hasattr(self, "successor")


class MeasureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def for_user(self, user):
        # Every signed-in person and the public may read the plan; archived measures stay out of lists.
        return self.active()

    def ordered(self):
        return self.order_by("plan__order", "plan_id", "order", "pk")


class Measure(models.Model):
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


class MeasureResultQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def unfinished(self):
        return self.exclude(status__in=FINISHED_STATUSES)


class MeasureResult(models.Model):
    """A result (resultat) of a measure, with its status in the plan's vocabulary."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="results", verbose_name=_("åtgärd"))
    title = models.CharField(_("resultat"), max_length=300)
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

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def has_basis(self) -> bool:
        return bool(self.basis_decision_id or self.basis_plan_id or self.basis_document_id)


def _document_path(instance, filename):
    return stored_name("status-documents", filename)


class StatusDocument(models.Model):
    """A document a result's status rests on; stored under MEDIA_ROOT (never served directly), read through a view."""

    result = models.ForeignKey(MeasureResult, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("filnamn"), max_length=160)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")

    def __str__(self):
        return self.original_name

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
