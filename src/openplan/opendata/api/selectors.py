"""Reads of the JSON API: public data only, each list in a fixed number of queries whatever the
page size (the main query plus its prefetches). Filters come from ``plans.filters`` (the HTML
list's form), so the API and the pages select the same commitments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from openplan.opendata.models import TOKEN_PREFIX, AccessToken, Release, token_hash
from openplan.participation.models import (
    Comment,
    Consultation,
    Meeting,
    Petition,
    Phase,
    Proposal,
    Signature,
    Support,
)
from openplan.participation.selectors import PUBLIC_STATUSES as CONSULTATION_PUBLIC
from openplan.participation.selectors import (
    meeting_list_public,
    petition_list_public,
    proposal_list_public,
)
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    CommitmentVersion,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.plans.selectors import (
    DETAIL_PREFETCHES,
    PUBLIC_STATUSES,
    commitment_list_public,
    member_list_public,
)
from openplan.plans.states import PlanStatus
from openplan.taxonomy.models import Concept, Scheme
from openplan.taxonomy.selectors import scheme_list

_PUBLIC_COMMITMENTS = Q(commitments__status__in=PUBLIC_STATUSES)


def _latest(model: Any, field: str) -> Subquery:
    """The latest ``field`` of the commitment's rows in ``model`` (a correlated subquery)."""
    return Subquery(
        model.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(latest=Max(field))
        .values("latest")[:1],
        output_field=DateTimeField(),
    )


def _modified() -> Greatest:
    """When the commitment's public representation last changed: its own row, a milestone, a
    progress report, or a published version (tags and co-owners change through versions)."""
    own = F("updated_at")
    return Greatest(
        own,
        Coalesce(_latest(Milestone, "updated_at"), own),
        Coalesce(_latest(ProgressUpdate, "updated_at"), own),
        Coalesce(_latest(CommitmentVersion, "created_at"), own),
        output_field=DateTimeField(),
    )


def commitment_list_api() -> QuerySet[Commitment]:
    """Published and withdrawn commitments with everything the API shows of each: plan and
    member, co-owners, tags, milestones, progress reports with their evidence."""
    return (
        commitment_list_public()
        .prefetch_related(None)
        .select_related("action_plan__member")
        .prefetch_related(*DETAIL_PREFETCHES)
        .annotate(modified=_modified())
    )


def commitments_modified_since(
    commitments: QuerySet[Commitment], since: dt.datetime
) -> QuerySet[Commitment]:
    """Commitments whose representation changed at or after ``since``."""
    changed = (
        Q(updated_at__gte=since)
        | Q(pk__in=Milestone.objects.filter(updated_at__gte=since).values("commitment_id"))
        | Q(pk__in=ProgressUpdate.objects.filter(updated_at__gte=since).values("commitment_id"))
        | Q(pk__in=CommitmentVersion.objects.filter(created_at__gte=since).values("commitment_id"))
    )
    return commitments.filter(changed)


def commitment_get_api(*, identifier: str) -> Commitment:
    """A public commitment (Commitment.DoesNotExist for a draft as for a missing one)."""
    return commitment_list_api().get(identifier=identifier)


def member_list_api(*, level: str = "", region: str = "") -> QuerySet[Member]:
    return member_list_public(level=level, region=region).select_related("government")


def member_get_api(*, slug: str) -> Member:
    return member_list_api().get(slug=slug)


def action_plan_list_api() -> QuerySet[ActionPlan]:
    """Action plans out of draft, with their member and how many public commitments each
    has."""
    return (
        ActionPlan.objects.exclude(status=PlanStatus.DRAFT)
        .select_related("member")
        .annotate(commitment_count=Count("commitments", filter=_PUBLIC_COMMITMENTS))
    )


def action_plan_get_api(*, pk: int) -> ActionPlan:
    return action_plan_list_api().get(pk=pk)


def scheme_list_api() -> QuerySet[Scheme]:
    return scheme_list().annotate(concepts_modified=Max("concepts__updated_at"))


def scheme_get_api(*, slug: str) -> Scheme:
    return scheme_list_api().get(slug=slug)


def concept_list_api(*, scheme: Scheme) -> QuerySet[Concept]:
    return Concept.objects.filter(scheme=scheme).select_related("scheme", "parent__scheme")


def concept_get_api(*, scheme: str, notation: str) -> Concept:
    return Concept.objects.select_related("scheme", "parent__scheme").get(
        scheme__slug=scheme, notation=notation
    )


# --- Personal access tokens ------------------------------------------------------------------


def access_token_list_for_user(*, user: Any) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_token_get_for_user(*, pk: int, user: Any) -> AccessToken:
    """One of ``user``'s tokens (AccessToken.DoesNotExist for anyone else's, as if missing)."""
    return access_token_list_for_user(user=user).get(pk=pk)


