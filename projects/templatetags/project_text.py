"""Render the rambeskrivning's plain text: paragraphs split by blank lines, lines starting with a bullet as lists."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*[•\-*]\s+")


@register.filter
def paragraphs(text) -> str:
    """``{{ project.purpose|paragraphs }}``: <p> per paragraph, <ul> for runs of "• " lines; everything escaped."""
    if not text:
        return ""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush_paragraph():
        if paragraph:
            parts.append("<p>" + "<br>".join(conditional_escape(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def flush_items():
        if items:
            parts.append("<ul>" + "".join(f"<li>{conditional_escape(item)}</li>" for item in items) + "</ul>")
            items.clear()

    for raw in str(text).splitlines():
        line = raw.strip()
        if not line:
            flush_paragraph()
            flush_items()
        elif BULLET.match(line):
            flush_paragraph()
            items.append(BULLET.sub("", line, count=1))
        else:
            flush_items()
            paragraph.append(line)
    flush_paragraph()
    flush_items()
    return mark_safe("\n".join(parts))  # noqa: S308  every piece of text was escaped above


@register.filter
def lines(text) -> list[str]:
    """Non-empty lines of a text, e.g. the reference group's members (one per line)."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]
