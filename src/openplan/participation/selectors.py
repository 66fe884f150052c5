"""Reads of the participation app. Each page's query count is constant in the number of
proposals and comments it shows (tests assert it at two sizes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from openplan.core.rows import get_by_pk
from openplan.participation.models import (
    Channel,
    Comment,
    Consultation,
    Flag,
    Follow,
    Meeting,
    ModerationEntry,
    Notification,
    NotificationSettings,
    OfflineInput,
    Petition,
    Phase,
    Proposal,
    Registration,
    Signature,
    Support,
)
from openplan.participation.states import (
    ConsultationStatus,
    MeetingStatus,
    Moderation,
    RegistrationStatus,
)
from openplan.plans.models import Commitment
from openplan.plans.selectors import PUBLIC_STATUSES as COMMITMENT_PUBLIC
from openplan.taxonomy.models import Concept

PUBLIC_STATUSES = (ConsultationStatus.PUBLISHED, ConsultationStatus.ARCHIVED)
UNREAD_CACHE_SECONDS = 300


def consultation_list_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("member", "action_plan", "commitment")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start", "pk")))
        .annotate(
            proposal_total=Count("proposals", filter=Q(proposals__moderation=Moderation.VISIBLE))
        )
        .order_by("-created_at", "-pk")
    )


def consultation_get_for_user(*, pk: int, user: Any) -> Consultation:
    """A public consultation, or a draft for those who may change it; DoesNotExist otherwise."""
    consultation = (
        Consultation.objects.select_related("member__government", "action_plan", "commitment")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("start", "pk")))
        .get(pk=pk)
    )
    if not user.has_perm("participation.view_consultation", consultation):
        raise Consultation.DoesNotExist
    return consultation


def meeting_list(*, consultation: Consultation) -> QuerySet[Meeting]:
    """The consultation's meetings, soonest first, each with ``confirmed_total`` (places
    taken) and ``waiting_total``, in one query."""
    return _with_counts(Meeting.objects.filter(consultation=consultation)).order_by("start", "pk")


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    status = "registrations__status"
    return meetings.annotate(
        confirmed_total=Count("registrations", filter=Q(**{status: RegistrationStatus.CONFIRMED})),
        waiting_total=Count("registrations", filter=Q(**{status: RegistrationStatus.WAITING})),
    )


def meeting_get_for_user(*, pk: int, user: Any) -> Meeting:
    """A meeting of a consultation this person may see, with its counts; DoesNotExist
    otherwise."""
    meeting = (
        _with_counts(Meeting.objects.all())
        .select_related("consultation__member__government")
        .prefetch_related(
            Prefetch("consultation__phases", queryset=Phase.objects.order_by("start", "pk"))
        )
        .get(pk=pk)
    )
    if not user.has_perm("participation.view_consultation", meeting.consultation):
        raise Meeting.DoesNotExist
    return meeting


@dataclass
class Place:
    """A person's registration and, on the waiting list, their position (1 is next)."""

    registration: Registration
    position: int | None

    @property
    def waiting(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITING


def place_of(*, user: Any, meeting: Meeting) -> Place | None:
    if not getattr(user, "is_authenticated", False):
        return None
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is None:
        return None
    position = None
    if registration.status == RegistrationStatus.WAITING:
        position = (
            1
            + Registration.objects.filter(
                meeting=meeting, status=RegistrationStatus.WAITING, pk__lt=registration.pk
            ).count()
        )
    return Place(registration, position)


def registrations_upcoming(*, user: Any) -> QuerySet[Registration]:
    """The person's registrations for meetings still to come, soonest first (for their own
    page), with each meeting."""
    return (
        Registration.objects.filter(
            user=user, meeting__status=MeetingStatus.SCHEDULED, meeting__start__gt=timezone.now()
        )
        .select_related("meeting")
        .order_by("meeting__start", "pk")
    )


def proposals_born(meeting: Meeting) -> QuerySet[Proposal]:
    """The shown proposals that came from the meeting."""
    return Proposal.objects.filter(meeting=meeting, moderation=Moderation.VISIBLE).order_by("pk")


def meeting_list_public() -> QuerySet[Meeting]:
    """Meetings of published and archived consultations, with their counts (for calendars
    and machines)."""
    return (
        _with_counts(Meeting.objects.filter(consultation__status__in=PUBLIC_STATUSES))
        .select_related("consultation")
        .defer("consultation__description", "consultation__description_html")
        .order_by("start", "pk")
    )


def _tags() -> Prefetch:
    return Prefetch("tags", queryset=Concept.objects.select_related("scheme"))


def proposal_list(*, consultation: Consultation, order: str = "new") -> QuerySet[Proposal]:
    """The consultation's shown and hidden proposals (hidden ones show their reason), with
    their counts and tags. ``order``: "new" or "supported"."""
    ordering = ["-supports_count", "-pk"] if order == "supported" else ["-created_at", "-pk"]
    return (
        Proposal.objects.filter(
            consultation=consultation,
            moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN),
        )
        .select_related("author", "response")
        .prefetch_related(_tags())
        .order_by(*ordering)
    )


