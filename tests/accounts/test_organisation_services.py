from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from openplan.accounts.models import Membership, MembershipRole, Organisation
from openplan.accounts.services import (
    membership_change_role,
    membership_remove,
    organisation_create,
    organisation_update,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creator_becomes_the_first_coordinator() -> None:
    founder = UserFactory()
    organisation = organisation_create(actor=founder, name="Riverton Residents", org_type="cso")
    assert organisation.slug == "riverton-residents"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (founder, MembershipRole.COORDINATOR)


def test_slugs_stay_unique() -> None:
    founder = UserFactory()
    first = organisation_create(actor=founder, name="Open Data", org_type="cso")
    second = organisation_create(actor=founder, name="Open  Data", org_type="cso")
    assert (first.slug, second.slug) == ("open-data", "open-data-2")


@pytest.mark.parametrize(
    ("name", "org_type", "website"),
    [
        ("x" * 201, "cso", ""),  # over-long name
        ("Fine", "sect", ""),  # unknown type
        ("Fine", "cso", "not a url"),
    ],
)
def test_invalid_organisation_creates_nothing(name: str, org_type: str, website: str) -> None:
    with pytest.raises(ValidationError):
        organisation_create(actor=UserFactory(), name=name, org_type=org_type, website=website)
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_update_saves_only_what_changed() -> None:
    organisation = OrganisationFactory(name="Old", description="Same")
    organisation_update(organisation=organisation, name="New", description="Same", website="")
    organisation.refresh_from_db()
    assert organisation.name == "New"


def test_the_last_coordinator_cannot_step_down_or_be_removed() -> None:
    only = MembershipFactory(role=MembershipRole.COORDINATOR)
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(membership=only, role=MembershipRole.MEMBER)
    assert excinfo.value.code == "last_coordinator"
    with pytest.raises(ValidationError):
        membership_remove(membership=only)
    only.refresh_from_db()
    assert only.role == MembershipRole.COORDINATOR


def test_a_coordinator_may_step_down_when_another_remains() -> None:
    first = MembershipFactory(role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=first.organisation, role=MembershipRole.COORDINATOR)
    membership_change_role(membership=first, role=MembershipRole.EDITOR)
    first.refresh_from_db()
    assert first.role == MembershipRole.EDITOR


def test_members_and_editors_can_always_be_removed() -> None:
    MembershipFactory(role=MembershipRole.COORDINATOR)
    editor = MembershipFactory(role=MembershipRole.EDITOR)
    membership_remove(membership=editor)
    assert not Membership.objects.filter(pk=editor.pk).exists()


def test_an_unknown_role_is_refused() -> None:
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership, role="emperor")
