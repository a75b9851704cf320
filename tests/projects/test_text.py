"""The rambeskrivning's plain text becomes paragraphs and bullet lists, with everything escaped."""

from projects.templatetags.project_text import lines, paragraphs


def test_paragraphs_and_bullet_runs():
    text = "Detta innebär att\nkommunen behöver\n\n• aktivt arbeta\n• skapa förmåga\nSlutsats.\n\n(Målen förfinas.)"
    assert paragraphs(text) == (
        "<p>Detta innebär att<br>kommunen behöver</p>\n"
        "<ul><li>aktivt arbeta</li><li>skapa förmåga</li></ul>\n"
        "<p>Slutsats.</p>\n"
        "<p>(Målen förfinas.)</p>"
    )


def test_markup_in_the_text_is_escaped():
    assert paragraphs("<script>x</script>\n• <b>fet</b>") == (
        "<p>&lt;script&gt;x&lt;/script&gt;</p>\n<ul><li>&lt;b&gt;fet&lt;/b&gt;</li></ul>"
    )


def test_a_dash_inside_a_line_is_not_a_bullet_and_empty_text_gives_nothing():
    assert paragraphs("Internkommunikation - underlätta") == "<p>Internkommunikation - underlätta</p>"
    assert paragraphs("") == ""
    assert lines(" Anna, Socialtjänst \n\n Pitebo ") == ["Anna, Socialtjänst", "Pitebo"]
