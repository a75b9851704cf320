from django import template

from vudig.core.rules import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "plan.edit" measure as may_edit %}``: asks the rule registry for the current user."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _can(user, action, obj)
