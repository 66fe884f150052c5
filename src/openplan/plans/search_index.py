"""What the plans app puts in the search index: public commitments and members."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from openplan.plans.models import Commitment, Member
from openplan.plans.states import CommitmentStatus
from openplan.search.registry import Searchable, register

PUBLIC_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN)
COMMITMENT_TEXTS = (
    "short_title", "theme", "problem", "description", "contribution", "relevance",
    "full_text", "lead_institution", "supporting_institutions",
)  # fmt: skip


def commitment_body(commitment: Commitment) -> str:
    texts = [getattr(commitment, name) for name in COMMITMENT_TEXTS]
    texts += [commitment.identifier, commitment.action_plan.member.name]
    return "\n".join(text for text in texts if text)


def commitments_to_index() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("action_plan__member").filter(
        status__in=PUBLIC_STATUSES
    )


def register_all() -> None:
    register(
        Searchable(
            model=Commitment,
            title=lambda commitment: commitment.title,
            body=commitment_body,
            language=lambda commitment: commitment.language,
            is_public=lambda commitment: commitment.status in PUBLIC_STATUSES,
            queryset=commitments_to_index,
        )
    )
    register(
        Searchable(
            model=Member,
            title=lambda member: member.name,
            body=lambda member: " ".join(filter(None, [member.code, member.region])),
            url=lambda member: reverse("plans:member_detail", kwargs={"slug": member.slug}),
        )
    )
