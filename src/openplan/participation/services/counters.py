"""Recompute every proposal's and petition's counters from the rows and report the drift
fixed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Model, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from openplan.participation.models import (
    Comment,
    OfflineInput,
    Petition,
    Proposal,
    Signature,
    Support,
)
from openplan.participation.services.petitions import petition_reach_threshold
from openplan.participation.states import Moderation


@dataclass
class Drift:
    """What ``reconcile_counters`` found wrong and fixed: (pk, stored, counted)."""

    checked: int = 0
    supports: list[tuple[int, int, int]] = field(default_factory=list)
    comments: list[tuple[int, int, int]] = field(default_factory=list)
    signatures: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return len(self.supports) + len(self.comments) + len(self.signatures)


def _count(model: type[Model], condition: Q, parent: str = "proposal") -> Coalesce:
    rows = (
        model._default_manager.filter(condition, **{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _offline_supports() -> Coalesce:
    rows = (
        OfflineInput.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Sum("supports"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


@transaction.atomic
def reconcile_counters() -> Drift:
    """Counters are supports (all rows, plus the supports received offline), shown comments
    and confirmed signatures. Rows whose stored number differs from the rows are updated; the
    rest are left alone. A petition whose corrected count reaches its threshold is marked as
    such (with its answer's deadline)."""
    drift = Drift()
    counted = Proposal.objects.annotate(
        real_supports=_count(Support, Q()) + _offline_supports(),
        real_comments=_count(Comment, Q(moderation=Moderation.VISIBLE)),
    ).values_list("pk", "supports_count", "real_supports", "comments_count", "real_comments")
    for pk, supports, real_supports, comments, real_comments in counted.iterator(2000):
        drift.checked += 1
        if supports != real_supports:
            drift.supports.append((pk, supports, real_supports))
        if comments != real_comments:
            drift.comments.append((pk, comments, real_comments))
    for pk, _stored, real in drift.supports:
        Proposal.objects.filter(pk=pk).update(supports_count=real)
    for pk, _stored, real in drift.comments:
        Proposal.objects.filter(pk=pk).update(comments_count=real)
    _reconcile_petitions(drift)
    return drift


def _reconcile_petitions(drift: Drift) -> None:
    counted = Petition.objects.annotate(
        real=_count(Signature, Q(confirmed_at__isnull=False), parent="petition")
    ).values_list("pk", "signatures_count", "real")
    for pk, stored, real in counted.iterator(2000):
        drift.checked += 1
        if stored != real:
            drift.signatures.append((pk, stored, real))
    for pk, _stored, real in drift.signatures:
        Petition.objects.filter(pk=pk).update(signatures_count=real)
        petition_reach_threshold(petition_id=pk)
