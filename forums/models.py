from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Forum(models.Model):
    """A forum för dialog och samverkan (plan section 5)."""

    name = models.CharField(_("forum"), max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    purpose = models.TextField(_("syfte"))
    responsible = models.CharField(_("ansvarig"), max_length=200)
    feeds = models.ManyToManyField(
        "steeringgroups.SteeringGroup",
        blank=True,
        related_name="forums",
        verbose_name=_("för frågor vidare till styrgrupp"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords(m2m_fields=[feeds])

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:detail", kwargs={"slug": self.slug})


class ForumMeetingQuerySet(models.QuerySet):
    def upcoming(self, today):
        return self.filter(date__gte=today).order_by("date", "pk")

    def past(self, today):
        return self.filter(date__lt=today).order_by("-date", "-pk")

    def in_year(self, year):
        return self.filter(date__year=year)


class ForumMeeting(models.Model):
    """One meeting of a forum: when, what was discussed, how many took part."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("forum"))
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    topics = models.CharField(
        _("ämnen"), max_length=500, blank=True, help_text=_("Skilj ämnen åt med kommatecken, t.ex. ”AI, e-arkiv”.")
    )
    participants = models.PositiveIntegerField(
        _("antal deltagare"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    notes = models.TextField(_("anteckningar"), blank=True, max_length=10000)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ForumMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("forummöte")
        verbose_name_plural = _("forummöten")
        indexes = [models.Index(fields=["forum", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.forum} {self.date:%Y-%m-%d}"

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]
