"""Who may act on a member's commitments: the editors and coordinators of the government
organisation linked to the member, with MFA (a government staff role)."""

from __future__ import annotations

from typing import Any

import rules

from openplan.accounts.models import OrganisationType
from openplan.accounts.predicates import has_mfa, is_org_coordinator, is_org_editor
from openplan.core.mfa import mfa_enrolled
from openplan.plans.models import ActionPlan, Commitment, Member

PlansObject = Member | ActionPlan | Commitment | None


def _government(obj: PlansObject) -> Any:
    if isinstance(obj, Commitment):
        obj = obj.action_plan
    if isinstance(obj, ActionPlan):
        obj = obj.member
    return obj.government if obj is not None else None


@rules.predicate
def is_member_editor(user: Any, obj: PlansObject) -> bool:
    return bool(is_org_editor(user, _government(obj)))


@rules.predicate
def is_member_coordinator(user: Any, obj: PlansObject) -> bool:
    return bool(is_org_coordinator(user, _government(obj)))


def status_is(*statuses: str) -> Any:
    """The object (a commitment or an action plan) is in one of ``statuses``."""

    @rules.predicate(name=f"status_is_{'_'.join(statuses)}")
    def check(user: Any, obj: ActionPlan | Commitment | None) -> bool:
        return obj is not None and obj.status in statuses

    return check


can_edit = is_member_editor & has_mfa
can_coordinate = is_member_coordinator & has_mfa


@rules.predicate
def is_co_owner_member(user: Any, commitment: Commitment | None) -> bool:
    """A member of an organisation that co-owns the commitment (a CSO co-owner, typically). A
    government co-owner's staff act in a staff role, so they need MFA as the member's own do."""
    if commitment is None or not getattr(user, "is_authenticated", False):
        return False
    co_owners = commitment.co_owners.filter(memberships__user=user)
    if not mfa_enrolled(user):
        co_owners = co_owners.exclude(org_type=OrganisationType.GOVERNMENT)
    return co_owners.exists()
