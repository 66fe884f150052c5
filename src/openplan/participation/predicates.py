"""Who may act on consultations and contributions. Whether a phase allows an action is data
(``phases``); the services check it again and explain a refusal."""

from __future__ import annotations

from typing import Any

import rules

from openplan.accounts.predicates import has_mfa, is_moderator, is_org_coordinator
from openplan.participation.models import Consultation, Meeting, OfflineInput, Petition, Proposal
from openplan.participation.states import ConsultationStatus


def _consultation(obj: Any) -> Consultation | None:
    if isinstance(obj, OfflineInput):
        obj = obj.proposal
    if isinstance(obj, Proposal | Petition | Meeting):
        return obj.consultation
    return obj if isinstance(obj, Consultation) else None


@rules.predicate
def is_consultation_coordinator(user: Any, obj: Any) -> bool:
    """A coordinator of the government organisation of the consultation's member (or, with a
    member as the object, of that member's government)."""
    consultation = _consultation(obj)
    member = consultation.member if consultation is not None else obj
    government = getattr(member, "government", None)
    return bool(is_org_coordinator(user, government))


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    consultation = _consultation(obj)
    return consultation is not None and consultation.status != ConsultationStatus.DRAFT


@rules.predicate
def is_author(user: Any, proposal: Proposal | None) -> bool:
    """The proposal's author (never for a proposal without an author account: one received
    offline, or whose author erased their account; an anonymous visitor's pk is None too)."""
    return (
        proposal is not None
        and proposal.author_id is not None
        and proposal.author_id == getattr(user, "pk", None)
    )


can_coordinate = is_consultation_coordinator & has_mfa
__all__ = ["can_coordinate", "is_author", "is_moderator", "is_published"]
