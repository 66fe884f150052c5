"""Lifecycles as transition tables. Only services change a status, through ``transition``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CO_CREATION = "co_creation", _("Co-creation")
    SUBMITTED = "submitted", _("Submitted")
    IMPLEMENTATION = "implementation", _("Implementation")
    ENDED = "ended", _("Ended")


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for publication")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Completion(models.TextChoices):
    """The IRM completion scale (vocabulary ``irm-completion``)."""

    NOT_STARTED = "not-started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NO_EVIDENCE = "no-evidence-available", _("No evidence available")


PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.CO_CREATION, PlanStatus.SUBMITTED},
    PlanStatus.CO_CREATION: {PlanStatus.SUBMITTED},
    PlanStatus.SUBMITTED: {PlanStatus.IMPLEMENTATION, PlanStatus.CO_CREATION},
    PlanStatus.IMPLEMENTATION: {PlanStatus.ENDED},
    PlanStatus.ENDED: set(),
}

COMMITMENT_TRANSITIONS: dict[str, set[str]] = {
    CommitmentStatus.DRAFT: {CommitmentStatus.SUBMITTED},
    CommitmentStatus.SUBMITTED: {CommitmentStatus.PUBLISHED, CommitmentStatus.DRAFT},
    CommitmentStatus.PUBLISHED: {CommitmentStatus.WITHDRAWN},
    CommitmentStatus.WITHDRAWN: set(),
}

# The states in which each action on a commitment is possible, whoever asks (an administrator
# too: Django grants superusers every permission, but not a transition the table refuses).
COMMITMENT_ACTION_STATES: dict[str, set[str]] = {
    "plans.change_commitment": {
        CommitmentStatus.DRAFT,
        CommitmentStatus.SUBMITTED,
        CommitmentStatus.PUBLISHED,
    },
    "plans.submit_commitment": {CommitmentStatus.DRAFT},
    "plans.publish_commitment": {CommitmentStatus.SUBMITTED},
    "plans.withdraw_commitment": {CommitmentStatus.PUBLISHED},
    "plans.report_progress": {CommitmentStatus.PUBLISHED},
}


def check_transition(table: dict[str, set[str]], current: str, target: str) -> None:
    """Raise ValidationError unless ``current → target`` is in ``table``."""
    if target not in table.get(current, set()):
        raise ValidationError(
            _("Cannot go from %(current)s to %(target)s.") % {"current": current, "target": target},
            code="invalid_transition",
        )
