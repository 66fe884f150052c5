"""Reads of the participation app. Each page's query count is constant in the number of
proposals and comments it shows (tests assert it at two sizes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from openplan.participation.models import (
    Comment,
    Consultation,
    Flag,
    Follow,
    Meeting,
    ModerationEntry,
    Phase,
    Proposal,
    Registration,
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
    if not user.has_perm("participation.view_consultation", proposal.consultation):
        raise Proposal.DoesNotExist
    if proposal.moderation == Moderation.PENDING and not (
        proposal.author_id == user.pk or user.has_perm("participation.moderate")
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
    kind: str  # "proposal" or "comment"
    obj: Proposal | Comment
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
    for kind, model in (("proposal", Proposal), ("comment", Comment)):
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
        comment.author_id == user.pk or user.has_perm("participation.moderate")
    ):
        raise Comment.DoesNotExist
    return comment


def contribution_get_for_user(*, kind: str, pk: int, user: Any) -> Proposal | Comment:
    """A proposal or a comment ("proposal", "comment") this person may see."""
    if kind == "proposal":
        return proposal_get_for_user(pk=pk, user=user)
    if kind == "comment":
        return comment_get_for_user(pk=pk, user=user)
    raise Proposal.DoesNotExist


def followable_get_for_user(*, kind: str, pk: int, user: Any) -> models.Model:
    """A consultation, proposal or commitment this person may see (to follow it)."""
    from openplan.plans.selectors import commitment_get_for_user

    if kind == "consultation":
        return consultation_get_for_user(pk=pk, user=user)
    if kind == "proposal":
        return proposal_get_for_user(pk=pk, user=user)
    if kind == "commitment":
        identifier = Commitment.objects.values_list("identifier", flat=True).get(pk=pk)
        return commitment_get_for_user(identifier=identifier, user=user)
    raise Consultation.DoesNotExist


# --- For machines (the JSON API): public data only, no personal data -------------------------

DELETED_PARTICIPANT = "deleted participant"


def public_author_name(contribution: Proposal | Comment) -> str | None:
    """How a contribution's author may be named where the public pseudonym is not shown (the
    API, downloads): the display name the person chose, else nothing; "deleted participant"
    once the account is erased (the author is then NULL, as in the byline of the pages)."""
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
