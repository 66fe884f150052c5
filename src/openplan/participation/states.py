"""Lifecycles of consultations and proposals as transition tables; only services move them."""

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
