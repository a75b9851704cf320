from django.utils.translation import gettext_lazy as _

from vudig.core.opendata_registry import Dataset, Field, register

from .selectors import capability_area_list, established_records


def capability_area_records() -> list[dict]:
    """Capability areas as open data."""
    return [{"name": a.name, "slug": a.slug, "capability": a.capability} for a in capability_area_list()]


register(
    Dataset(
        name="capability-areas",
        title=_("Förmågeområden"),
        description=_("De fem områden där varje förvaltning och bolag behöver säkerställa struktur och kapacitet."),
        fields=(
            Field("name", _("Område")),
            Field("slug", _("Stabil identifierare")),
            Field("capability", _("Grundförutsättning – vi behöver ha en förmåga att …")),
        ),
        records=capability_area_records,
        sources=("maturity.CapabilityArea",),
        keywords=(_("digitalisering"), _("mognad")),
    )
)


register(
    Dataset(
        name="maturity",
        title=_("Självskattad mognad"),
        description=_(
            "Förvaltningars och bolags fastställda självskattningar av mognad, nivå 1–5 per område och år. "
            "Utkast och självskattningar som inte är fastställda ingår inte."
        ),
        fields=(
            Field("organisation", _("Förvaltning eller bolag")),
            Field("year", _("År"), "integer"),
            Field("area", _("Område")),
            Field("level", _("Nivå 1–5"), "integer"),
        ),
        records=established_records,
        sources=("maturity.Assessment", "maturity.AreaAssessment", "maturity.CapabilityArea", "core.Organisation"),
        keywords=(_("digitalisering"), _("mognad"), _("självskattning")),
    )
)
