"""The stacked-table tag labels every body cell with its column's heading and keeps the table a table."""

from django.template import Context, Template

TABLE = """{% load stacked_tables %}{% stacked_table %}<table class="table"><caption>Projekt</caption>
<thead><tr><th scope="col">Namn</th><th scope="col" class="num">Antal <span class="visually-hidden">(st)</span></th>
<th scope="col" colspan="2">Läge &amp; fas</th></tr></thead>
<tbody>{% for row in rows %}<tr><th scope="row">{{ row }}</th><td class="num">3</td><td>A</td><td data-label="Egen">B</td></tr>{% empty %}<tr><td colspan="4">Inga projekt.</td></tr>{% endfor %}
</tbody></table>{% endstacked_table %}"""


def render(rows):
    return Template(TABLE).render(Context({"rows": rows}))


def test_each_body_cell_gets_its_columns_heading_and_the_table_its_roles():
    html = render(["<Intern>"])
    assert '<table class="table--stacked table" role="table">' in html
    assert '<th scope="row" role="rowheader" data-label="Namn">&lt;Intern&gt;</th>' in html  # content still escaped
    assert '<td class="num" role="cell" data-label="Antal (st)">3</td>' in html
    assert '<td role="cell" data-label="Läge &amp; fas">A</td>' in html  # a colspan heading covers both columns
    assert '<td data-label="Egen" role="cell">B</td>' in html  # a template's own label wins
    assert '<th scope="col" role="columnheader">Namn</th>' in html and "<caption>Projekt</caption>" in html
    assert html.count('role="row"') == 2 and html.count('role="rowgroup"') == 2


def test_a_whole_row_message_gets_no_column_label():
    html = render([])
    assert "data-label" not in html and 'role="table"' in html
    assert '<td colspan="4" role="cell">Inga projekt.</td>' in html  # a whole-row message is not one column's value
