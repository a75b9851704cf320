"""``{% stacked_table %}…{% endstacked_table %}``: a table that becomes one block per row at narrow widths.

The tag reads the column headings of the table it wraps and gives every body cell a ``data-label`` with its column's
heading, so the stylesheet (``.table--stacked`` in vudig.css) can write "Heading: value" when the columns no longer
fit (no copies of the headings in the templates). The markup stays a real <table>; explicit table roles are added
because some browsers drop table semantics once CSS changes a table's display.
"""

import re
from html import escape, unescape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|th|td)\b([^>]*)>", re.IGNORECASE)
MARKUP = re.compile(r"<[^>]+>")
COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)


def _text(html: str) -> str:
    return " ".join(unescape(MARKUP.sub(" ", html)).split())


# "Does the tag already set this attribute?", one compiled pattern per attribute the tag adds (the template's own
# attribute wins).
_SETS = {key: re.compile(rf"\b{key}\s*=") for key in ("role", "data-label")}


def _with_attrs(name: str, attrs: str, extra: dict[str, str]) -> str:
    # Most cells have no attributes of their own: nothing to look for then (a page has a thousand cells).
    added = "".join(
        f' {key}="{escape(value)}"' for key, value in extra.items() if not (attrs and _SETS[key].search(attrs))
    )
    return f"<{name}{attrs}{added}>"


def _headings(html: str) -> list[str]:
    """The text of each column of the table head's last row (colspans repeated across their columns)."""
    head = re.search(r"<thead\b.*?</thead>", html, re.IGNORECASE | re.DOTALL)
    if not head:
        return []
    rows = re.findall(r"<tr\b.*?</tr>", head.group(0), re.IGNORECASE | re.DOTALL)
    if not rows:
        return []
    labels = []
    for attrs, inner in re.findall(r"<th\b([^>]*)>(.*?)</th>", rows[-1], re.IGNORECASE | re.DOTALL):
        span = COLSPAN.search(attrs)
        labels.extend([_text(inner)] * (int(span.group(1)) if span else 1))
    return labels


def _colspan(attrs: str) -> int | None:
    span = COLSPAN.search(attrs) if attrs else None
    return int(span.group(1)) if span else None


def stack(html: str) -> str:
    """``html`` (one table) with the stacked-table class, table roles and a data-label on every body cell."""
    labels = _headings(html)
    out, last, section, column = [], 0, None, 0
    for match in TAG.finditer(html):
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        out.append(html[last : match.start()])
        last = match.end()
        if closing:
            out.append(match.group(0))
            if name in ("thead", "tbody", "tfoot"):
                section = None
            continue
        if name == "table":
            if re.search(r'\bclass="', attrs):
                attrs = re.sub(r'\bclass="', 'class="table--stacked ', attrs, count=1)
            else:
                attrs += ' class="table--stacked"'
            out.append(_with_attrs("table", attrs, {"role": "table"}))
        elif name in ("thead", "tbody", "tfoot"):
            section = name
            out.append(_with_attrs(name, attrs, {"role": "rowgroup"}))
        elif name == "tr":
            column = 0
            out.append(_with_attrs("tr", attrs, {"role": "row"}))
        else:  # a cell
            span = _colspan(attrs)
            extra = {}
            if section == "thead":
                extra["role"] = "columnheader"
            else:
                whole_row = span is not None and span >= len(labels) > 1  # "Inga rapporter ännu."
                extra["role"] = "rowheader" if name == "th" else "cell"
                if column < len(labels) and labels[column] and not whole_row:
                    extra["data-label"] = labels[column]
            column += span if span is not None else 1
            out.append(_with_attrs(name, attrs, extra))
    out.append(html[last:])
    return "".join(out)


@register.tag
def stacked_table(parser, token):
    nodelist = parser.parse(("endstacked_table",))
    parser.delete_first_token()
    return StackedTableNode(nodelist)


class StackedTableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return mark_safe(stack(self.nodelist.render(context)))  # noqa: S308 (the wrapped template's own, escaped output)
