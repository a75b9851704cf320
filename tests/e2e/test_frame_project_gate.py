"""The process leader takes a frame project to its gate, the steering-group chair records the start decision,
and the project owner publishes a status report. Every page visited passes axe-core."""

from playwright.sync_api import expect

from projects.constants import ProjectPhase
from projects.models import FrameProject

from .conftest import assert_accessible, log_in


def choose_phase(page, label):
    page.get_by_label("Ny fas").select_option(label=label)


def test_a_project_moves_through_its_gate(new_page):
    # IT-miljö och infrastruktur: still a ramprojekt in the demo (Extern digitalisering has passed its gate there)
    leader = new_page()
    log_in(leader, "processledare")
    assert_accessible(leader)
    leader.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ramprojekt").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Ramprojekt")
    assert_accessible(leader)

    leader.get_by_role("link", name="IT-miljö och infrastruktur").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("IT-miljö och infrastruktur")
    expect(leader.get_by_role("listitem").filter(has_text="Systemdrift – internt och hos leverantör")).to_be_visible()
    assert_accessible(leader)

    # Ramprojekt → Planering → Projektplan fastställd.
    for phase in ["Planering", "Projektplan fastställd"]:
        leader.get_by_role("link", name="Byt fas").click()
        assert_accessible(leader)
        choose_phase(leader, phase)
        leader.get_by_role("button", name="Byt fas").click()
        expect(leader.get_by_role("status")).to_contain_text(f"Projektet är nu i fasen ”{phase}”.")
    assert_accessible(leader)

    # An illegal jump is refused with a clear message and nothing changes.
    leader.get_by_role("link", name="Byt fas").click()
    choose_phase(leader, "Avslutat")
    leader.get_by_role("button", name="Byt fas").click()
    expect(leader.get_by_role("alert")).to_contain_text(
        "Det går inte att gå från ”Projektplan fastställd” till ”Avslutat”."
    )
    assert_accessible(leader)

    # The gate without the steering group's decision is refused on the field.
    choose_phase(leader, "Genomförande")
    leader.get_by_role("button", name="Byt fas").click()
    expect(leader.get_by_role("alert")).to_contain_text("Styrgruppens beslut måste anges")
    assert_accessible(leader)

    # The chair of the project's steering group records the decision and the project starts.
    chair = new_page()
    log_in(chair, "ordf.it")
    assert_accessible(chair)
    chair.goto("/ramprojekt/it-miljo-och-infrastruktur/")
    assert_accessible(chair)
    chair.get_by_role("link", name="Byt fas").click()
    assert_accessible(chair)
    choose_phase(chair, "Genomförande")
    chair.get_by_label("Styrgruppens beslutsdatum").fill("2026-01-15")
    chair.get_by_label("Styrgruppens beslut", exact=True).fill(
        "Styrgruppen beslutar att projektet startar enligt projektplanen."
    )
    chair.get_by_role("button", name="Byt fas").click()
    expect(chair.get_by_role("status")).to_contain_text("Projektet är nu i fasen ”Genomförande”.")
    expect(chair.get_by_text("Styrgruppen beslutar att projektet startar enligt projektplanen.").first).to_be_visible()
    assert_accessible(chair)

    # The process leader's page is still the phase form from before the chair's decision: saving from it is refused
    # as stale (nothing changes), and the form comes back with the newer version.
    choose_phase(leader, "Avslutat")
    leader.get_by_role("button", name="Byt fas").click()
    expect(leader.get_by_role("alert").first).to_contain_text("Någon annan har sparat ändringar")
    assert FrameProject.objects.get(slug="it-miljo-och-infrastruktur").phase == ProjectPhase.GENOMFORANDE
    assert_accessible(leader)
    # Moving back needs a reason.
    choose_phase(leader, "Projektplan fastställd")
    leader.get_by_role("button", name="Byt fas").click()
    expect(leader.get_by_role("alert").first).to_contain_text(
        "Att gå tillbaka till en tidigare fas kräver en motivering."
    )
    assert_accessible(leader)


def test_the_owner_publishes_a_status_report(page):
    log_in(page, "chef.socialtjanst")  # appointed line manager of Intern digitalisering in the demo
    assert_accessible(page)
    page.goto("/ramprojekt/intern-digitalisering/")
    expect(page.get_by_text("utsedd av Kim Kommunchef")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny lägesrapport").click()
    assert_accessible(page)
    page.get_by_label("Period från").fill("2026-04-01")
    page.get_by_label("Period till").fill("2026-06-30")
    page.get_by_label("Samlad status").select_option(label="Röd")
    page.get_by_label("Genomfört under perioden").fill("• Projektplanen är framtagen.")
    page.get_by_role("button", name="Spara utkast").click()
    # A missing field is refused and the input is kept.
    expect(page.get_by_role("alert")).to_contain_text("Nästa steg")
    expect(page.get_by_label("Genomfört under perioden")).to_have_value("• Projektplanen är framtagen.")
    assert_accessible(page)
    page.get_by_label("Nästa steg").fill("Beslut i styrgruppen om resurser.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkast – inte publicerad")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("status")).to_contain_text("Lägesrapporten är publicerad.")
    expect(page.get_by_role("button", name="Skriv en rättelse")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ramprojekt").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Intern digitalisering"))
    expect(row).to_contain_text("Röd")
    expect(row).to_contain_text("i dag")
    assert_accessible(page)
