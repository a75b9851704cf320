from .navigation import nav_for


def navigation(request):
    """The role-aware main navigation for base.html."""
    return {"main_nav": nav_for(request)}