def access_token_authenticate(*, raw: str) -> AccessToken | None:
    """The active token ``raw`` is, with its person, or None: unknown, revoked or expired
    tokens, and tokens of inactive accounts, authenticate nobody."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return (
        AccessToken.objects.select_related("user")
        .filter(
            token_hash=token_hash(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


# --- Release history -----------------------------------------------------------------------------


def commitment_public(*, identifier: str) -> Commitment:
    """A published or withdrawn commitment, without what it shows (one query)."""
    return Commitment.objects.only("pk", "identifier").get(
        identifier=identifier, status__in=PUBLIC_STATUSES
    )


def release_list_public(*, commitment: Commitment) -> QuerySet[Release]:
    return Release.objects.filter(commitment=commitment).order_by("number")


# --- Consultations and proposals (participation) --------------------------------------------


def consultation_list_api() -> QuerySet[Consultation]:
    """Published and archived consultations with their member, subject and phases."""
    return (
        Consultation.objects.filter(status__in=CONSULTATION_PUBLIC)
        .select_related("member", "action_plan", "commitment")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start", "pk")))
    )


def consultation_get_api(*, pk: int) -> Consultation:
    """A public consultation (Consultation.DoesNotExist for a draft as for a missing one)."""
    return consultation_list_api().get(pk=pk)


def member_slug_exists(*, slug: str) -> bool:
    return Member.objects.filter(slug=slug).exists()


def _latest_of_proposal(model: Any, field: str) -> Subquery:
    return Subquery(
        model.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(latest=Max(field))
        .values("latest")[:1],
        output_field=DateTimeField(),
    )


def proposal_list_api() -> QuerySet[Proposal]:
    """Shown and hidden proposals of public consultations, annotated with when their
    representation last changed: the proposal, its response, its latest comment or support
    (a support taken back leaves no time behind: its count changes the ETag only)."""
    own = F("updated_at")
    return proposal_list_public().annotate(
        modified=Greatest(
            own,
            Coalesce(F("response__updated_at"), own),
            Coalesce(_latest_of_proposal(Comment, "updated_at"), own),
            Coalesce(_latest_of_proposal(Support, "created_at"), own),
            output_field=DateTimeField(),
        )
    )


def proposals_modified_since(
    proposals: QuerySet[Proposal], since: dt.datetime
) -> QuerySet[Proposal]:
    """Proposals whose representation changed at or after ``since`` (as ``modified``)."""
    changed = (
        Q(updated_at__gte=since)
        | Q(response__updated_at__gte=since)
        | Q(pk__in=Comment.objects.filter(updated_at__gte=since).values("proposal_id"))
        | Q(pk__in=Support.objects.filter(created_at__gte=since).values("proposal_id"))
    )
    return proposals.filter(changed)


def proposal_get_api(*, pk: int) -> Proposal:
    return proposal_list_api().get(pk=pk)


def _latest_confirmation() -> Subquery:
    return Subquery(
        Signature.objects.filter(petition=OuterRef("pk"), confirmed_at__isnull=False)
        .order_by()
        .values("petition")
        .annotate(latest=Max("confirmed_at"))
        .values("latest")[:1],
        output_field=DateTimeField(),
    )


def petition_list_api() -> QuerySet[Petition]:
    """Shown and hidden petitions of public consultations (held ones are not public), annotated
    with when their representation last changed: the petition, its answer, its latest
    confirmed signature (the count moves with it)."""
    own = F("updated_at")
    return petition_list_public().annotate(
        modified=Greatest(
            own,
            Coalesce(F("petition_answer__updated_at"), own),
            Coalesce(F("threshold_reached_at"), own),
            Coalesce(_latest_confirmation(), own),
            output_field=DateTimeField(),
        )
    )


def petitions_modified_since(
    petitions: QuerySet[Petition], since: dt.datetime
) -> QuerySet[Petition]:
    """Petitions whose representation changed at or after ``since`` (as ``modified``)."""
    confirmed = Signature.objects.filter(confirmed_at__gte=since).values("petition_id")
    changed = (
        Q(updated_at__gte=since)
        | Q(petition_answer__updated_at__gte=since)
        | Q(threshold_reached_at__gte=since)
        | Q(pk__in=confirmed)
    )
    return petitions.filter(changed)


def petition_get_api(*, pk: int) -> Petition:
    return petition_list_api().get(pk=pk)


def meeting_list_api() -> QuerySet[Meeting]:
    """Meetings of public consultations with their counts and the shown proposals born
    there (``born``), in two queries whatever the page size."""
    born = Proposal.objects.filter(moderation="visible").only("pk", "meeting_id").order_by("pk")
    return meeting_list_public().prefetch_related(
        Prefetch("proposals_born", queryset=born, to_attr="born")
    )
