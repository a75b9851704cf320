"""The manager whose self-assessment is returned is told (issue 12): the unread count in the header, the notice on
Notiser, its link and the e-mail's link to the assessment; she fixes it and resubmits; the process leader signs in
and finds the "submitted" notice. axe-core checks every page visited."""

import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from maturity.models import AssessmentRound, CapabilityArea
from maturity.services import AreaInput, assessment_save
from tests.e2e.conftest import assert_accessible, log_in
from vudig.core.models import Notice, Organisation, OutgoingMail

AREAS = ["ledning-styrning", "utveckling", "systemforvaltning", "kompetens", "samverkan"]


def _submitted_by_the_manager(year):
    """Socialtjänst's self-assessment, submitted through the service (the filing itself has its own browser test)."""
    manager = get_user_model().objects.get(username="chef.socialtjanst")
    areas = {a: AreaInput(level=3, motivation=f"Vår bedömning av {a.name}.") for a in CapabilityArea.objects.all()}
    return assessment_save(
        round=AssessmentRound.objects.get(year=year),
        organisation=Organisation.objects.get(slug="socialtjanst"),
        areas=areas,
        by=manager,
        expected_version=None,
        submit=True,
    )


def unread_badge(page):
    return page.locator(".site-account__notices")


def test_returned_manager_is_told_fixes_and_resubmits_and_the_leader_is_told(page, new_page, portal, settings):
    settings.VUDIG_BASE_URL = portal.url  # the e-mailed links lead to the live server
    year = timezone.localdate().year
    detail = f"/mognad/{year}/socialtjanst/"
    _submitted_by_the_manager(year)

    # The process leader returns it with a comment.
    leader = new_page()
    log_in(leader, "processledare")
    leader.goto(detail)
    assert_accessible(leader)
    leader.get_by_label("Kommentar till chefen").fill("Beskriv underlaget för Kompetens tydligare.")
    leader.get_by_role("button", name="Skicka tillbaka till chefen").click()
    leader.wait_for_load_state()
    assert leader.get_by_text("Självskattningen är tillbakaskickad till chefen").is_visible()

    # The manager signs in: the header counts her unread notice on every page.
    log_in(page, "chef.socialtjanst")
    page.goto("/")
    badge = unread_badge(page)
    unread = int(re.search(r"(\d+) oläst", badge.inner_text()).group(1))
    assert unread >= 1
    assert_accessible(page)

    # Notiser: the notice, unread, newest first; following it marks it read and leads to the assessment.
    badge.click()
    page.wait_for_url("**/notiser/")
    subject = f"Självskattningen {year} för Socialtjänst har skickats tillbaka"
    item = page.locator("li.notice-item").first
    assert subject in item.inner_text() and "Oläst" in item.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        item.get_by_role("link", name=subject).click()
    page.wait_for_url(f"**{detail}")
    assert page.get_by_text("Beskriv underlaget för Kompetens tydligare.").first.is_visible()
    assert_accessible(page)
    page.goto("/notiser/")
    assert "Oläst" not in page.locator("li.notice-item").first.inner_text()
    if unread == 1:
        assert "oläst" not in unread_badge(page).inner_text()
    assert_accessible(page)

    # The e-mail (one, from the outbox) carries the same link, absolute, and a one-click unsubscribe.
    notice = Notice.objects.get(recipient__username="chef.socialtjanst", subject=subject)
    sent = OutgoingMail.objects.get(key=f"notice:{notice.pk}")
    assert sent.subject == subject and sent.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"Öppna i VUDIG: (\S+)", sent.body).group(1)
    assert link == portal.url + detail
    page.goto(link)
    assert_accessible(page)

    # She fixes Kompetens and resubmits.
    page.get_by_role("link", name="Fortsätt fylla i").first.click()
    page.wait_for_url(f"**/mognad/{year}/socialtjanst/skattning/")
    page.locator("textarea[name='kompetens-evidence']").fill("Kompetenskartläggning 2026, se intranätet.")
    assert_accessible(page)
    page.get_by_role("button", name="Lämna in").click()
    page.wait_for_url(f"**{detail}")
    assert page.get_by_text("Självskattningen är inlämnad").is_visible()
    assert_accessible(page)

    # The process leader signs in again and finds the "submitted" notice of the resubmission.
    leader = new_page()
    log_in(leader, "processledare")
    leader.goto("/")
    assert "oläst" in unread_badge(leader).inner_text()
    leader.goto("/notiser/")
    submitted = f"Självskattningen {year} för Socialtjänst är inlämnad"
    assert submitted in leader.locator("li.notice-item").first.inner_text()
    assert_accessible(leader)
    with leader.expect_navigation():
        leader.locator("li.notice-item").first.get_by_role("link", name=submitted).click()
    leader.wait_for_url(f"**{detail}")
    assert leader.get_by_role("button", name="Markera som granskad").is_visible()
    assert_accessible(leader)

    # The manager's e-mail's unsubscribe link works without signing in, once.
    unsubscribe = re.search(r"ingen inloggning\):\s*(\S+)", sent.body).group(1)
    stranger = new_page()
    stranger.goto(unsubscribe)
    assert stranger.get_by_text("Vill du sluta få e-post om ”Självskattning återsänd”?", exact=False).is_visible()
    assert_accessible(stranger)
    stranger.get_by_role("button", name="Ja, sluta skicka e-post om detta").click()
    stranger.wait_for_load_state()
    assert stranger.get_by_text("Klart.", exact=False).is_visible()
    assert_accessible(stranger)
    stranger.goto(unsubscribe)
    assert stranger.get_by_text("Länken har redan använts.", exact=False).is_visible()
    assert_accessible(stranger)
