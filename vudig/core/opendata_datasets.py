from django.utils.translation import gettext_lazy as _

from .opendata import Dataset, Field, register
from .selectors import organisation_list


def organisation_records() -> list[dict]:
    """Organisations for open data."""
    return [
        {"name": o.name, "short_name": o.short_name, "slug": o.slug, "kind": o.kind, "kind_label": o.get_kind_display()}
        for o in organisation_list()
    ]


register(
    Dataset(
        name="organisations",
        title=_("Organisationer"),
        description=_("Förvaltningar, bolag och kommuncentrala stödjande funktioner i arbetet med digitalisering."),
        fields=(
            Field("name", _("Namn")),
            Field("short_name", _("Förkortning, om planen använder en")),
            Field("slug", _("Stabil identifierare")),
            Field("kind", _("Typ: forvaltning, bolag eller stodfunktion")),
            Field("kind_label", _("Typ i klartext")),
        ),
        records=organisation_records,
    )
)
