"""Reads of the plans app. Public reads show published commitments only."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from openplan.plans.models import (
    ActionPlan,
    Commitment,
    CommitmentVersion,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.plans.states import CommitmentStatus
from openplan.taxonomy.models import Concept

# What the list and its CSV show of a tag: its label and its link.
LIST_TAGS = Concept.objects.select_related("scheme").only(
    "notation", "pref_label", "labels", "scheme__slug"
)


def commitment_list_public() -> QuerySet[Commitment]:
    """Published commitments with their member and tags (filters: ``plans.filters``)."""
    return (
        Commitment.objects.filter(status=CommitmentStatus.PUBLISHED)
        .select_related("action_plan__member")
        .prefetch_related(Prefetch("tags", queryset=LIST_TAGS))
        .order_by("identifier")
    )


DETAIL_PREFETCHES = (
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


def commitment_history_public(*, identifier: str) -> tuple[Commitment, QuerySet[CommitmentVersion]]:
    """A published (or withdrawn) commitment and its versions, newest first."""
    commitment = Commitment.objects.select_related("action_plan__member").get(
        identifier=identifier,
        status__in=[CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN],
    )
    return commitment, commitment.versions.select_related("organisation").order_by("-number")


def commitment_get_for_user(*, identifier: str, user: Any) -> Commitment:
    """The commitment page's commitment: published or withdrawn ones for everyone, drafts and
    submitted ones only for those who may edit them. Raises Commitment.DoesNotExist alike."""
    commitment = (
        Commitment.objects.select_related("action_plan__member__government")
        .prefetch_related(*DETAIL_PREFETCHES)
        .get(identifier=identifier)
    )
    public = commitment.status in (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN)
    if not public and not user.has_perm("plans.change_commitment", commitment):
        raise Commitment.DoesNotExist
    return commitment


def member_get_public(*, slug: str) -> Member:
    return (
        Member.objects.select_related("government")
        .prefetch_related(
            Prefetch("action_plans", queryset=ActionPlan.objects.order_by("-number")),
            Prefetch(
                "action_plans__commitments",
                queryset=Commitment.objects.order_by("identifier").only(
                    "identifier", "title", "status", "action_plan_id", "completion"
                ),
            ),
        )
        .get(slug=slug)
    )


def action_plan_get(*, pk: int) -> ActionPlan:
    return ActionPlan.objects.select_related("member__government").get(pk=pk)
