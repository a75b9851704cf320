"""Writes of the sign-in: the person from the provider's claims, their roles from the directory groups, and the
group mapping loaded from a file."""

from __future__ import annotations

import logging
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Role
from ..models import Organisation, RoleAssignment
from .models import DirectoryIdentity, DirectoryRoleGrant, GroupRoleMapping
from .provider import SignInRefused

logger = logging.getLogger("vudig.identity")

GRANT_REASON = "Roll från katalogrupp vid inloggning"
REVOKE_REASON = "Katalogruppen finns inte längre vid inloggning"
NO_GROUP_ROLES = {"reader": Role.READER, "none": None}


def groups_from_claims(claims: dict) -> list[str]:
    """The directory groups in the configured claim; a claim that is not a list of strings refuses the sign-in."""
    name = settings.VUDIG_OIDC_GROUPS_CLAIM
    value = claims.get(name)
    if value is None and isinstance(claims.get("_claim_names"), dict) and name in claims["_claim_names"]:
        # Entra ID's "groups overage": too many groups to put in the token. Signing in with none would strip the
        # person's roles, so refuse and tell IT what to change (assign groups to the application, or filter them).
        logger.warning("oidc: claim %r is in _claim_names (overage); refusing rather than removing roles", name)
        raise SignInRefused(
            _(
                "Du är med i för många grupper för att inloggningstjänsten ska kunna skicka dem. Be IT-avdelningen "
                "begränsa grupperna som skickas till VUDIG."
            ),
            detail="groups overage (_claim_names)",
        )
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(group, str) for group in value):
        logger.warning(
            "oidc: claim %r is %s, not a list of strings", settings.VUDIG_OIDC_GROUPS_CLAIM, type(value).__name__
        )
        raise SignInRefused(
            _("Inloggningstjänsten skickade dina grupper i fel form, så portalen kan inte ge dig dina roller."),
            detail="group claim is not a list of strings",
        )
    return sorted(set(value))


def _names(claims: dict) -> tuple[str, str]:
    first, last = claims.get("given_name"), claims.get("family_name")
    if not (isinstance(first, str) and isinstance(last, str)):
        name = claims.get("name") if isinstance(claims.get("name"), str) else ""
        first, _sep, last = name.strip().partition(" ")
    return first.strip()[:150], last.strip()[:150]


