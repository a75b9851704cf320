"""A manager files the yearly self-assessment with the keyboard only; the process leader returns it; it is fixed,
resubmitted and shows on the heatmap. axe-core checks every page visited."""

from django.utils import timezone

from tests.e2e.conftest import assert_accessible, log_in

AREAS = ["ledning-styrning", "utveckling", "systemforvaltning", "kompetens", "samverkan"]


def tab_to(page, name, *, limit=250):
    """Press Tab until the focused control has this name (keyboard only, as a person would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(n) => !!document.activeElement && document.activeElement.name === n", name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def choose_level(page, area, level):
    """Tab into the area's radio group, Space to pick, arrow keys to move to the level."""
    tab_to(page, f"{area}-level")
    page.keyboard.press("Space")
    checked = int(page.evaluate("(n) => document.querySelector(`input[name='${n}']:checked`).value", f"{area}-level"))
    key = "ArrowDown" if level > checked else "ArrowUp"
    for _ in range(abs(level - checked)):
        page.keyboard.press(key)
    value = page.evaluate("(n) => document.querySelector(`input[name='${n}']:checked`).value", f"{area}-level")
    assert value == str(level)


def press_and_wait(page, key):
    """Press a key on a focused submit button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, name, text):
    tab_to(page, name)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_manager_files_with_keyboard_leader_returns_manager_resubmits(page, new_page):
    year = timezone.localdate().year
    edit = f"/mognad/{year}/socialtjanst/skattning/"

    log_in(page, "chef.socialtjanst")
    page.goto("/mognad/")
    assert_accessible(page)
    page.get_by_role("link", name="Fyll i eller fortsätt").click()
    page.wait_for_url(f"**{edit}")
    assert_accessible(page)

    # Four areas now, saved as a draft with Space on the button.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for area, level in zip(AREAS[:4], [3, 2, 2, 1], strict=True):
        choose_level(page, area, level)
        type_into(page, f"{area}-motivation", f"Vår bedömning av {area}.")
    type_into(page, "kompetens-improvement", "Kartlägga digital kompetens i alla enheter.")
    type_into(page, "kompetens-improvement_owner", "Socialchef")
    tab_to(page, "save")
    press_and_wait(page, "Space")
    assert page.get_by_text("Utkastet är sparat").is_visible()
    assert_accessible(page)

    # Submitting without Samverkan is refused with the area named; nothing is lost.
    tab_to(page, "submit")
    press_and_wait(page, "Enter")
    assert page.get_by_text("Välj en nivå för Samverkan innan du lämnar in.").first.is_visible()
    assert page.locator("textarea[name='kompetens-motivation']").input_value() == "Vår bedömning av kompetens."
    assert_accessible(page)

    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    choose_level(page, "samverkan", 3)
    type_into(page, "samverkan-motivation", "Vi deltar i kommunens forum.")
    tab_to(page, "submit")
    press_and_wait(page, "Enter")
    page.wait_for_url(f"**/mognad/{year}/socialtjanst/")
    assert page.get_by_text("Självskattningen är inlämnad").is_visible()
    assert page.locator("svg.chart--radar").count() == 1
    assert_accessible(page)

    # The process leader returns it with a comment.
    leader = new_page()
    log_in(leader, "processledare")
    leader.goto(f"/mognad/{year}/")
    assert_accessible(leader)
    leader.get_by_role("link", name="Socialtjänst").click()
    leader.wait_for_url(f"**/mognad/{year}/socialtjanst/")
    assert_accessible(leader)
    leader.get_by_label("Kommentar till chefen").fill("Beskriv underlaget för Kompetens tydligare.")
    leader.get_by_role("button", name="Skicka tillbaka till chefen").click()
    leader.wait_for_load_state()
    assert leader.get_by_text("Granskningen är sparad").is_visible()
    assert_accessible(leader)

    # The manager sees the comment, fixes Kompetens and resubmits, still with the keyboard only.
    page.goto(edit)
    assert page.get_by_text("Beskriv underlaget för Kompetens tydligare.").is_visible()
    assert_accessible(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    type_into(page, "kompetens-evidence", "Kompetenskartläggning 2026, se intranätet.")
    choose_level(page, "kompetens", 2)
    tab_to(page, "submit")
    press_and_wait(page, "Enter")
    page.wait_for_url(f"**/mognad/{year}/socialtjanst/")
    assert page.get_by_text("Inlämnad", exact=True).first.is_visible()

    # The heatmap shows it.
    page.goto(f"/mognad/{year}/karta/")
    row = page.locator("table.heatmap-table tr", has=page.get_by_role("link", name="Socialtjänst"))
    assert [c.strip().split(" ")[0] for c in row.locator("td.level-cell").all_inner_texts()] == [
        "3",
        "2",
        "2",
        "2",
        "3",
    ]
    assert_accessible(page)