def proposal_get_for_user(*, pk: int, user: Any) -> Proposal:
    """A proposal of a public consultation; one held for a moderator only for its author and
    moderators. DoesNotExist otherwise."""
    proposal = (
        Proposal.objects.select_related("author", "consultation__member__government", "meeting")
        .prefetch_related(
            _tags(),
            Prefetch("consultation__phases", queryset=Phase.objects.order_by("start", "pk")),
        )
        .get(pk=pk)
    )
    return _visible_to(proposal, user)


def proposal_get_for_action(*, pk: int, user: Any) -> Proposal:
    """The same proposal as ``proposal_get_for_user``, loaded for a write that only needs its
    state and its consultation (supporting): one query, no author or tags. The service reads
    the phases (one more query); the member and its government load only for a draft
    consultation's permission. One statement built once (``core.rows``, ADR 0014): the ORM's
    compiled query was a quarter of a support's CPU."""
    proposal = get_by_pk(Proposal, pk, related=("consultation",))
    return _visible_to(proposal, user)


def _visible_to(proposal: Proposal, user: Any) -> Proposal:
    if not user.has_perm("participation.view_consultation", proposal.consultation):
        raise Proposal.DoesNotExist
    if proposal.moderation == Moderation.PENDING and not (
        (user.is_authenticated and proposal.author_id == user.pk)
        or user.has_perm("participation.moderate")
    ):
        raise Proposal.DoesNotExist
    return proposal


def proposal_response(proposal: Proposal) -> Any:
    """The proposal's response with its commitments, or None."""
    from openplan.participation.models import Response

    return Response.objects.filter(proposal=proposal).prefetch_related("commitments").first()


@dataclass
class ThreadItem:
    comment: Comment
    depth: int


MAX_INDENT = 6


