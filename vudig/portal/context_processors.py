from .navigation import nav_for


def navigation(request):
    """The role-aware main navigation for base.html."""
    if not hasattr(request, "user"):  # an error page drawn before authentication ran (a bad Host header: 400)
        return {"main_nav": []}
    return {"main_nav": nav_for(request)}
