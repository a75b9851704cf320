"""/planen/ is the decided plan: every section, sentence, heading and table row of the seed document is on the page,
the statuses stand as the plan states them with today's follow-up labelled beside them, and each frame project has a
public page."""

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, MeasureResult
from projects.models import FrameProject
from vudig.portal.plan_loader import DEFAULT_PLAN_FILE, PlanDataError, plan_document_load

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "plan-for-digitalisering-pitea.txt"
if not SEED.exists():
    SEED = Path("/work/shared/seed/plan-for-digitalisering-pitea.txt")

# Every heading of the seed document, in its order (the plan's own wording).
SEED_HEADINGS = [
    "Ledningsuppdragets organisering",
    "Planeringsförutsättningar",
    "Prioriterade mål",
    "Omvärldsanalys",
    "Ledningsuppdraget",
    "Driftbudget, Redovisade behov/Ramökningar",
    "Tidigare åtgärder",
    "Nuläge",
    "1. Stora skillnader i kapacitet och mognad mellan olika verksamheter",
    "2. Samverkan mellan förvaltningar och centrala funktioner behöver förnyas",
    "3. Många hinder för utveckling",
    "4. Snabb teknisk utveckling utmanar arbetssätt i förvaltningar och bolag",
    "Strategi",
    "Utvecklingsåtgärder",
    "1. Kommunens program/strategi för digitalisering",
    "2. Centralt digitaliseringsansvar",
    "3. Centrala styr- och beredningsgrupper",
    "4. Centralt utbildningsprogram för digital kompetens",
    "5. Forum för dialog och samverkan",
    "6. Finansiering av digitaliseringen",
    "7. Stötta och följ upp verksamheternas arbete med struktur och kapacitet",
    "8. Accelerera digitaliseringen",
    "Projektramar",
    "Rambeskrivning för projektet Extern digitalisering",
    "Rambeskrivning för projektet Intern digitalisering",
    "Rambeskrivning för projektet IT-miljö och infrastruktur",
    "Rambeskrivning för projektet Införande av systemförvaltning",
]

# The seed's tables, row by row as the PDF reads (flattened in the text extraction; cells as the plan words them).
SEED_TABLE_ROWS = {
    "strategi": [
        ["Ökad effekt av digitalisering", "Enskilda avdelningars och enheters utvecklingskapacitet", "Service"],
        ["Stabilitet och tillgänglighet", "avgörande för medborgarnas tillit", "Skapa struktur för hantering"],
    ],
    "utvecklingsatgarder": [
        ["Utarbeta digitaliseringsstrategi", "Extern digitalisering"],
        ["Förtydligat centralt digitaliseringsansvar", "Intern digitalisering"],
        ["Centrala styr- och beredningsgrupper", "IT-miljö och infrastruktur"],
        ["Centralt utbildningsprogram för digital kompetens", "Införande systemförvaltning"],
        ["Forum för dialog och samverkan"],
        ["Finansiering av digitaliseringen"],
        ["Följ upp verksamheternas struktur och kapacitet"],
    ],
    "styrgrupper": [
        ["Extern digitalisering", "Medborgarnära", "Medborgarservice, Webb, e-tjänster, telefoni mm.", "Enkelt & öppet"],
        ["Intern digitalisering", "Verksamhetsnära", "Personal, ekonomi, ärendehantering, e-arkiv mm.", "Smart & optimerat"],
        ["IT-miljö och infrastruktur", "Stödjande teknik", "Utrustning, uppkoppling, systemdrift, integration mm.",
         "Uppkopplat & tillgängligt"],
    ],
    "forum": [
        ["Utvecklingsforum", "Mötesplats för chefer och medarbetare", "Utvecklingsenheten"],
        ["E-nämndens beredningsgrupp", "Beredning av ärenden till Norrbottens e-nämnd.", "Utvecklingsenheten"],
        ["Utvecklingsnätverk e-tjänster", "Regionalt utvecklingsnätverk kopplat till Norrbottens e-tjänsteplattform",
         "Utvecklingsenheten"],
        ["IT-strategforum", "Forum kopplat till IT-miljö och infrastruktur.", "IT-avdelningen"],
        ["IT-stödsträffar", "Forum kopplat till IT-miljö och infrastruktur.", "IT-avdelningen"],
        ["Framtidens digitala tjänster", "Dialog och samordning av utvecklingsinitiativ", "IT-avdelningen"],
    ],
    "formagor": [
        ["Ledning/styrning", "Arbeta med verksamhetsutveckling/digitalisering i strategi-/budgetarbete."],
        ["Utveckling", "Utveckla erbjudanden, processer och arbetssätt med digital teknik."],
        ["Systemförvaltning", "Förvalta processer, information och digitala lösningar."],
        ["Kompetens", "Säkerställa medarbetares digitala kompetens."],
        ["Samverkan", "Samverka internt och externt."],
    ],
    "figur-1": [
        ["Kommunledningsförvaltning", "Samhällsbyggnad", "Socialtjänst", "Utbildning", "Fastigheter och service",
         "Kultur, park, fritid", "Räddningstjänst", "Piteenergi", "Pireva", "Pitebo", "Piteå port & hub", "Pnf",
         "Piteå Science Park", "Utvecklingsenheten", "Medborgarservice", "Ärendehantering", "Informationssäkerhet",
         "Arkiv", "IT", "Kommunikation", "Ekonomi", "Inköp", "Personal"],
    ],
    "rambeskrivning": [[label] for label in ("Mål och syfte", "Uppdrag", "Genomförande", "Projektmål")],
}  # fmt: skip

