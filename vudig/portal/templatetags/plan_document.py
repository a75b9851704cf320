"""Template helpers for the public plan document."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ mapping|lookup:key }}``: a dict's value for a key held in a variable (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
