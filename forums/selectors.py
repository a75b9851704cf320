from .models import Forum


def forum_list():
    """The forums for dialogue and cooperation."""
    return Forum.objects.all()
