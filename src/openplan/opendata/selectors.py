"""Reads for publication: what the catalogue, feeds and sitemap describe. Public data only
(published and withdrawn commitments, plans out of draft), each read in a fixed number of
queries however many members, plans or commitments there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from openplan.participation.models import Comment, Consultation, Phase, Proposal
from openplan.participation.selectors import PUBLIC_STATUSES as CONSULTATION_PUBLIC
from openplan.participation.selectors import consultation_list_public
from openplan.participation.states import Moderation
from openplan.plans.models import ActionPlan, Commitment, CommitmentVersion, Member, ProgressUpdate
from openplan.plans.selectors import PUBLIC_STATUSES
from openplan.plans.states import PlanStatus
from openplan.taxonomy.models import Concept, Scheme

FEED_LENGTH = 50
_PUBLIC = Q(commitments__status__in=PUBLIC_STATUSES)
_MEMBER_PUBLIC = Q(action_plans__commitments__status__in=PUBLIC_STATUSES)


@dataclass(frozen=True)
class Entry:
    """One dataset's subject: a member, an action plan or a vocabulary, with its data's dates."""

    key: str  # "member:<slug>", "plan:<pk>", "scheme:<slug>"
    title: str
    count: int
    first_created: dt.datetime | None
    last_modified: dt.datetime | None
    obj: Member | ActionPlan | Scheme


@dataclass
class CatalogData:
    """Everything the DCAT-AP catalogue says, read in four queries."""

    members: list[Entry]
    plans: list[Entry]
    schemes: list[Entry]
    languages: dict[str, set[str]] = field(default_factory=dict)  # entry key or "all" → codes

    @property
    def commitment_count(self) -> int:
        return sum(entry.count for entry in self.members)

    def _dates(self, name: str) -> list[dt.datetime]:
        return [
            date
            for entry in self.members + self.schemes
            if (date := getattr(entry, name)) is not None
        ]

    @property
    def commitments_modified(self) -> dt.datetime | None:
        return max((e.last_modified for e in self.members if e.last_modified), default=None)

    @property
    def issued(self) -> dt.datetime | None:
        return min(self._dates("first_created"), default=None)

    @property
    def modified(self) -> dt.datetime | None:
        return max(self._dates("last_modified"), default=None)


def catalog_data() -> CatalogData:
    """Members and plans with at least one public commitment (plans out of draft only), all
    vocabularies, each with the dates of its data, and the languages of the commitments."""
    members = (
        Member.objects.annotate(
            public_count=Count("action_plans__commitments", filter=_MEMBER_PUBLIC),
            first_created=Min("action_plans__commitments__created_at", filter=_MEMBER_PUBLIC),
            last_modified=Max("action_plans__commitments__updated_at", filter=_MEMBER_PUBLIC),
        )
        .filter(public_count__gt=0)
        .order_by("name")
    )
    plans = (
        ActionPlan.objects.exclude(status=PlanStatus.DRAFT)
        .select_related("member")
        .annotate(
            public_count=Count("commitments", filter=_PUBLIC),
            first_created=Min("commitments__created_at", filter=_PUBLIC),
            last_modified=Max("commitments__updated_at", filter=_PUBLIC),
        )
        .filter(public_count__gt=0)
        .order_by("member__name", "number")
    )
    schemes = Scheme.objects.annotate(
        concept_count=Count("concepts"), concepts_modified=Max("concepts__updated_at")
    ).order_by("title")
    return CatalogData(
        members=[_entry(f"member:{m.slug}", m.name, m) for m in members],
        plans=[_entry(f"plan:{p.pk}", str(p), p) for p in plans],
        schemes=[_scheme_entry(s) for s in schemes],
        languages=_languages(),
    )


def _entry(key: str, title: str, obj: Member | ActionPlan) -> Entry:
    annotated: Any = obj
    return Entry(
        key=key,
        title=title,
        count=annotated.public_count,
        first_created=annotated.first_created,
        last_modified=annotated.last_modified,
        obj=obj,
    )


def _scheme_entry(scheme: Scheme) -> Entry:
    annotated: Any = scheme
    modified = max(filter(None, [scheme.updated_at, annotated.concepts_modified]))
    return Entry(
        key=f"scheme:{scheme.slug}",
        title=scheme.title,
        count=annotated.concept_count,
        first_created=scheme.created_at,
        last_modified=modified,
        obj=scheme,
    )


def _languages() -> dict[str, set[str]]:
    """Languages of public commitments: overall ("all"), per member slug, per plan pk."""
    rows = (
        Commitment.objects.filter(status__in=PUBLIC_STATUSES)
        .values_list("action_plan__member__slug", "action_plan_id", "language")
        .distinct()
    )
    languages: dict[str, set[str]] = {}
    for slug, plan, language in rows:
        for key in ("all", f"member:{slug}", f"plan:{plan}"):
            languages.setdefault(key, set()).add(language)
    return languages


def commitment_feed_public(*, member: Member | None = None) -> QuerySet[Commitment]:
    """The latest changed public commitments, newest first (of one member, if given)."""
    commitments = Commitment.objects.filter(status__in=PUBLIC_STATUSES)
    if member is not None:
        commitments = commitments.filter(action_plan__member=member)
    return (
        commitments.select_related("action_plan__member__government")
        .prefetch_related(Prefetch("tags", queryset=Concept.objects.order_by("position")))
        .order_by("-updated_at", "-pk")[:FEED_LENGTH]
    )


def progress_feed_public() -> QuerySet[ProgressUpdate]:
    """The latest progress updates on public commitments, newest first."""
    return (
        ProgressUpdate.objects.filter(commitment__status__in=PUBLIC_STATUSES)
        .select_related("commitment", "milestone", "organisation")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )


def sitemap_members() -> QuerySet[Member]:
    return Member.objects.only("slug", "updated_at").order_by("name", "pk")


def sitemap_plans() -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.exclude(status=PlanStatus.DRAFT).only("pk", "updated_at").order_by("pk")
    )


def sitemap_commitments() -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(status__in=PUBLIC_STATUSES)
        .only("identifier", "updated_at")
        .order_by("identifier")
    )


def sitemap_schemes() -> QuerySet[Scheme]:
    return Scheme.objects.only("slug", "updated_at").order_by("slug")


def sitemap_concepts() -> QuerySet[Concept]:
    return (
        Concept.objects.select_related("scheme")
        .only("notation", "updated_at", "scheme__slug")
        .order_by("scheme__slug", "position", "pk")
    )


def consultation_feed_public() -> QuerySet[Consultation]:
    """The newest public consultations with their member, government and phases (3 queries)."""
    return (
        consultation_list_public()
        .select_related("member__government")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )


# One object's feed (object_feeds.py): public objects only, each list in one query.


def consultation_public_get(*, pk: int) -> Consultation:
    return (
        Consultation.objects.filter(status__in=CONSULTATION_PUBLIC)
        .select_related("member__government")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start", "pk")))
        .get(pk=pk)
    )


def consultation_proposals_public(*, consultation: Consultation) -> QuerySet[Proposal]:
    """Its shown proposals, newest first (hidden and held ones are not in feeds)."""
    return Proposal.objects.filter(
        consultation=consultation, moderation=Moderation.VISIBLE
    ).order_by("-created_at", "-pk")[:FEED_LENGTH]


def proposal_public_get(*, pk: int) -> Proposal:
    """A shown or hidden proposal of a public consultation, with its response."""
    return Proposal.objects.select_related("response").get(
        pk=pk,
        consultation__status__in=CONSULTATION_PUBLIC,
        moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN),
    )


def proposal_comments_public(*, proposal: Proposal) -> QuerySet[Comment]:
    return Comment.objects.filter(proposal=proposal, moderation=Moderation.VISIBLE).order_by(
        "-created_at", "-pk"
    )[:FEED_LENGTH]


def commitment_public_get(*, identifier: str) -> Commitment:
    return Commitment.objects.get(identifier=identifier, status__in=PUBLIC_STATUSES)


def commitment_versions_public(*, commitment: Commitment) -> QuerySet[CommitmentVersion]:
    return commitment.versions.select_related("organisation").order_by("-number")[:FEED_LENGTH]


def commitment_progress_public(*, commitment: Commitment) -> QuerySet[ProgressUpdate]:
    return commitment.progress_updates.select_related("organisation").order_by(
        "-created_at", "-pk"
    )[:FEED_LENGTH]
