from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vudig.core.annual_cycle import EventKind
from vudig.core.choices import ChoiceLabelsMixin

from .constants import FINAL_STATES, ReportKind, ReportState


def report_upload_to(report, filename: str) -> str:
    # One fixed name per report: a second render can never leave a second file behind.
    return f"reports/{report.pk}/{filename}"


class ReportQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(state=ReportState.KLAR)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Report(ChoiceLabelsMixin, models.Model):
    """An immutable snapshot: what was asked for (kind, period, organisation), by whom, and the PDF produced once."""

    kind = models.CharField(_("rapporttyp"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_reports",
        verbose_name=_("beställd av"),
    )
    # Set for reports the beat schedule makes (e.g. "annual-event:12"): running the schedule twice finds the same row.
    schedule_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)
    state = models.CharField(_("status"), max_length=20, choices=ReportState.choices, default=ReportState.KOAD)
    failure_reason = models.TextField(_("orsak"), blank=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0, editable=False)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    generated_at = models.DateTimeField(_("skapad"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to=report_upload_to, blank=True)
    page_count = models.PositiveIntegerField(_("sidor"), null=True, blank=True)
    # The sealed twins, written in the same step as the PDF (reports.services.report_finish): every figure as JSON,
    # and the same report as Word for editing. The SHA-256 of each file lets a reader check an archived copy.
    json_file = models.FileField(_("JSON-fil"), upload_to=report_upload_to, blank=True)
    docx_file = models.FileField(_("Word-fil"), upload_to=report_upload_to, blank=True)
    # The appendices too long to print (reports.appendix_book): only a report at a region's scale has one.
    xlsx_file = models.FileField(_("kalkylblad med bilagor"), upload_to=report_upload_to, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 (PDF)"), max_length=64, blank=True)
    json_sha256 = models.CharField(_("SHA-256 (JSON)"), max_length=64, blank=True)
    docx_sha256 = models.CharField(_("SHA-256 (Word)"), max_length=64, blank=True)
    xlsx_sha256 = models.CharField(_("SHA-256 (kalkylblad)"), max_length=64, blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.CheckConstraint(
                name="report_period_in_order",
                condition=Q(period_start__lte=models.F("period_end")),
                violation_error_message=_("Periodens start måste ligga före eller på dess slut."),
            ),
            models.CheckConstraint(
                name="report_finished_has_time",
                condition=~Q(state=ReportState.KLAR) | Q(generated_at__isnull=False),
                violation_error_message=_("En klar rapport har en tidpunkt då den skapades."),
            ),
        ]

    def __str__(self):
        label = f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
        return f"{label} ({self.organisation})" if self.organisation_id else label

    @property
    def is_final(self) -> bool:
        """Klar or misslyckad: the state will not change again."""
        return self.state in FINAL_STATES

    def get_download_url(self):
        return reverse("reports:download", kwargs={"pk": self.pk})

    def get_json_download_url(self):
        return reverse("reports:download_json", kwargs={"pk": self.pk})

    def get_docx_download_url(self):
        return reverse("reports:download_docx", kwargs={"pk": self.pk})

    @property
    def basename(self) -> str:
        suffix = f"-{self.organisation.slug}" if self.organisation_id else ""
        return f"{self.kind}{suffix}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}-{self.pk}"

    @property
    def filename(self) -> str:
        return f"{self.basename}.pdf"

    @property
    def json_filename(self) -> str:
        return f"{self.basename}.json"

    @property
    def docx_filename(self) -> str:
        return f"{self.basename}.docx"

    @property
    def xlsx_filename(self) -> str:
        return f"{self.basename}-bilagor.xlsx"


class ReportListVisit(models.Model):
    """When a person last looked at the reports page: kommunchef's "Att göra" lists the reports ready since then."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_list_visit", verbose_name=_("person")
    )
    seen_at = models.DateTimeField(_("senast sedd"))

    class Meta:
        verbose_name = _("besök på rapportsidan")
        verbose_name_plural = _("besök på rapportsidan")

    def __str__(self):
        return f"{self.user} {self.seen_at:%Y-%m-%d %H:%M}"


class AnnualEventQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def report_points(self):
        return self.filter(is_report_point=True)


class AnnualEvent(models.Model):
    """An event in the årshjul that is kept here (meetings and rounds of other apps come from their own data)."""

    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    start_date = models.DateField(_("datum (från)"))
    end_date = models.DateField(_("till och med"), null=True, blank=True, help_text=_("Lämna tomt för en enda dag."))
    description = models.TextField(_("beskrivning"), blank=True)
    is_report_point = models.BooleanField(
        _("rapportpunkt"),
        default=False,
        help_text=_("Dagen efter händelsen tar portalen fram en uppföljningsrapport och mejlar kommunchefen."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = AnnualEventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("händelse i årshjulet")
        verbose_name_plural = _("händelser i årshjulet")
        constraints = [
            models.CheckConstraint(
                name="annual_event_dates_in_order",
                condition=Q(end_date__isnull=True) | Q(start_date__lte=models.F("end_date")),
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        return self.end_date or self.start_date
