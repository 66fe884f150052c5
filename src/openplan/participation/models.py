"""Consultations with phases, proposals, threaded comments, supports, follows, flags, the
moderation log and staff responses. Counters on a proposal are derived data: services keep
them with ``F()`` in the same transaction as the rows, and ``reconcile_counters`` recomputes
them from the rows."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.phases import Action
from openplan.participation.states import ConsultationStatus, Moderation, ProposalStatus
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.taxonomy.models import Concept

TITLE_MAX = 200
BODY_MAX = 10_000
COMMENT_MAX = 4_000
REASON_MAX = 500


class Consultation(TimeStampedModel):
    """A consultation on exactly one of: an action plan (to co-create it), a commitment, or a
    member. Its ``member`` is always set (derived from the subject) so permissions and lists
    need no branching."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consultations")
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=BODY_MAX, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(action_plan__isnull=False) & Q(commitment__isnull=False)),
                name="consultation_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation_detail", kwargs={"pk": self.pk})


class Phase(models.Model):
    """A window ``[start, end)`` of a consultation and the actions it allows (data, not code)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=120)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    actions = models.JSONField(_("allowed actions"), default=list, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="phase_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def action_labels(self) -> list[str]:
        return [str(Action(a).label) for a in self.actions if a in Action.values]


class Moderated(TimeStampedModel):
    """Content that moderators can hold back (pending), hide with a public reason, restore."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    moderation_reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN

    @property
    def is_visible(self) -> bool:
        return self.moderation == Moderation.VISIBLE


class Proposal(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("proposal"), max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    tags = models.ManyToManyField(Concept, blank=True, related_name="proposals")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PUBLISHED,
    )
    supports_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal_detail", kwargs={"pk": self.pk})

    @property
    def answer(self) -> Response | None:
        """The response, or None (templates cannot tell a missing one-to-one from a value)."""
        try:
            return self.response
        except ObjectDoesNotExist:
            return None


class Comment(Moderated):
    """A comment on a proposal, or a reply to a comment (to any depth)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    body_html = models.TextField(editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.proposal_id}"

    def get_absolute_url(self) -> str:
        return f"{self.proposal.get_absolute_url()}#comment-{self.pk}"


class Support(models.Model):
    """One person's support of one proposal: at most one, by the database's own rule."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"support {self.user_id} → {self.proposal_id}"


class GenericTarget(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Follow(GenericTarget):
    """A person follows anything: a consultation, a proposal, a commitment, an action plan."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"follow {self.user_id} → {self.content_type_id}/{self.object_id}"


class Flag(GenericTarget):
    """A signed-in person asks the moderators to look at a proposal or a comment (not public)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=REASON_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_flag_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"flag {self.user_id} → {self.content_type_id}/{self.object_id}"


class ModerationAct(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    APPROVE = "approve", _("approved")


class ModerationEntry(GenericTarget):
    """The public moderation log: what was done to which contribution, why and when. The
    moderator is kept for accountability among staff; the public log shows the act."""

    act = models.CharField(max_length=10, choices=ModerationAct.choices)
    reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.act} {self.object_url}"


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    ALREADY_PLANNED = "already_planned", _("already planned")
    UNDER_REVIEW = "under_review", _("under review")


class Response(TimeStampedModel):
    """The government's reasoned answer to a proposal, linked to the commitments it became."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="response")
    kind = models.CharField(_("answer"), max_length=20, choices=ResponseKind.choices)
    reason = models.TextField(_("reason"), max_length=BODY_MAX)
    reason_html = models.TextField(editable=False)
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="proposal_responses")
    organisation_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.kind}: {self.proposal_id}"
