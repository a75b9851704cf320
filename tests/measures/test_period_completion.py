"""The completion bar's words, written once per row in Python (issue 19) as the template's tags wrote them."""

from django.template.loader import render_to_string

from measures.periods import Completion


def test_the_summary_names_what_is_done_missing_and_late_with_plurals():
    assert Completion("A", total=3, completed=1, late=1).summary == "1 av 3 klarmarkerade (33 %), 2 saknas, 1 sen"
    assert Completion("A", total=5, completed=5, late=2).summary == "5 av 5 klarmarkerade (100 %), 2 sena"
    assert Completion("A", total=0, completed=0).summary == "0 av 0 klarmarkerade (0 %)"


def test_the_bar_shows_the_summary_beside_the_progress():
    html = render_to_string("measures/periods/_completion.html", {"c": Completion("A", total=4, completed=1)})
    assert '<span class="completion__text">1 av 4 klarmarkerade (25 %), 3 saknas</span>' in html
    assert '<progress class="completion__bar" value="1" max="4" aria-hidden="true">25 %</progress>' in html