def _new_username(claims: dict) -> str:
    """A readable, unique username for a new person; only a label: the subject is the key."""
    User = get_user_model()
    email = claims.get("email") if isinstance(claims.get("email"), str) else ""
    base = claims.get("preferred_username") if isinstance(claims.get("preferred_username"), str) else ""
    base = re.sub(r"[^\w.@+-]", "", (base or email.split("@")[0] or "person").lower())[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def directory_sign_in(*, issuer: str, claims: dict):
    """The person the provider vouches for: created at the first sign-in (keyed by issuer and subject), name and
    e-mail updated at each, and the roles from their groups added and removed. Refuses a person disabled here."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SignInRefused(_("Inloggningstjänsten skickade ingen identitet."), detail="no sub claim")
    groups = groups_from_claims(claims)
    identity = _identity_locked(issuer=issuer, subject=subject)
    if identity is None:
        identity = _identity_create(issuer=issuer, subject=subject, claims=claims)
    user = identity.user
    if not user.is_active:
        logger.warning("oidc: sign-in refused for disabled person %s (sub %s)", user.pk, subject)
        raise SignInRefused(
            _("Ditt konto är avstängt i portalen. Kontakta processledaren om du behöver komma åt den."),
            detail="person is disabled",
        )
    user.first_name, user.last_name = _names(claims)
    if isinstance(claims.get("email"), str):
        user.email = claims["email"][:254]
    user.save()
    identity.groups = groups
    identity.last_signed_in_at = timezone.now()
    identity.save()
    directory_roles_sync(user=user, groups=groups)
    logger.info("oidc: %s signed in (sub %s, groups %s)", user.username, subject, groups)
    return user


def _identity_locked(*, issuer: str, subject: str) -> DirectoryIdentity | None:
    """The identity, locked for this sign-in, or None at the person's first."""
    queryset = DirectoryIdentity.objects.select_for_update(of=("self",)).select_related("user")
    return queryset.filter(issuer=issuer, subject=subject).first()


def _identity_create(*, issuer: str, subject: str, claims: dict) -> DirectoryIdentity:
    """A new person and their identity; when a parallel first sign-in of the same person (two tabs) created them a
    moment earlier, that one (the unique issuer + subject decides which)."""
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User(username=_new_username(claims))
            user.set_unusable_password()
            user.save()
            return DirectoryIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        identity = _identity_locked(issuer=issuer, subject=subject)
        if identity is None:  # the username was taken in between by someone else: the next try finds another
            raise SignInRefused(
                _("Inloggningen krockade med en annan inloggning. Försök igen."), detail="username race"
            ) from None
        return identity


def _wanted_roles(groups: list[str]) -> set[tuple[str, int | None, int | None]]:
    wanted = {mapping.key for mapping in GroupRoleMapping.objects.filter(group__in=groups)}
    if not wanted:
        fallback = NO_GROUP_ROLES[settings.VUDIG_OIDC_NO_GROUP_ROLE]
        if fallback:
            wanted = {(fallback, None, None)}
    return wanted


@transaction.atomic
def directory_roles_sync(*, user, groups: list[str]) -> None:
    """Make the person's roles from groups exactly those the groups map to; roles given by hand are left alone."""
    wanted = _wanted_roles(groups)
    held = {
        (a.role, a.organisation_id, a.steering_group_id): a
        for a in RoleAssignment.objects.filter(user=user).select_related("directory_grant")
    }
    for key, assignment in held.items():
        if key not in wanted and hasattr(assignment, "directory_grant"):
            assignment._change_reason = REVOKE_REASON
            assignment.delete()
    for key in wanted - held.keys():
        role, organisation_id, steering_group_id = key
        assignment = RoleAssignment(
            user=user, role=role, organisation_id=organisation_id, steering_group_id=steering_group_id
        )
        assignment.full_clean()
        assignment._change_reason = GRANT_REASON
        assignment.save()
        DirectoryRoleGrant.objects.create(assignment=assignment)


@transaction.atomic
def group_role_mappings_load(*, data, replace: bool = False) -> tuple[int, int]:
    """Load the group → role mapping from parsed YAML (``{"mappings": [{group, role, organisation?,
    steering_group?}]}``); every entry is checked first, so a bad file changes nothing. With ``replace`` mappings
    not in the file are removed. Returns (created, removed)."""
    SteeringGroup = apps.get_model("steeringgroups", "SteeringGroup")
    entries = data.get("mappings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValidationError(_("Filen måste ha en lista under nyckeln mappings."))
    rows = []
    for index, entry in enumerate(entries):
        where = f"mappings[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("group"), str) or not entry["group"].strip():
            raise ValidationError(_("%(where)s: ange group (gruppens namn).") % {"where": where})
        if entry.get("role") not in Role.values:
            raise ValidationError(
                _("%(where)s: okänd roll %(role)r (en av %(roles)s).")
                % {"where": where, "role": entry.get("role"), "roles": ", ".join(Role.values)}
            )
        mapping = GroupRoleMapping(group=entry["group"].strip(), role=entry["role"])
        if entry.get("organisation") is not None:
            mapping.organisation = Organisation.objects.filter(slug=entry["organisation"]).first()
            if mapping.organisation is None:
                raise ValidationError(
                    _("%(where)s: det finns ingen organisation med kortnamnet %(slug)r.")
                    % {"where": where, "slug": entry["organisation"]}
                )
        if entry.get("steering_group") is not None:
            mapping.steering_group = SteeringGroup.objects.filter(slug=entry["steering_group"]).first()
            if mapping.steering_group is None:
                raise ValidationError(
                    _("%(where)s: det finns ingen styrgrupp med kortnamnet %(slug)r.")
                    % {"where": where, "slug": entry["steering_group"]}
                )
        try:
            # Scope rules only: the same mapping already in the database is no error (loading again is a no-op).
            mapping.full_clean(validate_unique=False, validate_constraints=False)
            for constraint in GroupRoleMapping._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    constraint.validate(GroupRoleMapping, mapping)
        except ValidationError as error:
            raise ValidationError(f"{where}: {'; '.join(error.messages)}") from error
        rows.append(mapping)
    kept = set()
    created = 0
    for mapping in rows:
        existing = GroupRoleMapping.objects.filter(
            group=mapping.group,
            role=mapping.role,
            organisation=mapping.organisation,
            steering_group=mapping.steering_group,
        ).first()
        if existing is None:
            mapping._change_reason = "Inläst från fil"
            mapping.save()
            existing = mapping
            created += 1
        kept.add(existing.pk)
    removed = 0
    if replace:
        for mapping in GroupRoleMapping.objects.exclude(pk__in=kept):
            mapping._change_reason = "Finns inte i den inlästa filen"
            mapping.delete()
            removed += 1
    return created, removed
