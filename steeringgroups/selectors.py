from .models import SteeringGroup


def steering_group_list():
    """The steering groups with their goal."""
    return SteeringGroup.objects.select_related("goal")
