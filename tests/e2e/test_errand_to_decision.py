"""A question goes from a verksamhet to a recorded steering-group decision and back, entirely in the portal.

The manager submits with an attachment; the coordinator asks for more; the manager answers; the coordinator
refers it; the chair puts it on an agenda, decides, and downloads the protocol PDF; the manager sees the
decision. axe-core checks every page visited.
"""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from steeringgroups.constants import MeetingState
from steeringgroups.models import Errand, Meeting, SteeringGroup

from .conftest import assert_accessible, log_in

TITLE = "E-tjänst för bokning av lokaler"
DECISION = "Styrgruppen ställer sig bakom e-tjänsten och ger IT-avdelningen i uppdrag att ta fram en plan."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_errand(page, title=TITLE):
    page.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    assert_accessible(page)


def action_form(page, button):
    return page.locator("form.action-form").filter(has=page.get_by_role("button", name=button))


def test_errand_from_submission_to_decision(new_page, tmp_path):
    manager, coordinator, chair = new_page(), new_page(), new_page()

    # The manager submits a question with an attachment.
    log_in(manager, "chef.socialtjanst")
    manager.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden").click()
    assert_accessible(manager)
    manager.get_by_role("link", name="Skicka in ett ärende").click()
    assert_accessible(manager)
    manager.get_by_label("Rubrik").fill(TITLE)
    manager.get_by_label("Beskrivning").fill("Medborgare vill boka kommunens lokaler digitalt.")
    manager.get_by_label("För organisation").select_option(label="Socialtjänst")
    manager.get_by_label("Ämne").select_option("digital-ingang")
    manager.get_by_label("Prioritet").select_option(label="Hög")
    manager.get_by_label("Bilaga").set_input_files(
        files=[{"name": "behovsanalys.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    manager.get_by_role("button", name="Skicka in").click()
    expect(manager.get_by_role("status")).to_contain_text("är inskickat till beredningen")
    expect(manager.get_by_role("link", name="behovsanalys.pdf")).to_be_visible()
    assert_accessible(manager)
    assert Errand.objects.get(title=TITLE).attachments.count() == 1

    # The coordinator takes it in and asks for more.
    log_in(coordinator, "beredning")
    coordinator.goto("/styrgrupper/arenden/")
    coordinator.get_by_role("link", name="Beredningens kö").click()
    assert_accessible(coordinator)
    open_errand(coordinator)
    coordinator.get_by_role("button", name="Ta emot för beredning").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Tagit emot för beredning")
    form = action_form(coordinator, "Begär komplettering")
    form.get_by_label("Motivering").fill("Hur många bokningar per år gäller det?")
    form.get_by_role("button", name="Begär komplettering").click()
    expect(coordinator.locator(".facts")).to_contain_text("Komplettering begärd")
    assert_accessible(coordinator)

    # The manager answers.
    manager.reload()
    expect(manager.get_by_role("heading", name="Beredningen behöver mer information")).to_be_visible()
    expect(manager.locator(".question")).to_contain_text("Hur många bokningar per år")
    assert_accessible(manager)
    manager.get_by_label("Ditt svar").fill("Omkring 4 000 bokningar per år.")
    manager.get_by_role("button", name="Skicka svaret").click()
    expect(manager.get_by_role("status")).to_contain_text("Ditt svar är skickat")
    assert_accessible(manager)

    # The coordinator refers it to the suggested group.
    coordinator.reload()
    expect(coordinator.get_by_text("Föreslagen styrgrupp utifrån ämnet")).to_contain_text("Extern digitalisering")
    form = action_form(coordinator, "Hänskjut till styrgrupp")
    expect(form.get_by_label("Styrgrupp")).to_have_value(str(_extern_pk()))
    form.get_by_role("button", name="Hänskjut till styrgrupp").click()
    expect(coordinator.locator(".facts")).to_contain_text("Hänskjuten till styrgrupp")
    assert_accessible(coordinator)

    # The chair puts it on the planned meeting's agenda, decides, justerar and downloads the protocol.
    log_in(chair, "ordf.extern")
    chair.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrgrupper").click()
    assert_accessible(chair)
    chair.get_by_role("link", name="Extern digitalisering").click()
    assert_accessible(chair)
    chair.get_by_role("link", name="Styrgruppens kö").click()
    expect(chair.get_by_role("link", name=re.compile(TITLE))).to_be_visible()
    assert_accessible(chair)
    chair.go_back()
    # The planned meeting is held today (set-up: moved from two weeks ahead; the demo's meeting of today goes back).
    Meeting.objects.filter(state=MeetingState.JUSTERAT).update(date=timezone.localdate() - timedelta(days=30))
    planned = Meeting.objects.filter(state=MeetingState.PLANERAT, steering_group__slug="extern-digitalisering")
    planned.update(date=timezone.localdate(), start_time=time(0, 0), end_time=time(23, 59))
    chair.reload()
    chair.locator("#meetings-heading + table").get_by_role("link", name=timezone.localdate().isoformat()).click()
    assert_accessible(chair)
    chair.get_by_label(re.compile(TITLE)).check()
    chair.get_by_role("button", name="Sätt på dagordningen").click()
    expect(chair.get_by_role("status")).to_contain_text("satt på dagordningen")
    assert_accessible(chair)
    chair.get_by_label("Jag har kontrollerat dagordningen och skickar kallelsen").check()
    chair.get_by_role("button", name="Skicka kallelsen").click()
    chair.get_by_role("button", name="Öppna mötet").click()
    expect(chair.get_by_role("status")).to_contain_text("Mötet är öppnat")
    chair.locator(".agenda__item").filter(has_text="Mötets öppnande").get_by_label("Erik Ledamot").check()
    chair.get_by_role("button", name="Välj justerare").click()
    item = chair.locator(".agenda__item").filter(has_text=TITLE)
    item.get_by_label("Beslutstext").fill(DECISION)
    item.get_by_label("Ansvarig för uppföljning").fill("IT-avdelningen")
    item.get_by_label("Följs upp senast").fill("2030-06-30")
    item.get_by_role("button", name=re.compile("Registrera §")).click()
    expect(chair.get_by_role("status")).to_contain_text("Beslutet är registrerat")
    assert_accessible(chair)
    chair.get_by_label("Jag avslutar mötet; protokollet går till justering").check()
    chair.get_by_role("button", name="Avsluta mötet").click()
    member = new_page()
    log_in(member, "ledamot.extern")
    member.goto(chair.url)
    member.get_by_label("Jag justerar protokollet").check()
    member.get_by_role("button", name="Justera protokollet").click()
    chair.reload()
    chair.get_by_label("Jag justerar protokollet").check()
    chair.get_by_role("button", name="Justera protokollet").click()
    expect(chair.get_by_role("status")).to_contain_text("Protokollet är justerat")
    chair.reload()
    assert_accessible(chair)
    with chair.expect_download() as download_info:
        chair.get_by_role("link", name="Ladda ned protokollet (PDF)").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    assert "IT-avdelningen i uppdrag" in "".join(p.extract_text() for p in PdfReader(path).pages)

    # The manager sees the decision.
    manager.goto("/styrgrupper/arenden/")
    assert_accessible(manager)
    open_errand(manager)
    expect(manager.locator(".decision")).to_contain_text(DECISION)
    expect(manager.locator(".facts")).to_contain_text("Beslutad")
    chair.goto("/styrgrupper/beslut/")
    expect(chair.get_by_role("cell", name=DECISION)).to_be_visible()
    assert_accessible(chair)


def _extern_pk():

    return SteeringGroup.objects.get(slug="extern-digitalisering").pk
