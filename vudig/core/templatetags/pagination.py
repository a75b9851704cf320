from django import template
from django.template.defaulttags import querystring

register = template.Library()


@register.simple_tag(takes_context=True)
def page_querystring(context, page_kwarg, number):
    """``{% page_querystring "sida" 3 %}``: Django's ``{% querystring %}`` with a page parameter named at run time,
    so one partial serves ?page=, ?sida= and ?styrgrupper= while keeping every other GET parameter."""
    return querystring(context, **{page_kwarg: number})
