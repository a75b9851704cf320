"""Who a person is at the identity provider, and which directory groups give which roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..constants import Role
from ..role_scope import role_scope_constraints


class DirectoryIdentity(models.Model):
    """A person's stable key at the identity provider: issuer and subject, never the e-mail (which can change)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_identity", verbose_name=_("person")
    )
    issuer = models.CharField(_("utfärdare"), max_length=300)
    subject = models.CharField(_("subjekt (sub)"), max_length=255)
    groups = models.JSONField(_("katalogrupper vid senaste inloggningen"), default=list, blank=True)
    last_signed_in_at = models.DateTimeField(_("senast inloggad"), null=True, blank=True)
    # One row per sign-in: which groups the directory said the person had, when (the audit of role changes).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("katalogidentitet")
        verbose_name_plural = _("katalogidentiteter")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_directory_subject")]

    def __str__(self):
        return f"{self.user} ({self.subject})"


class GroupRoleMapping(models.Model):
    """A directory group gives a role (for an organisation or a steering group where the role is scoped)."""

    group = models.CharField(
        _("katalogrupp"), max_length=200, help_text=_("Gruppens namn som det står i grupp-claimet.")
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_role_mappings",
        verbose_name=_("organisation"),
    )
    steering_group = models.ForeignKey(
        "steeringgroups.SteeringGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_role_mappings",
        verbose_name=_("styrgrupp"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("gruppmappning")
        verbose_name_plural = _("gruppmappningar (katalogrupp → roll)")
        constraints = role_scope_constraints(holder="group", check_prefix="group_mapping_", unique_prefix="group_")

    def __str__(self):
        scope = self.organisation or self.steering_group
        return f"{self.group} → {self.get_role_display()}" + (f" ({scope})" if scope else "")

    @property
    def key(self) -> tuple[str, int | None, int | None]:
        return (self.role, self.organisation_id, self.steering_group_id)


class DirectoryRoleGrant(models.Model):
    """Marks a role assignment that came from directory groups: only these are added and removed at sign-in, so
    roles given by hand in the portal stay."""

    assignment = models.OneToOneField(
        "core.RoleAssignment", on_delete=models.CASCADE, related_name="directory_grant", verbose_name=_("roll")
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll från katalogrupp")
        verbose_name_plural = _("roller från katalogrupper")

    def __str__(self):
        return str(self.assignment)
