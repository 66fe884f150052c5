"""Permission matrix of the accounts app: persona × permission × object → allowed."""

from __future__ import annotations

import pytest

from openplan.accounts.models import Membership, Organisation
from tests.personas import PERSONAS, Cast

pytestmark = pytest.mark.django_db

# (permission, object) → personas allowed; every other persona is denied. The platform admin
# (superuser with MFA) may do everything.
MATRIX = {
    ("accounts.view_organisation", "ministry"): set(PERSONAS),
    ("accounts.add_organisation", None): set(PERSONAS) - {"anonymous"},
    ("accounts.change_organisation", "ministry"): {"official", "coordinator", "admin"},
    ("accounts.change_organisation", "collective"): {"cso_member", "admin"},
    ("accounts.manage_members", "ministry"): {"coordinator", "admin"},
    ("accounts.manage_members", "collective"): {"cso_member", "admin"},
    ("accounts.manage_own_account", None): set(PERSONAS) - {"anonymous"},
    ("accounts.respond_invitation", None): set(PERSONAS) - {"anonymous"},
    ("core.view_public", None): set(PERSONAS),
    ("core.view_own_account", None): set(PERSONAS) - {"anonymous"},
}


@pytest.mark.parametrize(("permission", "slug"), list(MATRIX))
def test_permission_matrix(cast: Cast, permission: str, slug: str | None) -> None:
    obj = Organisation.objects.get(slug=slug) if slug else None
    allowed = {name for name in PERSONAS if cast[name].has_perm(permission, obj)}
    assert allowed == MATRIX[(permission, slug)]


def test_only_the_member_may_leave(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.official)
    allowed = {n for n in PERSONAS if cast[n].has_perm("accounts.leave_organisation", membership)}
    assert allowed == {"official", "admin"}


def test_staff_lose_their_powers_without_mfa(cast: Cast) -> None:
    from allauth.mfa.models import Authenticator

    ministry = Organisation.objects.get(slug="ministry")
    Authenticator.objects.filter(user__in=[cast.official, cast.coordinator, cast.admin]).delete()
    for name in ("official", "coordinator", "admin"):
        fresh = type(cast[name]).objects.get(pk=cast[name].pk)  # no cached MFA state
        assert not fresh.has_perm("accounts.change_organisation", ministry)
        assert not fresh.has_perm("accounts.manage_members", ministry)
