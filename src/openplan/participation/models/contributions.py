"""Proposals, threaded comments, supports and the government's reasoned responses. Counters on
a proposal are derived data: services keep them with ``F()`` in the same transaction as the
rows, and ``reconcile_counters`` recomputes them from the rows."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.models.common import BODY_MAX, COMMENT_MAX, TITLE_MAX, Moderated
from openplan.participation.models.consultations import Consultation
from openplan.participation.models.offline import Channel
from openplan.participation.states import ProposalStatus
from openplan.plans.models import Commitment
from openplan.taxonomy.models import Concept


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
    # The meeting the proposal came from, if any (set when the meeting is closed).
    meeting = models.ForeignKey(
        "participation.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_born",
    )
    # Offline input (models/offline.py): how the proposal came in, when, and the author's name
    # if they agreed to its publication (an offline proposal has no author account).
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    offline_author_name = models.CharField(_("author's name"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_offline(self) -> bool:
        return self.channel != Channel.ONLINE

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
