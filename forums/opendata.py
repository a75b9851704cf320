from django.utils.translation import gettext_lazy as _

from vudig.core.opendata_registry import Dataset, Field, register

from .selectors import forum_list


def forum_records() -> list[dict]:
    """Forums as open data."""
    return [
        {
            "name": f.name,
            "slug": f.slug,
            "purpose": f.purpose,
            "responsible": f.responsible,
            "feeds": [g.name for g in f.feeds.all()],
        }
        for f in forum_list()
    ]


register(
    Dataset(
        name="forums",
        title=_("Forum"),
        description=_("Forum för dialog och samverkan med syfte och ansvarig."),
        fields=(
            Field("name", _("Forum")),
            Field("slug", _("Stabil identifierare")),
            Field("purpose", _("Syfte")),
            Field("responsible", _("Ansvarig")),
            Field("feeds", _("Styrgrupper forumet för frågor vidare till (lista)"), "array"),
        ),
        records=forum_records,
        sources=("forums.Forum", "steeringgroups.SteeringGroup"),
        keywords=(_("digitalisering"), _("samverkan")),
    )
)
