from .models import CapabilityArea


def capability_area_list():
    """The five capability areas in the plan's order."""
    return CapabilityArea.objects.all()
