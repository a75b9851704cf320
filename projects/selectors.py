from .models import FrameProject


def project_list():
    """The frame projects with their steering group and measure."""
    return FrameProject.objects.select_related("steering_group", "measure")
