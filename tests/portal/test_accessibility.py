"""Anyone reads the tillgänglighetsredogörelse DOS-lagen requires, linked from every page, built from the data file."""

import re
from pathlib import Path

import pytest
import yaml
from django.test import override_settings

from tests.factories import UserFactory
from vudig.portal.accessibility import DEFAULT_FILE, AccessibilityDataError, statement_load

DIGG_SECTIONS = [
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace("&quot;", '"')


def test_the_statement_has_every_section_digg_requires_without_login(client, db):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in DIGG_SECTIONS:
        assert f">{heading}</h2>" in html, heading
    text = _text(html)
    assert "Myndigheten för digital förvaltning (Digg)" in text and 'href="https://www.digg.se/tdosanmalan"' in html
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert 'href="mailto:kommun@pitea.se"' in html
    assert "Senaste bedömningen gjordes den 1 december 2026" in text  # lower-case Swedish month
    assert "Redogörelsen uppdaterades senast den 1 december 2026" in text


def test_every_known_shortcoming_in_the_data_file_is_listed(client, db):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert data["shortcomings"]
    text = _text(client.get("/tillganglighet/").content.decode())
    for item in data["shortcomings"]:
        assert item["title"] in text
        assert " ".join(item["description"].split()) in text
        for criterion in item["criteria"]:
            assert criterion in text
    assert "1.4.10 Anpassning till skärmstorlek (Reflow)" in text


def test_a_changed_data_file_changes_the_page(client, db, tmp_path):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["compliance"] = "helt"
    data["shortcomings"] = []
    data["assessed"] = data["updated"] = "2027-03-05"
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True).replace("'2027-03-05'", "2027-03-05"), encoding="utf-8")
    with override_settings(VUDIG_ACCESSIBILITY_FILE=str(path)):
        text = _text(client.get("/tillganglighet/").content.decode())
    assert "Vi känner inte till några brister i tillgängligheten." in text
    assert "helt förenlig" in text and "5 mars 2027" in text
    assert "Sidor med breda tabeller" not in text


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"compliance": "nästan"}, "'compliance'"),
        ({"assessed": "igår"}, "'assessed' måste vara ett datum"),
        ({"contact": None}, "'contact' saknas"),
        ({"shortcomings": [{"title": "X"}]}, "'description'"),
    ],
)
def test_a_broken_data_file_names_the_file_and_the_key(tmp_path, change, problem):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AccessibilityDataError, match=re.escape(problem)) as error:
        statement_load(path)
    assert str(path) in str(error.value)


def test_a_missing_data_file_is_a_clear_error():
    with pytest.raises(AccessibilityDataError, match="filen kan inte läsas"):
        statement_load(Path("/finns/inte.yaml"))


@pytest.mark.parametrize(
    "url", ["/", "/planen/", "/open-data/", "/tillganglighet/", "/accounts/login/", "/finns-inte/", "/atgarder/"]
)
def test_every_page_links_the_statement_from_its_footer(client, plan, url):
    response = client.get(url, follow=True)
    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'href="/tillganglighet/"' in footer


def test_signed_in_pages_link_it_too(client, plan):
    client.force_login(UserFactory())
    footer = client.get("/atgarder/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'href="/tillganglighet/"' in footer
