"""Lifecycles of consultations, proposals and meetings as transition tables; only services move
them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    ConsultationStatus.DRAFT: {ConsultationStatus.PUBLISHED},
    ConsultationStatus.PUBLISHED: {ConsultationStatus.ARCHIVED},
    ConsultationStatus.ARCHIVED: set(),
}


class ProposalStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    ProposalStatus.PUBLISHED: {ProposalStatus.WITHDRAWN},
    ProposalStatus.WITHDRAWN: set(),
}


class Moderation(models.TextChoices):
    """Whether a contribution is shown: held for a first look, shown, or hidden with a reason."""

    PENDING = "pending", _("Waiting for a moderator")
    VISIBLE = "visible", _("Shown")
    HIDDEN = "hidden", _("Hidden by moderation")


MODERATION_TRANSITIONS: dict[str, set[str]] = {
    Moderation.PENDING: {Moderation.VISIBLE, Moderation.HIDDEN},
    Moderation.VISIBLE: {Moderation.HIDDEN},
    Moderation.HIDDEN: {Moderation.VISIBLE},
}


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Held, with minutes")
    CANCELLED = "cancelled", _("Cancelled")


MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.SCHEDULED: {MeetingStatus.CLOSED, MeetingStatus.CANCELLED},
    MeetingStatus.CLOSED: set(),
    MeetingStatus.CANCELLED: set(),
}


class RegistrationStatus(models.TextChoices):
    """A registration holds a place (confirmed) or waits for one, in the order it came."""

    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
