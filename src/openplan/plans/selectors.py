"""Reads of the plans app. Public reads show published (and withdrawn) commitments only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from openplan.core.links import path_to
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    CommitmentVersion,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.plans.states import CommitmentStatus, PlanStatus
from openplan.taxonomy.models import Concept, label_in_language

PUBLIC_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN)
# What the list and its CSV show of a tag: its label and its link.
LIST_TAGS = Concept.objects.select_related("scheme").only(
    "notation", "pref_label", "labels", "scheme__slug"
)


@dataclass(frozen=True)
class TagLink:
    label: str
    url: str


def attach_tag_links(commitments: list[Commitment]) -> list[Commitment]:
    """Each commitment's tags as ``tag_links`` (label and address, in the tags' order), read in
    one query without model instances: the list page's rows (a commitment list of 40 made 240
    instances of concepts and schemes for this)."""
    through = Commitment.tags.through
    rows = (
        through.objects.filter(commitment_id__in=[c.pk for c in commitments])
        .order_by("commitment_id", "concept__scheme", "concept__position")
        .values_list(
            "commitment_id", "concept__notation", "concept__scheme__slug",
            "concept__pref_label", "concept__labels",
        )
    )  # fmt: skip
    links: dict[int, list[TagLink]] = {}
    for commitment_id, notation, scheme, pref_label, labels in rows:
        url = path_to("taxonomy:concept_detail", scheme, notation)
        links.setdefault(commitment_id, []).append(
            TagLink(label_in_language(labels, pref_label), url)
        )
    for commitment in commitments:
        commitment.tag_links = links.get(commitment.pk, [])  # type: ignore[attr-defined]
    return commitments


def commitment_list_public() -> QuerySet[Commitment]:
    """Published and withdrawn commitments with their member and tags (filters:
    ``plans.filters``)."""
    return (
        Commitment.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("action_plan__member")
        .prefetch_related(Prefetch("tags", queryset=LIST_TAGS))
        .order_by("identifier")
    )


DETAIL_PREFETCHES = (
    Prefetch("tags", queryset=Concept.objects.select_related("scheme", "parent")),
    "co_owners",
    Prefetch("milestones", queryset=Milestone.objects.order_by("position", "due_date", "pk")),
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


def commitment_siblings_public(commitment: Commitment, limit: int = 50) -> list[Commitment]:
    """The other public commitments of the same action plan (one query)."""
    return list(
        Commitment.objects.filter(
            action_plan_id=commitment.action_plan_id, status__in=PUBLIC_STATUSES
        )
        .exclude(pk=commitment.pk)
        .only("identifier", "title", "completion", "status")
        .order_by("identifier")[:limit]
    )


def member_list_public(*, level: str = "", region: str = "") -> QuerySet[Member]:
    """Members with how many action plans and public commitments each has."""
    members = Member.objects.annotate(
        plan_count=Count("action_plans", distinct=True),
        commitment_count=Count(
            "action_plans__commitments",
            filter=Q(action_plans__commitments__status__in=PUBLIC_STATUSES),
            distinct=True,
        ),
    ).order_by("name")
    if level:
        members = members.filter(level=level)
    if region:
        members = members.filter(region__iexact=region)
    return members


def member_regions() -> list[str]:
    return list(
        Member.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def evidence_file_get_for_user(*, pk: int, user: Any) -> Evidence:
    """An evidence file the user may download (``plans.view_evidence`` on its commitment).
    Raises Evidence.DoesNotExist alike when it is missing, a link, or not for this user."""
    evidence = (
        Evidence.objects.exclude(file="")
        .select_related("update__commitment__action_plan__member__government")
        .get(pk=pk)
    )
    if not user.has_perm("plans.view_evidence", evidence.update.commitment):
        raise Evidence.DoesNotExist
    return evidence


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


def member_get(*, slug: str) -> Member:
    return Member.objects.select_related("government").get(slug=slug)


def action_plan_get(*, pk: int) -> ActionPlan:
    return ActionPlan.objects.select_related("member__government").get(pk=pk)


PUBLIC_COMMITMENT_STATUSES = (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN)


def action_plan_get_for_user(*, pk: int, user: Any) -> tuple[ActionPlan, list[Commitment]]:
    """An action plan and the commitments ``user`` may see in it: a draft plan, and draft or
    submitted commitments, only for the member's officials. Raises ActionPlan.DoesNotExist
    alike whether the plan is missing or hidden."""
    plan = ActionPlan.objects.select_related("member__government").get(pk=pk)
    official = user.has_perm("plans.add_commitment", plan)
    if plan.status == PlanStatus.DRAFT and not official:
        raise ActionPlan.DoesNotExist
    commitments = plan.commitments.order_by("identifier").only(
        "identifier", "title", "status", "action_plan_id", "completion"
    )
    if not official:
        commitments = commitments.filter(status__in=PUBLIC_COMMITMENT_STATUSES)
    return plan, list(commitments)


def milestone_get(*, commitment: Commitment, pk: int) -> Milestone:
    """A milestone of ``commitment`` (Milestone.DoesNotExist if it belongs to another)."""
    return commitment.milestones.select_related("commitment").get(pk=pk)


def progress_updates_by_author(user: Any) -> list[dict[str, Any]]:
    """The progress reports a person wrote, for their personal-data export."""
    updates = ProgressUpdate.objects.filter(author=user)
    updates = updates.select_related("commitment", "organisation")
    return [
        {
            "commitment": u.commitment.identifier,
            "organisation": u.organisation.name,
            "reported_on": u.reported_on.isoformat(),
            "completion": u.completion,
            "percent": u.percent,
            "narrative": u.narrative,
            "source": u.source,
            "shadow_report": u.is_shadow,
        }
        for u in updates.order_by("reported_on", "pk")
    ]


def progress_organisation_for_user(*, commitment: Commitment, user: Any) -> Any:
    """The organisation ``user`` reports progress for on ``commitment``: the member's
    government for its officials, else a co-owning organisation the user belongs to (a shadow
    report); None when neither. The progress form and the write API both ask this."""
    if user.has_perm("plans.change_commitment", commitment):
        return commitment.action_plan.member.government
    return commitment.co_owners.filter(memberships__user_id=user.pk or 0).first()