def comment_thread(*, proposal: Proposal, user: Any) -> list[ThreadItem]:
    """Every comment of the proposal in thread order (each reply under its parent, oldest
    first), in one query. Held comments are left out except for their author."""
    visible = Q(moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN))
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
    comments = list(
        Comment.objects.filter(visible, proposal=proposal)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    children: dict[int | None, list[Comment]] = {}
    known = {c.pk for c in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in known else None
        children.setdefault(parent, []).append(comment)
    thread: list[ThreadItem] = []
    stack: list[tuple[Comment, int]] = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:  # depth-first without recursion: threads may be deep
        comment, depth = stack.pop()
        thread.append(ThreadItem(comment, min(depth, MAX_INDENT)))
        stack.extend((c, depth + 1) for c in reversed(children.get(comment.pk, [])))
    return thread


def supported_ids(*, user: Any, proposals: list[Proposal]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not proposals:
        return set()
    return set(
        Support.objects.filter(user=user, proposal__in=proposals).values_list(
            "proposal_id", flat=True
        )
    )


def is_following(*, user: Any, target: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).exists()


def moderation_log() -> QuerySet[ModerationEntry]:
    return ModerationEntry.objects.select_related("content_type").order_by("-created_at", "-pk")


@dataclass
class QueueItem:
    kind: str  # "proposal", "comment" or "petition"
    obj: Proposal | Comment | Petition
    flags: int


def moderation_queue() -> list[QueueItem]:
    """What waits for a moderator: held first contributions, then flagged ones."""
    items: list[QueueItem] = []
    flagged: dict[tuple[int, int], int] = {}
    for ct_id, object_id, n in (
        Flag.objects.filter(resolved=False)
        .values_list("content_type_id", "object_id")
        .annotate(n=Count("pk"))
        .values_list("content_type_id", "object_id", "n")
    ):
        flagged[(ct_id, object_id)] = n
    models_: tuple[tuple[str, Any], ...] = (
        ("proposal", Proposal), ("comment", Comment), ("petition", Petition)
    )  # fmt: skip
    for kind, model in models_:
        ct = ContentType.objects.get_for_model(model)
        ids = {object_id for (ct_id, object_id) in flagged if ct_id == ct.pk}
        rows = model.objects.filter(Q(moderation=Moderation.PENDING) | Q(pk__in=ids)).order_by(
            "created_at"
        )
        items += [QueueItem(kind, obj, flagged.get((ct.pk, obj.pk), 0)) for obj in rows]
    return items


@dataclass
class Report:
    proposals: list[Proposal]
    answered: int

    @property
    def total(self) -> int:
        return len(self.proposals)


@dataclass
class ChannelCount:
    channel: str
    label: str
    proposals: int
    supports: int


@dataclass
class ChannelTotals:
    """Shown proposals and their supports per channel (online is one), and in all."""

    rows: list[ChannelCount]

    @property
    def proposals(self) -> int:
        return sum(row.proposals for row in self.rows)

    @property
    def supports(self) -> int:
        return sum(row.supports for row in self.rows)

    @property
    def has_offline(self) -> bool:
        return any(r.channel != Channel.ONLINE and (r.proposals or r.supports) for r in self.rows)


def channel_totals(*, consultation: Consultation) -> ChannelTotals:
    """Per channel: the shown proposals that came by it, and the supports of shown proposals
    received by it (online supports are the rows of ``Support``), in three queries."""
    shown = Q(consultation=consultation, moderation=Moderation.VISIBLE)
    proposals = dict(
        Proposal.objects.filter(shown).values_list("channel").annotate(n=Count("pk")).order_by()
    )
    supports = dict(
        OfflineInput.objects.filter(supports__gt=0, proposal__in=Proposal.objects.filter(shown))
        .values_list("channel")
        .annotate(n=Sum("supports"))
        .order_by()
    )
    supports[Channel.ONLINE] = Support.objects.filter(
        proposal__consultation=consultation, proposal__moderation=Moderation.VISIBLE
    ).count()
    rows = [
        ChannelCount(value, str(label), proposals.get(value, 0), supports.get(value, 0))
        for value, label in Channel.choices
    ]
    return ChannelTotals(rows)


def offline_inputs(proposal: Proposal) -> list[OfflineInput]:
    """How the proposal and its offline supports were received, oldest first."""
    rows = OfflineInput.objects.filter(proposal=proposal).select_related("recorded_by")
    return list(rows.order_by("received_on", "pk"))


def offline_scan_get_for_user(*, pk: int, user: Any) -> OfflineInput:
    """An offline input's scan, for those who may see it (the consultation's coordinators);
    OfflineInput.DoesNotExist alike when it is missing, has no scan, or is not theirs."""
    offline = (
        OfflineInput.objects.exclude(scan="")
        .select_related("proposal__consultation__member__government")
        .get(pk=pk)
    )
    if not user.has_perm("participation.view_offline_scan", offline):
        raise OfflineInput.DoesNotExist
    return offline


def consultation_report(*, consultation: Consultation) -> Report:
    """Every shown proposal with its response: "N of M answered"."""
    proposals = list(
        Proposal.objects.filter(consultation=consultation, moderation=Moderation.VISIBLE)
        .select_related("response")
        .prefetch_related("response__commitments")
        .order_by("-supports_count", "pk")
    )
    answered = sum(1 for p in proposals if p.answer is not None)
    return Report(proposals, answered)


def comment_get_for_user(*, pk: int, user: Any) -> Comment:
    """A comment whose proposal this person may see; DoesNotExist otherwise."""
    comment = Comment.objects.select_related("proposal", "author").get(pk=pk)
    proposal_get_for_user(pk=comment.proposal_id, user=user)
    if comment.moderation == Moderation.PENDING and not (
        (user.is_authenticated and comment.author_id == user.pk)
        or user.has_perm("participation.moderate")
    ):
        raise Comment.DoesNotExist
    return comment


def contribution_get_for_user(*, kind: str, pk: int, user: Any) -> Proposal | Comment | Petition:
    """A proposal, a comment or a petition ("proposal", "comment", "petition") this person
    may see."""
    if kind == "proposal":
        return proposal_get_for_user(pk=pk, user=user)
    if kind == "petition":
        return petition_get_for_user(pk=pk, user=user)
    if kind == "comment":
        return comment_get_for_user(pk=pk, user=user)
    raise Proposal.DoesNotExist


def followable_get_for_user(*, kind: str, pk: int, user: Any) -> models.Model:
    """A consultation, proposal, commitment or action plan this person may see (to follow
    it)."""
    from openplan.plans.selectors import commitment_get_for_user

    if kind == "consultation":
        return consultation_get_for_user(pk=pk, user=user)
    if kind == "proposal":
        return proposal_get_for_user(pk=pk, user=user)
    if kind == "commitment":
        identifier = Commitment.objects.values_list("identifier", flat=True).get(pk=pk)
        return commitment_get_for_user(identifier=identifier, user=user)
    if kind == "plan":
        from openplan.plans.selectors import action_plan_get_for_user

        return action_plan_get_for_user(pk=pk, user=user)[0]
    raise Consultation.DoesNotExist


# --- Petitions ---------------------------------------------------------------------------


def petition_list(*, consultation: Consultation) -> QuerySet[Petition]:
    """The consultation's public petitions (shown and hidden; held ones are not public), most
    signed first, with their answers."""
    return (
        Petition.objects.filter(
            consultation=consultation, moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN)
        )
        .select_related("author", "petition_answer")
        .order_by("-signatures_count", "-pk")
    )


def petition_get_for_user(*, pk: int, user: Any) -> Petition:
    """A petition of a public consultation; one held for a moderator only for its author and
    moderators. DoesNotExist otherwise."""
    petition = (
        Petition.objects.select_related(
            "author", "petition_answer", "consultation__member__government"
        )
        .prefetch_related(
            Prefetch("consultation__phases", queryset=Phase.objects.order_by("start", "pk"))
        )
        .get(pk=pk)
    )
    if not user.has_perm("participation.view_consultation", petition.consultation):
        raise Petition.DoesNotExist
    if petition.moderation == Moderation.PENDING and not (
        petition.author_id == user.pk or user.has_perm("participation.moderate")
    ):
        raise Petition.DoesNotExist
    return petition


SIGNERS_SHOWN = 50


def petition_signers_shown(petition: Petition) -> list[str]:
    """The names of the latest confirmed signers who chose to be named (never an address)."""
    return list(
        Signature.objects.filter(petition=petition, confirmed_at__isnull=False, show_name=True)
        .exclude(name="")
        .order_by("-confirmed_at", "-pk")
        .values_list("name", flat=True)[:SIGNERS_SHOWN]
    )


def signature_of(*, user: Any, petition: Petition) -> Signature | None:
    """The signed-in person's signature of the petition, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Signature.objects.filter(user=user, petition=petition).first()


# --- For machines (the JSON API): public data only, no personal data -------------------------

DELETED_PARTICIPANT = "deleted participant"
OFFLINE_PARTICIPANT = "offline participant"


def public_author_name(contribution: Proposal | Comment | Petition) -> str | None:
    """How a contribution's author may be named where the public pseudonym is not shown (the
    API, downloads): the display name the person chose, else nothing; "deleted participant"
    once the account is erased (the author is then NULL, as in the byline of the pages). A
    proposal received offline: the name its author agreed to publish, else "offline
    participant"."""
    if isinstance(contribution, Proposal) and contribution.is_offline:
        return contribution.offline_author_name or OFFLINE_PARTICIPANT
    author = contribution.author
    if author is None:
        return DELETED_PARTICIPANT
    return author.display_name or None


def proposal_list_public() -> QuerySet[Proposal]:
    """Shown and hidden proposals of published and archived consultations (held ones are
    not public), with their consultation, author, tags and response (and the public
    commitments it links), in a fixed number of queries."""
    commitments = Commitment.objects.filter(status__in=COMMITMENT_PUBLIC).only("pk", "identifier")
    return (
        Proposal.objects.filter(
            consultation__status__in=PUBLIC_STATUSES,
            moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN),
        )
        .select_related("consultation", "author", "response")
        .prefetch_related(
            _tags(),
            Prefetch("response__commitments", queryset=commitments.order_by("identifier")),
        )
        .defer("consultation__description", "consultation__description_html")
    )


def petition_list_public() -> QuerySet[Petition]:
    """Shown and hidden petitions of published and archived consultations (held ones are not
    public), with their author and answer, in a fixed number of queries. No signer."""
    return Petition.objects.filter(
        consultation__status__in=PUBLIC_STATUSES,
        moderation__in=(Moderation.VISIBLE, Moderation.HIDDEN),
    ).select_related("author", "petition_answer")


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """The person's notifications, unread first, newest first within each (one query)."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    return Notification.objects.filter(user=user).order_by(unread_first, "-created_at", "-pk")


def notification_unread_count(*, user: Any) -> int:
    """For the page header: from the cache, else one COUNT (the services forget it when a
    notification is written or read)."""
    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, timeout=UNREAD_CACHE_SECONDS)
    return int(count)


def notification_settings_get(*, user: Any) -> NotificationSettings:
    """The person's email choice (unsaved default ``none`` when they never chose)."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def unread_key(user_id: int) -> str:
    return f"participation:notifications:unread:{user_id}"
