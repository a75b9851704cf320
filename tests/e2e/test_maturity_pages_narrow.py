"""Issue 17's new maturity pages, on the demo data, at 320 px wide: no horizontal scroll and no serious axe-core
violation (the process leader's targets, comparison and overview with its gaps; the manager's respondents and form;
a respondent's own answer; an improvement's follow-up)."""

from django.utils import timezone
from playwright.sync_api import expect

from maturity.models import PlannedImprovement

from .conftest import assert_accessible, log_in


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_new_maturity_pages_fit_320_px_and_pass_axe(new_page):
    year = timezone.localdate().year
    improvement = PlannedImprovement.objects.filter(area_assessment__assessment__round__year=year - 1).first()
    visits = {
        "processledare": [
            (f"/mognad/{year}/mal/", "Målnivåer"),
            (f"/mognad/{year}/jamforelse/", "jämförelse"),
            (f"/mognad/{year}/", "Största gapen mot målnivån"),
            (f"/mognad/{year}/karta/", "Ladda ner värmekartan"),
            (f"/mognad/forbattring/{improvement.pk}/", "Följ upp förbättring"),
        ],
        "chef.utbildning": [
            (f"/mognad/{year}/utbildning/respondenter/", "Sammanställning av 3 svar"),
            (f"/mognad/{year}/utbildning/", "Respondenter och deras samlade bild"),
        ],
        "chef.socialtjanst": [(f"/mognad/{year}/socialtjanst/skattning/", "Förra årets förbättringar")],
        "lasare": [(f"/mognad/{year}/utbildning/svar/", "Ditt svar")],
    }
    for username, pages in visits.items():
        page = new_page()
        page.set_viewport_size({"width": 320, "height": 800})
        log_in(page, username)
        for url, text in pages:
            page.goto(url)
            expect(page.get_by_text(text).first).to_be_visible()
            assert fits(page), f"{url} scrolls sideways at 320 px"
            assert_accessible(page)
