"""Small formatting filters for maturity levels (Swedish decimal comma, signed changes)."""

from django import template

from maturity.constants import AssessmentStatus

register = template.Library()


@register.filter
def level(value):
    """A level or median: whole numbers plain, halves with a decimal comma, missing as a dash."""
    if value is None or value == "":
        return "–"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


@register.filter
def change(value):
    """A change since last year with its sign: +1, −0,5, ±0."""
    if value is None:
        return "–"
    value = float(value)
    text = level(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "±0"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def zip_changes(levels, changes):
    return zip(levels, changes, strict=True)


@register.filter
def status_label(value):
    return dict(AssessmentStatus.choices).get(value, value)


@register.filter
def zip_targets(pairs, targets):
    """(level, change) pairs with each cell's target added: (level, change, target)."""
    return [(*pair, target) for pair, target in zip(pairs, targets or [None] * 99, strict=False)]


@register.filter
def zip3(first, second):
    """Pairs of two equally long lists (a first step towards triples with zip_targets)."""
    return list(zip(first, second, strict=True))
