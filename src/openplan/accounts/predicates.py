"""Predicates: "may this user act on this object?" Composed into permissions in rules.py."""

from __future__ import annotations

from typing import Any

import rules

from openplan.accounts.models import Membership, MembershipRole, Organisation, OrganisationType
from openplan.core.mfa import mfa_enrolled

MODERATOR_GROUP = "moderator"
REVIEWER_GROUP = "reviewer"
STAFF_MEMBERSHIP_ROLES = (MembershipRole.EDITOR, MembershipRole.COORDINATOR)


def _role_in(user: Any, organisation: Organisation | None) -> str | None:
    """The user's role in the organisation, cached on the user for the request."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_openplan_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


@rules.predicate
def is_org_member(user: Any, organisation: Organisation | None) -> bool:
    return _role_in(user, organisation) is not None


@rules.predicate
def is_org_coordinator(user: Any, organisation: Organisation | None) -> bool:
    return _role_in(user, organisation) == MembershipRole.COORDINATOR


@rules.predicate
def is_org_editor(user: Any, organisation: Organisation | None) -> bool:
    return _role_in(user, organisation) in STAFF_MEMBERSHIP_ROLES


@rules.predicate
def has_mfa(user: Any) -> bool:
    return mfa_enrolled(user)


@rules.predicate
def is_government_org(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.org_type == OrganisationType.GOVERNMENT


@rules.predicate
def is_own_membership(user: Any, membership: Membership | None) -> bool:
    return membership is not None and membership.user_id == user.pk


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    # Platform admins act only once they have enrolled MFA.
    return bool(user.is_authenticated and user.is_superuser and mfa_enrolled(user))


@rules.predicate
def is_moderator(user: Any) -> bool:
    return _in_group(user, MODERATOR_GROUP) and mfa_enrolled(user)


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return _in_group(user, REVIEWER_GROUP) and mfa_enrolled(user)


def _in_group(user: Any, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return name in {group.name for group in user.groups.all()}


# A staff role in a government body counts only with MFA; other organisations' roles do not
# need it (a residents' association coordinator is not acting for a government).
mfa_if_government = ~is_government_org | has_mfa


def holds_staff_role(user: Any) -> bool:
    """Whether the user holds any role that requires MFA before acting in it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or _in_group(user, MODERATOR_GROUP) or _in_group(user, REVIEWER_GROUP):
        return True
    return Membership.objects.filter(
        user=user,
        role__in=STAFF_MEMBERSHIP_ROLES,
        organisation__org_type=OrganisationType.GOVERNMENT,
    ).exists()
