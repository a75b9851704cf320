from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Forum(models.Model):
    """A forum för dialog och samverkan (plan section 5)."""

    name = models.CharField(_("forum"), max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    purpose = models.TextField(_("syfte"))
    responsible = models.CharField(_("ansvarig"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")

    def __str__(self):
        return self.name
