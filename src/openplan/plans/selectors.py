"""Reads of the plans app. Public reads show published commitments only."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from openplan.plans.models import Commitment, CommitmentVersion, Milestone, ProgressUpdate
from openplan.plans.states import CommitmentStatus
from openplan.taxonomy.models import Concept


def commitment_list_public() -> QuerySet[Commitment]:
    """Published commitments with their member and tags (filters: ``plans.filters``)."""
    return (
        Commitment.objects.filter(status=CommitmentStatus.PUBLISHED)
        .select_related("action_plan__member")
        .prefetch_related(Prefetch("tags", queryset=Concept.objects.select_related("scheme")))
        .order_by("identifier")
    )


def commitment_get_public(*, identifier: str) -> Commitment:
    """One published commitment with everything its page shows, in a fixed number of queries."""
    return (
        Commitment.objects.filter(status=CommitmentStatus.PUBLISHED)
        .select_related("action_plan__member")
        .prefetch_related(
            Prefetch("tags", queryset=Concept.objects.select_related("scheme", "parent")),
            "co_owners",
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "due_date")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.select_related("organisation", "milestone")
                .prefetch_related("evidence")
                .order_by("-reported_on", "-pk"),
            ),
        )
        .get(identifier=identifier)
    )


def commitment_history_public(*, identifier: str) -> tuple[Commitment, QuerySet[CommitmentVersion]]:
    """A published (or withdrawn) commitment and its versions, newest first."""
    commitment = Commitment.objects.select_related("action_plan__member").get(
        identifier=identifier,
        status__in=[CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN],
    )
    return commitment, commitment.versions.select_related("organisation").order_by("-number")
