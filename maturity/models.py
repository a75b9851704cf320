from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