# The previous measures' table: (åtgärd with its party, result, status as the plan states it).
PREVIOUS_ROWS = [
    ("Centralt stöd för utveckling (KLF)", "KLF Utvecklingsenhet.", "Etablerat"),
    ("Centrala beredningsgrupper (KLF)", "Informationssäkerhetsgrupp", "Etablerat"),
    ("Centrala beredningsgrupper (KLF)", "Digitaliseringsgrupp", "Alt lösning"),
    ("Centrala beredningsgrupper (KLF)", "Ekonomi- & affärsgrupp", "Ej påbörjad"),
    ("Huvudprocesser, information och digitala lösningar förtydligas (Alla)",
     "Centralt VIR-arbete, verksamhetsbaserad informationshantering", "Påbörjat"),
    ("Huvudprocesser, information och digitala lösningar förtydligas (Alla)",
     "Verksamhetsspecifikt kartläggningsarbete", "Påbörjat"),
    ("Styrning av systemförvaltning säkerställs (Alla)", "Systemförvaltningsmodell", "Framtagen"),
    ("Styrning av systemförvaltning säkerställs (Alla)", "Stöd vid införande", "Etablerat"),
    ("Styrning av systemförvaltning säkerställs (Alla)", "Verksamhetsspecifikt införande", "Påbörjat"),
    ("Löpande utvecklings- och förvaltningsarbete förtydligas (Alla)", "Centralt stöd vid utformning", "Etablerat"),
    ("Löpande utvecklings- och förvaltningsarbete förtydligas (Alla)", "Verksamhetsspecifikt införande", "Påbörjat"),
    ("Styrningen av centrala processer och digitala lösningar förtydligas (KLF)",
     "Styrgrupp medborgarnära tjänster (Enkelt & öppet)", "Etablerat"),
    ("Styrningen av centrala processer och digitala lösningar förtydligas (KLF)",
     "Styrgrupp verksamhetsnära tjänster (Smart & optimerat)", "Etablerat"),
    ("Styrningen av centrala processer och digitala lösningar förtydligas (KLF)",
     "Styrgrupp IT, infrastruktur (Uppkopplat & tillgängligt)", "Etablerat"),
    ("Samordning av utvecklingsområden (KLF)", "Utredning samordning externfinansiering", "Avslutad"),
    ("Samordning av utvecklingsområden (KLF)", "Förslag utvecklingsteam", "Ej genomförd"),
    ("Former för styrning och samverkan (KLF)", "Samverkansmodell förvaltningar", "Ej genomförd"),
    ("Former för styrning och samverkan (KLF)", "Samverkansmodell Pikab", "Ej genomförd"),
    ("Former för styrning och samverkan (KLF)", "Utvecklingsforum", "Etablerat"),
]  # fmt: skip

