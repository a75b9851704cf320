from django import template
from django.conf import settings

from vudig.core.identity import provider

register = template.Library()


@register.simple_tag
def login_options():
    """What the login page offers: the provider's sign-in (when configured) and the local form (VUDIG_LOCAL_LOGIN)."""
    return {"oidc": provider.enabled(), "local": settings.VUDIG_LOCAL_LOGIN}
