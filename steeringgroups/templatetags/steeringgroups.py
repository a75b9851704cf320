"""Template helpers for the steering-group pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def holder(context, errand) -> str:
    """Who holds the ärende, in words for the person reading the page."""
    return errand.holder_for(context["request"].user)
