from .models import Goal, Obstacle, Organisation, RegulatoryArea


def organisation_list():
    """All organisations in the plan's order (Figur 1)."""
    return Organisation.objects.ordered()


def goal_list():
    """The prioritised goals."""
    return Goal.objects.all()


def obstacle_list():
    """The plan's hinder för utveckling."""
    return Obstacle.objects.all()


def regulatory_area_list():
    """Areas of new or changed rules (omvärld)."""
    return RegulatoryArea.objects.all()
