"""A manager files the yearly self-assessment with the keyboard only, with two planned improvements in one area (the
second row added with "Lägg till förbättring", no JavaScript); the process leader returns it; it is fixed (one
improvement removed with "Ta bort"), resubmitted and shows on the heatmap. axe-core checks every page visited."""

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


def date_segments(browser) -> list[str]:
    """The order of a date field's segments (year, month, day): Chromium takes it from the browser's own locale,
    not from the page's, so ask a context without a locale of its own."""
    context = browser.new_context()
    try:
        return context.new_page().evaluate(
            """() => new Intl.DateTimeFormat(undefined, {year: "numeric", month: "2-digit", day: "2-digit"})
                .formatToParts(new Date(2026, 11, 31)).filter(p => p.type !== "literal").map(p => p.type)"""
        )
    finally:
        context.close()


def type_date(page, name, iso, segments):
    """Type a date as a person would, segment by segment: two digits move on by themselves, a year needs Right."""
    values = dict(zip(("year", "month", "day"), iso.split("-"), strict=True))
    tab_to(page, name)
    for i, segment in enumerate(segments):
        page.keyboard.type(values[segment])
        if segment == "year" and i < len(segments) - 1:
            page.keyboard.press("ArrowRight")
    assert page.locator(f"input[name='{name}']").input_value() == iso


def focused(page):
    return page.evaluate("() => document.activeElement && document.activeElement.name")


def test_manager_files_with_keyboard_leader_returns_manager_resubmits(page, new_page, browser):
    year = timezone.localdate().year
    segments = date_segments(browser)
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
    type_into(page, "kompetens-improvements-0-text", "Kartlägga digital kompetens i alla enheter.")
    type_into(page, "kompetens-improvements-0-owner", "Socialchef")
    type_date(page, "kompetens-improvements-0-due", f"{year}-12-31", segments)

    # A second improvement for Kompetens: the area's "Lägg till förbättring" button shows one more row, keeps all
    # that was typed and puts the focus in the new row.
    tab_to(page, "add_improvement")
    assert page.evaluate("() => document.activeElement.value") == "kompetens"
    press_and_wait(page, "Enter")
    assert focused(page) == "kompetens-improvements-1-text"
    assert page.locator("textarea[name='kompetens-improvements-0-text']").input_value().startswith("Kartlägga")
    assert page.locator("input[name='kompetens-improvements-0-due']").input_value() == f"{year}-12-31"
    assert page.locator("textarea[name='utveckling-motivation']").input_value() == "Vår bedömning av utveckling."
    assert page.locator("input[name='systemforvaltning-level']:checked").input_value() == "2"
    assert_accessible(page)
    page.keyboard.type("Utbilda alla chefer i digitalt ledarskap.")
    type_into(page, "kompetens-improvements-1-owner", "HR-chef")
    type_date(page, "kompetens-improvements-1-due", f"{year + 1}-06-30", segments)
    # Enter in a text field saves the draft (the form's default button), it does not add yet another row.
    for _ in range(5):  # back through the date's segments to the owner field
        page.keyboard.press("Shift+Tab")
        if focused(page) == "kompetens-improvements-1-owner":
            break
    assert focused(page) == "kompetens-improvements-1-owner"
    press_and_wait(page, "Enter")
    assert page.get_by_text("Utkastet är sparat").is_visible()
    assert page.locator("textarea[name='kompetens-improvements-1-text']").input_value().startswith("Utbilda")
    assert page.get_by_text("Ta bort förbättring 2").is_visible()
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
    assert page.get_by_text("Kartlägga digital kompetens i alla enheter.").is_visible()
    assert page.get_by_text("Utbilda alla chefer i digitalt ledarskap.").is_visible()
    assert_accessible(page)

    # The process leader returns it with a comment.
    leader = new_page()
    log_in(leader, "processledare")
    leader.goto(f"/mognad/{year}/")
    assert_accessible(leader)
    leader.get_by_role("table").get_by_role("link", name="Socialtjänst").click()  # not the largest-gaps list
    leader.wait_for_url(f"**/mognad/{year}/socialtjanst/")
    assert_accessible(leader)
    leader.get_by_label("Kommentar till chefen").fill("Beskriv underlaget för Kompetens tydligare.")
    leader.get_by_role("button", name="Skicka tillbaka till chefen").click()
    leader.wait_for_load_state()
    assert leader.get_by_text("Självskattningen är tillbakaskickad till chefen").is_visible()
    assert_accessible(leader)

    # The manager sees the comment, fixes Kompetens and resubmits, still with the keyboard only.
    page.goto(edit)
    assert page.get_by_text("Beskriv underlaget för Kompetens tydligare.").is_visible()
    assert_accessible(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    type_into(page, "kompetens-evidence", "Kompetenskartläggning 2026, se intranätet.")
    choose_level(page, "kompetens", 2)
    # The mapping is done: "Ta bort" on the first improvement, ticked with Space.
    tab_to(page, "kompetens-improvements-0-delete")
    page.keyboard.press("Space")
    assert page.locator("input[name='kompetens-improvements-0-delete']").is_checked()
    tab_to(page, "submit")
    press_and_wait(page, "Enter")
    page.wait_for_url(f"**/mognad/{year}/socialtjanst/")
    assert page.get_by_text("Inlämnad", exact=True).first.is_visible()
    assert page.get_by_text("Utbilda alla chefer i digitalt ledarskap.").is_visible()
    assert page.get_by_text("Kartlägga digital kompetens i alla enheter.").count() == 0
    assert page.get_by_text(f"{year + 1}-06-30").is_visible()

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
