from django.utils.translation import gettext_lazy as _

from vudig.core.opendata_registry import Dataset, Field, register

from .selectors import project_list


def project_records() -> list[dict]:
    """Frame projects as open data."""
    return [
        {
            "name": p.name,
            "slug": p.slug,
            "steering_group": p.steering_group.name,
            "measure": p.measure.title if p.measure else None,
            "purpose": p.purpose,
            "assignment": p.assignment,
            "implementation": p.implementation,
            "goals": p.goals,
            "phase": p.phase,
        }
        for p in project_list()
    ]


register(
    Dataset(
        name="projects",
        title=_("Ramprojekt"),
        description=_("Planens fyra ramprojekt med rambeskrivning och den styrgrupp som följer upp projektet."),
        fields=(
            Field("name", _("Projekt")),
            Field("slug", _("Stabil identifierare")),
            Field("steering_group", _("Styrgrupp som följer upp projektet")),
            Field("measure", _("Åtgärd i planen")),
            Field("purpose", _("Mål och syfte")),
            Field("assignment", _("Uppdrag")),
            Field("implementation", _("Genomförande")),
            Field("goals", _("Projektmål")),
            Field("phase", _("Fas: ramprojekt, planering, projektplan_faststalld, genomforande eller avslutat")),
        ),
        records=project_records,
        sources=("projects.FrameProject", "steeringgroups.SteeringGroup", "measures.Measure"),
        keywords=(_("digitalisering"), _("ramprojekt")),
    )
)
