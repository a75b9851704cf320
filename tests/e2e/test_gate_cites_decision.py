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
    # The demo's gate already cites it: the project is in genomförande with the § on its page.
    assert PhaseChange.objects.get(project=project, to_phase="genomforande").decision == decision
    log_in(page, "processledare")
    page.goto(project.get_absolute_url())
    expect(page.get_by_role("link", name=decision.reference).first).to_be_visible()
    assert_accessible(page)
    # Back to the plan (a reason is needed), then through the gate again, citing the decision in the form.
    page.get_by_role("link", name="Byt fas").click()
    page.get_by_label("Ny fas").select_option(label="Projektplan fastställd")
    page.get_by_label("Motivering").fill("Projektplanen kompletteras med budget.")
    page.get_by_role("button", name="Byt fas").click()
    expect(page.get_by_role("status")).to_contain_text("Projektet är nu i fasen ”Projektplan fastställd”.")
    page.get_by_role("link", name="Byt fas").click()
    assert_accessible(page)
    page.get_by_label("Ny fas").select_option(label="Genomförande")
    page.get_by_label("Styrgruppens registrerade beslut").select_option(value=str(decision.pk))
    page.get_by_role("button", name="Byt fas").click()
    expect(page.get_by_role("status")).to_contain_text("Projektet är nu i fasen ”Genomförande”.")
    gates = PhaseChange.objects.filter(project=project, to_phase="genomforande").order_by("pk")
    assert [g.decision for g in gates] == [decision, decision]
    # On the project page, with a link to the decision in the register.
    expect(page.get_by_role("link", name=decision.reference).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=decision.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(decision.reference)
    expect(page.locator(f'a[href="{project.get_absolute_url()}"]').first).to_have_text(project.name)
    expect(page.get_by_text("gick till genomförande med detta beslut").first).to_be_visible()
    assert_accessible(page)
    page.goto("/styrgrupper/beslut/?grupp=extern-digitalisering&slag=gate")
    expect(page.get_by_role("cell", name=decision.text)).to_be_visible()
    expect(page.get_by_text("Projektets beslut om genomförande").first).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    section = section_decision_status(period=ReportPeriod(start=today.replace(month=1, day=1), end=today))
    assert decision in [row["decision"] for row in section.context["rows"]]
