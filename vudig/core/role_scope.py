"""The scope rules every grant of a role obeys, whether a person holds it (RoleAssignment) or a directory group gives
it (GroupRoleMapping): the manager role needs an organisation, steering-group roles need a group, nothing else has
either, and one holder has a role once per scope."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import ORGANISATION_ROLES, STEERING_GROUP_ROLES


def _scoped(roles, field: str) -> Q:
    values = [r.value for r in roles]
    return (Q(role__in=values) & Q(**{f"{field}__isnull": False})) | (
        ~Q(role__in=values) & Q(**{f"{field}__isnull": True})
    )


def role_scope_constraints(*, holder: str, check_prefix: str, unique_prefix: str) -> list:
    """The Meta constraints of a role grant held by ``holder`` (a field name); the prefixes keep each model's names."""
    return [
        models.CheckConstraint(
            name=f"{check_prefix}organisation_scope",
            condition=_scoped(ORGANISATION_ROLES, "organisation"),
            violation_error_message=_("Rollen chef kräver en organisation, och bara den rollen har en."),
        ),
        models.CheckConstraint(
            name=f"{check_prefix}steering_group_scope",
            condition=_scoped(STEERING_GROUP_ROLES, "steering_group"),
            violation_error_message=_("Styrgruppsroller kräver en styrgrupp, och bara de har en."),
        ),
        models.UniqueConstraint(
            fields=[holder, "role"],
            condition=Q(organisation__isnull=True, steering_group__isnull=True),
            name=f"unique_{unique_prefix}global_role",
        ),
        models.UniqueConstraint(
            fields=[holder, "role", "organisation"],
            condition=Q(organisation__isnull=False),
            name=f"unique_{unique_prefix}organisation_role",
        ),
        models.UniqueConstraint(
            fields=[holder, "role", "steering_group"],
            condition=Q(steering_group__isnull=False),
            name=f"unique_{unique_prefix}steering_group_role",
        ),
    ]
