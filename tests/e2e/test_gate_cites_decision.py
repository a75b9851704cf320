"""The process leader takes a frame project through its gate by citing its steering group's recorded decision; the
decision is then on the project page, in the one register and in the follow-up report's "Status för beslut".
axe-core checks every page visited."""

from django.utils import timezone
from playwright.sync_api import expect

from projects.models import FrameProject, PhaseChange
from reports.sections import ReportPeriod, section_decision_status

from .conftest import assert_accessible, log_in


def test_the_gate_cites_the_groups_decision(page):
    project = FrameProject.objects.get(slug="extern-digitalisering")
    decision = project.decisions.get()  # taken at the demo's meeting of Extern digitalisering today
    log_in(page, "processledare")
    page.goto(project.get_absolute_url())
    assert_accessible(page)
    for phase in ["Planering", "Projektplan fastställd"]:
        page.get_by_role("link", name="Byt fas").click()
        page.get_by_label("Ny fas").select_option(label=phase)
        page.get_by_role("button", name="Byt fas").click()
        expect(page.get_by_role("status")).to_contain_text(f"Projektet är nu i fasen ”{phase}”.")
    page.get_by_role("link", name="Byt fas").click()
    assert_accessible(page)
    page.get_by_label("Ny fas").select_option(label="Genomförande")
    page.get_by_label("Styrgruppens registrerade beslut").select_option(value=str(decision.pk))
    page.get_by_role("button", name="Byt fas").click()
    expect(page.get_by_role("status")).to_contain_text("Projektet är nu i fasen ”Genomförande”.")
    assert PhaseChange.objects.get(project=project, to_phase="genomforande").decision == decision
    # On the project page, with a link to the decision in the register.
    expect(page.get_by_role("link", name=decision.reference).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=decision.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(decision.reference)
    expect(page.locator(f'a[href="{project.get_absolute_url()}"]')).to_have_text(project.name)
    assert_accessible(page)
    page.goto("/styrgrupper/beslut/?grupp=extern-digitalisering")
    expect(page.get_by_role("cell", name=decision.text)).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    section = section_decision_status(period=ReportPeriod(start=today.replace(month=1, day=1), end=today))
    assert decision in [row["decision"] for row in section.context["rows"]]
