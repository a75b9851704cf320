"""A manager signs in and the start page opens with "Att göra": her organisation's self-assessment, her follow-up
rows and the planned improvements, each a link with its date. She follows the self-assessment item to the form.
axe-core checks each page; at 320 px the start page does not scroll sideways."""

from django.utils import timezone

from tests.e2e.conftest import assert_accessible, log_in


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_manager_sees_att_gora_and_follows_an_item_to_where_it_is_done(page):
    log_in(page, "chef.socialtjanst")
    page.goto("/")
    todo = page.locator("section.todo")
    assert todo.get_by_role("heading", name="Att göra").is_visible()
    # "Att göra" comes before the plan's overview.
    headings = page.locator("h2").all_inner_texts()
    assert headings.index("Att göra") < headings.index("Status för åtgärdernas resultat")
    year = timezone.localdate().year
    link = todo.get_by_role("link", name=f"Påbörja självskattningen {year} för Socialtjänst")
    assert link.is_visible()
    item = todo.locator("li").filter(has_text=f"Påbörja självskattningen {year} för Socialtjänst")
    assert item.locator("time").count() == 1  # its due date
    # Overdue items (the improvements past their date) are listed first and say so.
    first = todo.locator("li").first
    assert "Försenad" in first.inner_text()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/")
    assert no_sideways_scroll(page)
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    with page.expect_navigation():
        page.locator("section.todo").get_by_role(
            "link", name=f"Påbörja självskattningen {year} för Socialtjänst"
        ).click()
    assert page.url.endswith(f"/mognad/{year}/socialtjanst/skattning/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert no_sideways_scroll(page)
