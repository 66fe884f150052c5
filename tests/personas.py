"""The fixed cast every test can ask for by name (see docs/roles-and-permissions.md)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from openplan.accounts.models import MembershipRole, OrganisationType, User
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PERSONAS = (
    "anonymous",
    "participant",
    "cso_member",
    "official",
    "coordinator",
    "reviewer",
    "moderator",
    "admin",
)


def enrol_totp(user: User) -> None:
    """Give the user an (unusable in tests) TOTP authenticator, as after MFA enrolment."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@dataclass
class Cast:
    anonymous: AnonymousUser
    participant: User
    cso_member: User
    official: User
    coordinator: User
    reviewer: User
    moderator: User
    admin: User

    def __getitem__(self, name: str) -> User | AnonymousUser:
        return getattr(self, name)


def build_cast() -> Cast:
    government = OrganisationFactory(
        name="Ministry of Demo Affairs", slug="ministry", org_type=OrganisationType.GOVERNMENT
    )
    cso = OrganisationFactory(name="Open Data Collective", slug="collective")
    official = UserFactory(display_name="Olivia Official")
    coordinator = UserFactory(display_name="Carlos Coordinator")
    cso_member = UserFactory(display_name="Cecilia CSO")
    MembershipFactory(organisation=government, user=official, role=MembershipRole.EDITOR)
    MembershipFactory(organisation=government, user=coordinator, role=MembershipRole.COORDINATOR)
    MembershipFactory(organisation=cso, user=cso_member, role=MembershipRole.COORDINATOR)
    reviewer = UserFactory(display_name="Rita Reviewer", groups=["reviewer"])
    moderator = UserFactory(display_name="Mo Moderator", groups=["moderator"])
    admin = UserFactory(display_name="Ada Admin", is_superuser=True, is_staff=True)
    for staff in (official, coordinator, reviewer, moderator, admin):
        enrol_totp(staff)
    return Cast(
        anonymous=AnonymousUser(),
        participant=UserFactory(display_name=""),
        cso_member=cso_member,
        official=official,
        coordinator=coordinator,
        reviewer=reviewer,
        moderator=moderator,
        admin=admin,
    )
