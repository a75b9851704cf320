from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
    purpose = models.TextField(_("mål och syfte"))
    assignment = models.TextField(_("uppdrag"))
    implementation = models.TextField(_("genomförande"))
    goals = models.TextField(_("projektmål"))
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("ramprojekt")
        verbose_name_plural = _("ramprojekt")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})
