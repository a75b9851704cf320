"""Issue 17's story in the browser: the manager of Socialtjänst invites three respondents by e-mail; each makes an
account through the signed link and answers; the manager sees the spread, sets the levels with a target, submits
with one field missing (the draft is kept, the error summary takes the focus), fixes it and submits; links a measure
to the gap; the process leader sees the gap and the measure; a year later the form shows last year's improvement and
its outcome. axe-core checks every page visited."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from maturity.models import Respondent
from vudig.core.models import OutgoingMail

from .conftest import assert_accessible, log_in

AREAS = ["ledning-styrning", "utveckling", "systemforvaltning", "kompetens", "samverkan"]
PASSWORD = "Respondent-svar-2026!"


def invitation_path(email):
    mail = next(m for m in OutgoingMail.objects.order_by("pk") if m.to == [email])
    return re.search(r"/mognad/inbjudan/\S+/", mail.body).group(0)


def test_manager_respondents_target_gap_and_next_years_form(page, new_page):
    year = timezone.localdate().year
    base = f"/mognad/{year}/socialtjanst"
    log_in(page, "chef.socialtjanst")
    page.goto(f"{base}/skattning/")
    page.get_by_role("link", name="Respondenter: bjud in, se vilka som har svarat och påminn").click()
    page.wait_for_url(f"**{base}/respondenter/")
    assert_accessible(page)

    # Three respondents invited by e-mail (they have no accounts yet).
    emails = [f"respondent{i}@pitea.example" for i in (1, 2, 3)]
    for i, email in enumerate(emails, start=1):
        page.get_by_label("E-postadress").fill(email)
        page.get_by_label("Namn", exact=True).fill(f"Respondent {i}")
        page.get_by_role("button", name="Bjud in").click()
        expect(page.get_by_text(f"En inbjudan är skickad till {email}")).to_be_visible()
    expect(page.get_by_text("Visas när minst 3 respondenter har svarat")).to_be_visible()
    assert_accessible(page)

    # Each opens the link, chooses a password and answers the five areas privately.
    for level, email in zip((2, 3, 4), emails, strict=True):
        respondent = new_page()
        respondent.goto(invitation_path(email))
        assert_accessible(respondent)
        respondent.get_by_label("Välj ett lösenord").fill(PASSWORD)
        respondent.get_by_label("Skriv lösenordet igen").fill(PASSWORD)
        respondent.get_by_role("button", name="Skapa kontot och svara").click()
        respondent.wait_for_url(f"**{base}/svar/")
        expect(respondent.get_by_text("Ditt konto är skapat")).to_be_visible()
        assert_accessible(respondent)
        for area in AREAS:
            respondent.locator(f"input[name='{area}-level'][value='{level}']").check()
        respondent.locator("textarea[name='kompetens-comment']").fill(f"Min bild: nivå {level}.")
        respondent.get_by_role("button", name="Skicka svaret").click()
        expect(respondent.get_by_text("Ditt svar är sparat")).to_be_visible()
        assert_accessible(respondent)
        # The link is used now.
        respondent.goto(invitation_path(email))
        expect(respondent.get_by_text("Inbjudan är redan använd")).to_be_visible()
    assert Respondent.objects.filter(answered_at__isnull=False).exclude(organisation__slug="utbildning").count() == 3

    # The manager sees the rate and the spread, never an individual answer.
    page.reload()
    expect(page.get_by_text("Sammanställning av 3 svar")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^Kompetens"))
    expect(row).to_contain_text("2")
    expect(row).to_contain_text("4")
    assert "Min bild" not in page.content()
    assert_accessible(page)

    # The assessment with the respondents' view beside each area; Kompetens gets a target of 4.
    page.goto(f"{base}/skattning/")
    expect(page.get_by_text("Median 3, spridning 2–4 (3 svar).").first).to_be_visible()
    for area, level in zip(AREAS, (3, 3, 2, 2, 3), strict=True):
        page.locator(f"input[name='{area}-level'][value='{level}']").check()
        if area != "samverkan":
            page.locator(f"textarea[name='{area}-motivation']").fill(f"Vår bedömning av {area}.")
    page.locator("select[name='kompetens-target']").select_option("4")
    page.locator("textarea[name='kompetens-improvements-0-text']").fill("Kartlägga digital kompetens.")
    page.locator("input[name='kompetens-improvements-0-owner']").fill("HR-chef")
    page.locator("input[name='kompetens-improvements-0-due']").fill(f"{year}-11-30")
    page.get_by_role("button", name="Lämna in").click()

    # Refused for the missing motivation: the draft is kept and the error summary has the focus.
    expect(page.get_by_text("Skriv en motivering för Samverkan innan du lämnar in.").first).to_be_visible()
    expect(page.get_by_text("Utkastet är sparat men inte inlämnat")).to_be_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)
    page.goto(f"{base}/skattning/")  # a reload shows everything typed
    assert page.locator("textarea[name='kompetens-motivation']").input_value() == "Vår bedömning av kompetens."
    assert page.locator("select[name='kompetens-target']").input_value() == "4"
    assert (
        page.locator("textarea[name='kompetens-improvements-0-text']").input_value() == "Kartlägga digital kompetens."
    )
    page.locator("textarea[name='samverkan-motivation']").fill("Vi deltar i kommunens forum.")
    page.get_by_role("button", name="Lämna in").click()
    page.wait_for_url(f"**{base}/")
    expect(page.get_by_text("Självskattningen är inlämnad")).to_be_visible()
    expect(page.get_by_text("Kompetens: nivå 2, mål 4")).to_be_visible()
    assert_accessible(page)

    # The manager links a measure to the Kompetens gap.
    page.get_by_role("link", name="Koppla åtgärder och projekt till Kompetens").click()
    checkbox = page.locator("input[name='measures']").first
    measure_title = page.locator(f"label[for='{checkbox.get_attribute('id')}']").inner_text().strip()
    checkbox.check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara kopplingarna").click()
    expect(page.get_by_text("Kopplingarna är sparade.")).to_be_visible()

    # The process leader sees the gap and its measure on the round's overview, the others marked unaddressed.
    leader = new_page()
    log_in(leader, "processledare")
    leader.goto(f"/mognad/{year}/")
    gap = leader.locator("li.gap-item", has_text="Socialtjänst").filter(has_text="Kompetens")
    expect(gap).to_contain_text("nivå 2, mål 4 (gap 2)")
    expect(gap).to_contain_text(measure_title.split(" (")[0][:40])
    expect(leader.locator("li.gap-item--unaddressed").first).to_be_visible()
    assert_accessible(leader)

    # Through the year the manager follows the improvement up: done.
    page.goto(f"{base}/")
    page.get_by_role("link", name=re.compile("Följ upp förbättring 1 för Kompetens")).click()
    assert_accessible(page)
    page.get_by_label("Status").select_option("klar")
    page.get_by_label("Kommentar").fill("Alla enheter är kartlagda.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är sparad: klar.")).to_be_visible()

    # The process leader closes the round (asked first, with the count) and opens next year's.
    leader.get_by_role("button", name="Stäng omgången").click()
    expect(leader.get_by_text(re.compile(r"\d+ organisationer har inte lämnat in"))).to_be_visible()
    assert_accessible(leader)
    leader.get_by_role("button", name="Ja, stäng omgången").click()
    expect(leader.get_by_text(f"Omgången {year} är stängd.")).to_be_visible()
    leader.goto("/mognad/omgang/ny/")
    leader.get_by_label("År").fill(str(year + 1))
    leader.get_by_label("Öppnar").fill(f"{year + 1}-02-01")
    leader.get_by_label("Stänger").fill(f"{year + 1}-03-31")
    leader.get_by_role("button", name="Skapa omgången").click()
    leader.get_by_role("button", name="Öppna omgången").click()
    expect(leader.get_by_text(f"Omgången {year + 1} är öppen.")).to_be_visible()

    # A year later the form shows last year's improvement and how it went.
    page.goto(f"/mognad/{year + 1}/socialtjanst/skattning/")
    section = page.locator(".improvements--previous", has_text="Förra årets förbättringar för Kompetens")
    expect(section).to_contain_text("Kartlägga digital kompetens.")
    expect(section).to_contain_text("Klar")
    expect(section).to_contain_text("Alla enheter är kartlagda.")
    assert_accessible(page)
