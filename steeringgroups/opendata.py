from django.utils.translation import gettext_lazy as _

from vudig.core.opendata_registry import Dataset, Field, register

from .selectors import steering_group_list


def steering_group_records() -> list[dict]:
    """Steering groups as open data."""
    return [
        {
            "name": g.name,
            "slug": g.slug,
            "focus": g.focus,
            "area_of_responsibility": g.area_of_responsibility,
            "motto": g.motto,
            "goal": g.goal.motto if g.goal else None,
        }
        for g in steering_group_list()
    ]


register(
    Dataset(
        name="steering-groups",
        title=_("Styrgrupper"),
        description=_("De centrala styrgrupperna med inriktning, ansvarsområde och ledord."),
        fields=(
            Field("name", _("Styrgrupp")),
            Field("slug", _("Stabil identifierare")),
            Field("focus", _("Inriktning")),
            Field("area_of_responsibility", _("Ansvarsområde")),
            Field("motto", _("Ledord")),
            Field("goal", _("Det prioriterade mål ledordet hör till")),
        ),
        records=steering_group_records,
        sources=("steeringgroups.SteeringGroup", "core.Goal"),
        keywords=(_("digitalisering"), _("styrgrupp")),
    )
)