# Regions of the seed where the PDF's tables were flattened column by column (start, end markers): the row checks
# above cover them; the sentence check covers everything else.
TABLE_REGIONS = [
    ("Förvaltningar Bolag Kommuncentrala stödjande funktioner", "Figur 1 –"),
    ("Åtgärd Resultat Status", "Nuläge Nulägesbeskrivningen"),
    ("Åtgärder för ökad stabilitet Åtgärder för ökad effekt", "Kommunens program/strategi för digitalisering Piteå"),
    ("Styrgrupp Ansvarsområde Ledord", "För att effektivisera"),
    ("Forum Syfte Ansvarig", "Finansiering av digitaliseringen Digitalisering"),
    ("Område Grundförutsättning", "Förvaltningars- och kommunala"),
]


def normalise(text: str) -> str:
    """Whitespace collapsed; bullet marks and list numbers dropped (a list renders them as markup, not text)."""
    text = re.sub(r"\s+", " ", htmllib.unescape(text))
    text = text.replace("•", " ")
    text = re.sub(r"(?<!\S)- ", " ", text)
    text = re.sub(r"(?<!\S)\d\. ", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def page_document(client) -> tuple[str, str]:
    """The page's html and the text of the plan document on it (title + article), follow-up annotations removed."""
    html = client.get("/planen/").content.decode()
    title = re.search(r"<h1>(.*?)</h1>", html).group(1)
    article = html.split('<article class="plan-document"', 1)[1].split(">", 1)[1].split("</article>", 1)[0]
    article = re.sub(r'<p class="plan-followup">.*?</p>', " ", article, flags=re.S)
    article = re.sub(r'<span class="plan-followup__label">.*?</span>', " ", article, flags=re.S)
    article = re.sub(r'<p class="muted">.*?</p>', " ", article, flags=re.S)
    return html, normalise(title + " " + re.sub(r"<[^>]+>", " ", article))


def seed_fragments() -> list[str]:
    seed = normalise(SEED.read_text(encoding="utf-8"))
    for start, end in TABLE_REGIONS:
        a = seed.index(start)
        b = seed.index(end, a)
        seed = seed[:a] + " | " + seed[b:]
    parts = re.split(r"(?<=[.:)])\s+|\s*\|\s*", seed)
    return [p.strip() for p in parts if len(p.strip()) > 3]


def table_rows(html: str) -> list[str]:
    return [normalise(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", html, flags=re.S)]


def test_every_sentence_of_the_seed_is_in_the_plan_document(client, plan):
    _html, document = page_document(client)
    fragments = seed_fragments()
    assert len(fragments) > 150
    missing = [f for f in fragments if f not in document]
    assert not missing, missing


def test_every_seed_heading_is_a_heading_on_the_page_in_the_plans_order(client, plan):
    html, _document = page_document(client)
    seed = normalise(SEED.read_text(encoding="utf-8"))
    headings = [normalise(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[2-5][^>]*>(.*?)</h[2-5]>", html)]
    positions = []
    for heading in SEED_HEADINGS:
        assert normalise(heading) in seed, heading  # the list is the seed's
        assert normalise(heading) in headings, heading
        positions.append(headings.index(normalise(heading), positions[-1] if positions else 0))
    assert positions == sorted(positions)


@pytest.mark.parametrize("table", sorted(SEED_TABLE_ROWS))
def test_every_seed_table_row_is_a_row_on_the_page(client, plan, table):
    html, _document = page_document(client)
    seed = normalise(SEED.read_text(encoding="utf-8"))
    rows = table_rows(html)
    for cells in SEED_TABLE_ROWS[table]:
        for cell in cells:
            assert normalise(cell) in seed, cell
        assert any(all(normalise(c) in row for c in cells) for row in rows), cells
        if table == "figur-1":
            continue
        row = next(r for r in rows if all(normalise(c) in r for c in cells))
        spots = [row.index(normalise(c)) for c in cells]
        assert spots == sorted(spots), cells  # the cells stand in the plan's column order


def test_previous_measures_show_the_plans_status_and_todays_beside_it_labelled(client, plan):
    html, _document = page_document(client)
    assert "Status enligt planen" in html and "Status i dag (uppföljning)" in html
    section = html.split('id="tidigare-atgarder"', 1)[1].split('id="nulage"', 1)[0]
    rows = table_rows(section)[1:]  # after the header row
    assert len(rows) == len(PREVIOUS_ROWS)
    for row, (measure, result, status) in zip(rows, PREVIOUS_ROWS, strict=True):
        assert f"{result} {status}" in row, row
        if row.startswith(normalise(measure)):
            continue  # the row that carries the measure cell (rowspan)
    # The follow-up moves on; the plan's wording does not.
    result = MeasureResult.objects.get(title="Förslag utvecklingsteam")
    result.status = "paborjat"
    result.save()
    _html, document = page_document(client)
    section = _html.split('id="tidigare-atgarder"', 1)[1].split('id="nulage"', 1)[0]
    assert "Förslag utvecklingsteam Ej genomförd Påbörjat" in " ".join(table_rows(section))


def test_responsible_parties_are_the_plans_words(client, plan):
    html, document = page_document(client)
    assert "Kommuncentralt (VUDIG)" not in html  # the plan never names such a party
    data = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    seed = normalise(SEED.read_text(encoding="utf-8"))
    for measure in data["plans"][1]["measures"]:
        assert measure["responsible"] in ("Kommunstyrelsen", "Ansvarig linjechef, utsedd av kommunchef")
    assert "organiserat av Kommunstyrelsen" in seed and "En ansvarig linjechef utses för respektive projekt" in seed
    assert "Ansvarig enligt planen:</span> Kommunstyrelsen." in html


def test_each_effect_measure_carries_its_own_projects_text(plan):
    descriptions = {}
    for project in FrameProject.objects.select_related("measure"):
        assert project.measure.description.split("\n")[0] in project.purpose
        descriptions[project.measure.description] = project.slug
    assert len(descriptions) == 4


def test_each_frame_project_has_a_public_page_with_rambeskrivning_group_and_phase(client, plan):
    for project in FrameProject.objects.select_related("steering_group"):
        url = f"/planen/ramprojekt/{project.slug}/"
        assert f'href="{url}"' in client.get("/planen/").content.decode()
        response = client.get(url)
        assert response.status_code == 200
        text = normalise(re.sub(r"<[^>]+>", " ", response.content.decode()))
        assert project.steering_group.name in text and project.get_phase_display() in text
        for field in ("purpose", "assignment", "implementation", "goals"):
            first_line = getattr(project, field).splitlines()[0]
            assert normalise(first_line) in text
        assert f'href="{project.get_absolute_url()}"' not in response.content.decode()  # login-only page: no link
    assert client.get("/planen/ramprojekt/finns-inte/").status_code == 404


def test_the_document_page_costs_the_same_queries_however_many_measures(client, plan):
    counts = []
    for more in (0, 40):
        earlier = Measure.objects.filter(plan__slug="tidigare-atgarder").first().plan
        for i in range(more):
            measure = Measure.objects.create(plan=earlier, title=f"Extra {i}", responsible="Alla")
            MeasureResult.objects.create(measure=measure, title="R", status="paborjat")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/planen/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_broken_document_names_the_entry(tmp_path):
    data = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    data["document"]["sections"][1]["blocks"][0] = {"p": "x", "ul": ["y"]}
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PlanDataError, match=r"document\.sections\[1\]\.blocks\[0\]: ett block har exakt en"):
        plan_document_load(path=path)
    data["document"]["sections"][1]["blocks"][0] = {"data": "finns-inte"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PlanDataError, match="okänd data 'finns-inte'"):
        plan_document_load(path=path)


def test_todays_status_follows_a_measure_carried_into_a_newer_decided_version(client, people):
    from measures import services
    from measures.models import Plan
    from tests.measures.factories import decide

    old = Plan.objects.get(slug="plan-for-digitalisering")
    new = decide(services.plan_start_new_version(plan=old, title="Plan 2027", by=people["process_leader"]), people)
    carried = Measure.objects.get(plan=new, title="Finansiering av digitaliseringen")
    carried.status = "etablerat"
    carried.save()
    html = client.get("/planen/").content.decode()
    section = html.split('id="atgard-6"', 1)[1].split('id="atgard-7"', 1)[0]
    assert 'Uppföljning i dag:</span> <span class="status status--etablerat">Etablerat</span>' in section
