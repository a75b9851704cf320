from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SteeringGroup(models.Model):
    """One of the three central steering groups (extern, intern digitalisering, IT-miljö och infrastruktur)."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    focus = models.CharField(_("inriktning"), max_length=100)
    area_of_responsibility = models.CharField(_("ansvarsområde"), max_length=300)
    motto = models.CharField(_("ledord"), max_length=100)
    goal = models.ForeignKey(
        "core.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_groups",
        verbose_name=_("prioriterat mål"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("styrgrupp")
        verbose_name_plural = _("styrgrupper")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("steeringgroups:detail", kwargs={"slug": self.slug})
