from .notices import unread_count


def notices(request):
    """The header's count of the signed-in person's unread notices (one query per page; none when signed out)."""
    user = getattr(request, "user", None)  # an error page drawn before authentication ran has no user
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
