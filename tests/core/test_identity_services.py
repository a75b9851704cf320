"""People come from the provider's claims (keyed by subject, never e-mail); roles from directory groups are added
and removed at each sign-in while hand-given roles stay; the group mapping loads from YAML or not at all."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from vudig.core.constants import Role
from vudig.core.identity.models import DirectoryIdentity, GroupRoleMapping
from vudig.core.identity.provider import SignInRefused
from vudig.core.identity.services import directory_sign_in, group_role_mappings_load
from vudig.core.models import RoleAssignment

from ..factories import user_with_role

ISSUER = "https://idp.pitea.test"
User = get_user_model()


def claims(sub="sub-anna", **extra):
    return {"sub": sub, "given_name": "Anna", "family_name": "Andersson", "email": "anna@pitea.test", **extra}


def roles(user):
    return {
        (a.role, a.organisation.slug if a.organisation else None, a.steering_group.slug if a.steering_group else None)
        for a in RoleAssignment.objects.filter(user=user).select_related("organisation", "steering_group")
    }


@pytest.fixture
def mappings(org, extern_group):
    GroupRoleMapping.objects.create(group="VUDIG-Processledare", role=Role.PROCESS_LEADER)
    GroupRoleMapping.objects.create(group="VUDIG-Chef-Socialtjanst", role=Role.ORG_MANAGER, organisation=org)
    GroupRoleMapping.objects.create(
        group="VUDIG-Styrgrupp-Extern", role=Role.STEERING_MEMBER, steering_group=extern_group
    )


def test_first_sign_in_creates_the_person_from_the_claims(db):
    user = directory_sign_in(issuer=ISSUER, claims=claims())
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Andersson", "anna@pitea.test")
    assert not user.has_usable_password()
    identity = DirectoryIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (ISSUER, "sub-anna")


def test_each_sign_in_updates_name_and_email_of_the_same_person(db):
    first = directory_sign_in(issuer=ISSUER, claims=claims())
    again = directory_sign_in(issuer=ISSUER, claims=claims(given_name="Anna-Karin", email="ak@pitea.test"))
    assert again.pk == first.pk and User.objects.count() == 1
    again.refresh_from_db()
    assert (again.first_name, again.email) == ("Anna-Karin", "ak@pitea.test")


def test_the_email_is_never_the_key(db):
    local = User.objects.create_user("anna", email="anna@pitea.test")
    someone = directory_sign_in(issuer=ISSUER, claims=claims())
    other = directory_sign_in(issuer=ISSUER, claims=claims(sub="sub-other"))
    assert len({local.pk, someone.pk, other.pk}) == 3
    assert someone.username != "anna"


def test_name_falls_back_to_the_name_claim(db):
    user = directory_sign_in(issuer=ISSUER, claims={"sub": "s", "name": "Sara Chef"})
    assert (user.first_name, user.last_name) == ("Sara", "Chef")


def test_groups_map_to_roles_with_their_scope(mappings):
    user = directory_sign_in(
        issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare", "VUDIG-Chef-Socialtjanst", "Alla-anstallda"])
    )
    assert roles(user) == {("process_leader", None, None), ("org_manager", "socialtjanst", None)}
    member = directory_sign_in(issuer=ISSUER, claims=claims(sub="sub-m", groups=["VUDIG-Styrgrupp-Extern"]))
    assert roles(member) == {("steering_member", None, "extern-digitalisering")}


def test_a_role_goes_when_its_group_goes_and_hand_given_roles_stay(mappings, other_org):
    user = directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare", "VUDIG-Chef-Socialtjanst"]))
    RoleAssignment.objects.create(user=user, role=Role.ORG_MANAGER, organisation=other_org)  # given by hand
    RoleAssignment.objects.create(user=user, role=Role.BEREDNING)  # given by hand
    directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Chef-Socialtjanst"]))
    assert roles(user) == {
        ("org_manager", "socialtjanst", None),
        ("org_manager", "utbildning", None),
        ("beredning", None, None),
    }
    removed = RoleAssignment.history.filter(user_id=user.pk, role=Role.PROCESS_LEADER, history_type="-").get()
    assert removed.history_change_reason == "Katalogruppen finns inte längre vid inloggning"


def test_a_hand_given_role_equal_to_a_group_role_survives_losing_the_group(mappings):
    user = directory_sign_in(issuer=ISSUER, claims=claims())
    RoleAssignment.objects.create(user=user, role=Role.PROCESS_LEADER)
    directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    directory_sign_in(issuer=ISSUER, claims=claims(groups=[]))
    assert ("process_leader", None, None) in roles(user)


def test_no_mapped_group_gives_reader_or_nothing_as_configured(mappings, settings):
    user = directory_sign_in(issuer=ISSUER, claims=claims(groups=["Alla-anstallda"]))
    assert roles(user) == {("reader", None, None)}
    directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    assert roles(user) == {("process_leader", None, None)}  # the fallback reader role goes with a real one
    settings.VUDIG_OIDC_NO_GROUP_ROLE = "none"
    directory_sign_in(issuer=ISSUER, claims=claims(groups=[]))
    assert roles(user) == set()


def test_signing_in_again_with_the_same_groups_changes_no_role(mappings):
    user = directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    before = RoleAssignment.history.filter(user_id=user.pk).count()
    directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    assert RoleAssignment.history.filter(user_id=user.pk).count() == before


@pytest.mark.parametrize("bad", ["VUDIG-Processledare", {"a": 1}, [1, 2], [["x"]], 7])
def test_a_group_claim_that_is_not_a_list_of_strings_refuses_and_creates_nothing(mappings, bad):
    with pytest.raises(SignInRefused) as refused:
        directory_sign_in(issuer=ISSUER, claims=claims(groups=bad))
    assert "fel form" in refused.value.message
    assert not User.objects.filter(email="anna@pitea.test").exists()
    assert not DirectoryIdentity.objects.exists()


def test_a_disabled_person_is_refused_and_keeps_their_data(mappings):
    user = directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    user.is_active = False
    user.save()
    with pytest.raises(SignInRefused) as refused:
        directory_sign_in(issuer=ISSUER, claims=claims(given_name="Ändrad", groups=[]))
    assert "avstängt" in refused.value.message
    user.refresh_from_db()
    assert user.first_name == "Anna" and roles(user) == {("process_leader", None, None)}


def test_a_claim_set_without_subject_is_refused(db):
    with pytest.raises(SignInRefused):
        directory_sign_in(issuer=ISSUER, claims={"email": "x@pitea.test"})
    assert not User.objects.exists()


# -- the mapping file --

GOOD = {
    "mappings": [
        {"group": "VUDIG-Processledare", "role": "process_leader"},
        {"group": "VUDIG-Chef-Socialtjanst", "role": "org_manager", "organisation": "socialtjanst"},
        {"group": "VUDIG-Ordf-Extern", "role": "steering_chair", "steering_group": "extern-digitalisering"},
    ]
}


def test_the_mapping_loads_once_and_again_changes_nothing(plan):
    assert group_role_mappings_load(data=GOOD) == (3, 0)
    assert group_role_mappings_load(data=GOOD) == (0, 0)
    assert GroupRoleMapping.objects.get(group="VUDIG-Chef-Socialtjanst").organisation.slug == "socialtjanst"


def test_replace_removes_mappings_not_in_the_file(plan):
    group_role_mappings_load(data=GOOD)
    GroupRoleMapping.objects.create(group="Gammal", role=Role.READER)
    assert group_role_mappings_load(data={"mappings": GOOD["mappings"][:1]}, replace=True) == (0, 3)
    assert list(GroupRoleMapping.objects.values_list("group", flat=True)) == ["VUDIG-Processledare"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"group": "G", "role": "org_manager", "organisation": "finns-inte"}, "ingen organisation med kortnamnet"),
        ({"group": "G", "role": "steering_member", "steering_group": "nej"}, "ingen styrgrupp med kortnamnet"),
        ({"group": "G", "role": "org_manager"}, "kräver en organisation"),
        ({"group": "G", "role": "reader", "organisation": "socialtjanst"}, "bara den rollen har en"),
        ({"group": "G", "role": "kung"}, "okänd roll"),
        ({"role": "reader"}, "ange group"),
    ],
)
def test_a_bad_entry_names_itself_and_nothing_is_loaded(plan, entry, message):
    with pytest.raises(ValidationError) as error:
        group_role_mappings_load(data={"mappings": [GOOD["mappings"][0], entry]})
    assert "mappings[1]" in error.value.messages[0] and message in error.value.messages[0]
    assert not GroupRoleMapping.objects.exists()


def test_the_command_loads_the_example_file_and_reports_a_broken_one(plan, tmp_path, settings):
    call_command(
        "load_group_roles", "--file", str(settings.BASE_DIR / "data" / "group-roles-example.yaml"), verbosity=0
    )
    assert GroupRoleMapping.objects.filter(role=Role.ORG_MANAGER, organisation__slug="socialtjanst").exists()
    broken = tmp_path / "bad.yaml"
    broken.write_text("mappings:\n  - group: X\n    role: org_manager\n    organisation: narnia\n", encoding="utf-8")
    with pytest.raises(CommandError, match="narnia"):
        call_command("load_group_roles", "--file", str(broken))
    broken.write_text("mappings: [", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_group_roles", "--file", str(broken))


def test_user_with_role_helper_still_gives_hand_roles(plan):
    # Hand-given roles carry no directory mark, so a sign-in never removes them (see above).
    user = user_with_role(Role.READER)
    assert not hasattr(RoleAssignment.objects.get(user=user), "directory_grant")


def test_a_parallel_first_sign_in_of_the_same_person_makes_one_person(db, monkeypatch):
    from vudig.core.identity import services

    first = directory_sign_in(issuer=ISSUER, claims=claims())
    real_lookup = services._identity_locked
    calls = []

    def lookup_as_if_the_other_tab_had_not_committed_yet(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(services, "_identity_locked", lookup_as_if_the_other_tab_had_not_committed_yet)
    second = directory_sign_in(issuer=ISSUER, claims=claims(given_name="Annika"))
    assert second.pk == first.pk and len(calls) == 2
    assert User.objects.count() == 1 and DirectoryIdentity.objects.count() == 1
    second.refresh_from_db()
    assert second.first_name == "Annika"


def test_too_many_groups_to_send_refuses_instead_of_removing_roles(mappings):
    user = directory_sign_in(issuer=ISSUER, claims=claims(groups=["VUDIG-Processledare"]))
    overage = claims(_claim_names={"groups": "src1"}, _claim_sources={"src1": {"endpoint": "https://graph"}})
    with pytest.raises(SignInRefused) as refused:
        directory_sign_in(issuer=ISSUER, claims=overage)
    assert "för många grupper" in refused.value.message
    assert roles(user) == {("process_leader", None, None)}
