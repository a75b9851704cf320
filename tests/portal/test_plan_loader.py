"""load_plan: every row of the plan's tables lands as the plan states it; twice changes nothing; bad files stop."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from forums.models import Forum
from maturity.models import CapabilityArea
from measures.models import Measure, MeasureResult, OrganisationPart, Plan
from projects.models import FrameProject
from steeringgroups.models import SteeringGroup
from vudig.core.models import Goal, Obstacle, Organisation, RegulatoryArea
from vudig.portal.plan_loader import DEFAULT_PLAN_FILE

pytestmark = pytest.mark.django_db

# The "Tidigare åtgärder" table, read from the plan by hand: measure (responsible) -> [(result, status)].
EARLIER_MEASURES = {
    "Centralt stöd för utveckling": ("KLF", [("KLF Utvecklingsenhet.", "etablerat")]),
    "Centrala beredningsgrupper": (
        "KLF",
        [
            ("Informationssäkerhetsgrupp", "etablerat"),
            ("Digitaliseringsgrupp", "alt_losning"),
            ("Ekonomi- & affärsgrupp", "ej_paborjad"),
        ],
    ),
    "Huvudprocesser, information och digitala lösningar förtydligas": (
        "Alla",
        [
            ("Centralt VIR-arbete, verksamhetsbaserad informationshantering", "paborjat"),
            ("Verksamhetsspecifikt kartläggningsarbete", "paborjat"),
        ],
    ),
    "Styrning av systemförvaltning säkerställs": (
        "Alla",
        [
            ("Systemförvaltningsmodell", "framtagen"),
            ("Stöd vid införande", "etablerat"),
            ("Verksamhetsspecifikt införande", "paborjat"),
        ],
    ),
    "Löpande utvecklings- och förvaltningsarbete förtydligas": (
        "Alla",
        [("Centralt stöd vid utformning", "etablerat"), ("Verksamhetsspecifikt införande", "paborjat")],
    ),
    "Styrningen av centrala processer och digitala lösningar förtydligas": (
        "KLF",
        [
            ("Styrgrupp medborgarnära tjänster (Enkelt & öppet)", "etablerat"),
            ("Styrgrupp verksamhetsnära tjänster (Smart & optimerat)", "etablerat"),
            ("Styrgrupp IT, infrastruktur (Uppkopplat & tillgängligt)", "etablerat"),
        ],
    ),
    "Samordning av utvecklingsområden": (
        "KLF",
        [("Utredning samordning externfinansiering", "avslutad"), ("Förslag utvecklingsteam", "ej_genomford")],
    ),
    "Former för styrning och samverkan": (
        "KLF",
        [
            ("Samverkansmodell förvaltningar", "ej_genomford"),
            ("Samverkansmodell Pikab", "ej_genomford"),
            ("Utvecklingsforum", "etablerat"),
        ],
    ),
}


# Every table the plan fills, parents before children.
PLAN_MODELS = [
    Organisation,
    Goal,
    Obstacle,
    RegulatoryArea,
    SteeringGroup,
    CapabilityArea,
    Forum,
    Plan,
    Measure,
    MeasureResult,
    OrganisationPart,
    FrameProject,
]


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in PLAN_MODELS}


def delete_the_plan():
    """Empty the plan's tables and their history; inside a test's transaction, so the rollback restores them."""
    for model in reversed(PLAN_MODELS):
        model.objects.all().delete()
        model.history.all().delete()
    assert set(counts().values()) == {(0, 0)}


@pytest.fixture
def empty_database(plan):
    """The database as before the first load (the session's plan is deleted within the test)."""
    delete_the_plan()


def test_first_load_into_an_empty_database_creates_every_row_with_history(plan, capsys):
    loaded = counts()  # the session's database, loaded once from the same file
    delete_the_plan()
    call_command("load_plan")
    assert counts() == loaded
    # Every row has its creation in the history (the forums one more each for the groups they feed).
    assert all(rows > 0 and history >= rows for rows, history in loaded.values()), loaded
    assert "inget ändrades" not in capsys.readouterr().out


def test_figur_1_organisations_by_kind(plan):
    kinds = {
        kind: list(Organisation.objects.filter(kind=kind).values_list("name", flat=True))
        for kind in ("forvaltning", "bolag", "stodfunktion")
    }
    assert kinds["forvaltning"] == [
        "Kommunledningsförvaltning",
        "Samhällsbyggnad",
        "Socialtjänst",
        "Utbildning",
        "Fastigheter och service",
        "Kultur, park, fritid",
        "Räddningstjänst",
    ]
    assert kinds["bolag"] == ["Piteenergi", "Pireva", "Pitebo", "Piteå port & hub", "Pnf", "Piteå Science Park"]
    assert kinds["stodfunktion"] == [
        "Utvecklingsenheten",
        "Medborgarservice",
        "Ärendehantering",
        "Informationssäkerhet",
        "Arkiv",
        "IT",
        "Kommunikation",
        "Ekonomi",
        "Inköp",
        "Personal",
    ]


def test_earlier_measures_read_exactly_as_the_table(plan):
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    loaded = {
        m.title: (m.responsible, [(r.title, r.status) for r in m.results.order_by("order")])
        for m in earlier.measures.order_by("order")
    }
    assert loaded == EARLIER_MEASURES
    assert list(loaded) == list(EARLIER_MEASURES)  # the table's order
    klf = Organisation.objects.get(short_name="KLF")
    assert set(earlier.measures.filter(responsible="KLF").values_list("responsible_organisation", flat=True)) == {
        klf.pk
    }


def test_current_plan_has_seven_stability_and_four_effect_measures(plan):
    current = Plan.objects.get(slug="plan-for-digitalisering")
    assert list(current.measures.filter(category="stability").values_list("title", flat=True)) == [
        "Utarbeta digitaliseringsstrategi",
        "Förtydligat centralt digitaliseringsansvar",
        "Centrala styr- och beredningsgrupper",
        "Centralt utbildningsprogram för digital kompetens",
        "Forum för dialog och samverkan",
        "Finansiering av digitaliseringen",
        "Följ upp verksamheternas struktur och kapacitet",
    ]
    assert list(current.measures.filter(category="effect").values_list("title", flat=True)) == [
        "Extern digitalisering",
        "Intern digitalisering",
        "IT-miljö och infrastruktur",
        "Införande systemförvaltning",
    ]


def test_frame_projects_report_to_the_right_steering_group(plan):
    groups = dict(FrameProject.objects.values_list("name", "steering_group__slug"))
    assert groups == {
        "Extern digitalisering": "extern-digitalisering",
        "Intern digitalisering": "intern-digitalisering",
        "IT-miljö och infrastruktur": "it-miljo-och-infrastruktur",
        # The plan's trap: systemförvaltning is followed up by the intern group, not a group of its own.
        "Införande av systemförvaltning": "intern-digitalisering",
    }
    for project in FrameProject.objects.select_related("measure"):
        assert project.measure.category == "effect"
        assert project.purpose and project.assignment and project.implementation and project.goals
        assert "Projektstart efter beslut av styrgrupp." in project.implementation


def test_steering_groups_forums_areas_and_reference_lists(plan):
    assert list(SteeringGroup.objects.values_list("name", "focus", "motto", "goal__motto")) == [
        ("Extern digitalisering", "Medborgarnära", "Enkelt & öppet", "Enkelt och öppet"),
        ("Intern digitalisering", "Verksamhetsnära", "Smart & optimerat", "Smart och optimerat"),
        ("IT-miljö och infrastruktur", "Stödjande teknik", "Uppkopplat & tillgängligt", "Uppkopplat och tillgängligt"),
    ]
    assert SteeringGroup.objects.get(slug="intern-digitalisering").area_of_responsibility == (
        "Personal, ekonomi, ärendehantering, e-arkiv mm."
    )
    assert list(Forum.objects.values_list("name", "responsible")) == [
        ("Utvecklingsforum", "Utvecklingsenheten"),
        ("E-nämndens beredningsgrupp", "Utvecklingsenheten, IT-avdelningen"),
        ("Utvecklingsnätverk e-tjänster", "Utvecklingsenheten"),
        ("IT-strategforum", "IT-avdelningen"),
        ("IT-stödsträffar", "IT-avdelningen"),
        ("Framtidens digitala tjänster", "IT-avdelningen"),
    ]
    assert list(CapabilityArea.objects.values_list("name", flat=True)) == [
        "Ledning/styrning",
        "Utveckling",
        "Systemförvaltning",
        "Kompetens",
        "Samverkan",
    ]
    assert CapabilityArea.objects.get(slug="kompetens").capability == "Säkerställa medarbetares digitala kompetens."
    assert list(Goal.objects.values_list("motto", flat=True)) == [
        "Enkelt och öppet",
        "Smart och optimerat",
        "Uppkopplat och tillgängligt",
    ]
    assert Obstacle.objects.count() == 8
    assert Obstacle.objects.get(number=7).text == "Avsaknad av investeringsmedel för digitalisering."
    assert RegulatoryArea.objects.count() == 10
    assert RegulatoryArea.objects.get(number=4).text.startswith("NIS-direktivets krav")


def test_loading_twice_changes_nothing_not_even_history(plan, capsys):
    before = counts()
    call_command("load_plan")
    assert counts() == before
    assert "inget ändrades" in capsys.readouterr().out


def test_every_loaded_row_has_history_with_a_reason(plan):
    assert MeasureResult.history.filter(history_change_reason="Inläst från planens datafil").count() == 19


def _broken_copy(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "trasig-plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_status_stops_load_naming_file_and_entry_and_leaves_database_as_it_was(empty_database, tmp_path):
    def mutate(data):
        data["plans"][0]["measures"][1]["results"][2]["status"] = "kanske"

    path = _broken_copy(tmp_path, mutate)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_plan", file=str(path))
    message = str(excinfo.value)
    assert str(path) in message
    assert "plans[0].measures[1]" in message and "results[2]" in message and "kanske" in message
    # Organisations come earlier in the file than the broken result; the transaction rolled them back too.
    assert Organisation.objects.count() == 0
    assert Organisation.history.count() == 0


def test_broken_file_on_a_loaded_database_changes_nothing(plan, tmp_path):
    before = counts()

    def mutate(data):
        data["organisations"][0]["name"] = "Omdöpt förvaltning"
        data["projects"][3]["steering_group"] = "finns-inte"

    path = _broken_copy(tmp_path, mutate)
    with pytest.raises(CommandError, match=r"projects\[3\].*finns-inte"):
        call_command("load_plan", file=str(path))
    assert counts() == before
    assert not Organisation.objects.filter(name="Omdöpt förvaltning").exists()


def test_missing_key_and_bad_yaml_are_reported(db, tmp_path):
    def mutate(data):
        del data["forums"][2]["purpose"]

    with pytest.raises(CommandError, match=r"forums\[2\].*'purpose' saknas"):
        call_command("load_plan", file=str(_broken_copy(tmp_path, mutate)))
    bad = tmp_path / "inte-yaml.yaml"
    bad.write_text("organisations: [\n", encoding="utf-8")
    with pytest.raises(CommandError, match="inte giltig YAML"):
        call_command("load_plan", file=str(bad))
    with pytest.raises(CommandError, match="kan inte läsas"):
        call_command("load_plan", file=str(tmp_path / "saknas.yaml"))


def test_changes_made_in_the_portal_survive_another_load(plan):
    result = MeasureResult.objects.get(title="Digitaliseringsgrupp")
    result.status = "etablerat"
    result.save()
    project = FrameProject.objects.get(slug="extern-digitalisering")
    project.goals = "Förfinade mål från planeringsfasen."
    project.save()
    call_command("load_plan")
    result.refresh_from_db()
    project.refresh_from_db()
    assert result.status == "etablerat"
    assert project.goals == "Förfinade mål från planeringsfasen."


def test_update_overwrites_from_the_file_with_history_and_a_new_version(plan):
    result = MeasureResult.objects.get(title="Digitaliseringsgrupp")
    result.status = "etablerat"
    result.save()
    version = MeasureResult.objects.get(pk=result.pk).version
    call_command("load_plan", update=True)
    result.refresh_from_db()
    assert result.status == "alt_losning"
    assert result.version == version + 1
    assert result.history.first().history_change_reason == "Inläst från planens datafil"
    before = counts()
    call_command("load_plan", update=True)
    assert counts() == before


def test_a_row_added_to_the_file_is_created_on_the_next_load(plan, tmp_path):
    def mutate(data):
        data["forums"].append({"name": "Nytt forum", "purpose": "Prov.", "responsible": "IT-avdelningen", "feeds": []})

    call_command("load_plan", file=str(_broken_copy(tmp_path, mutate)))
    assert Forum.objects.filter(name="Nytt forum").exists()
