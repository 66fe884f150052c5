"""Participation windows as data (STYLE.md G7): each phase of a consultation names the actions
it allows, and an action is allowed at ``now`` exactly when a phase with that action has
``start <= now < end`` (the end instant itself belongs to the next phase, not this one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PROPOSE = "propose", _("submit and edit proposals")
    COMMENT = "comment", _("comment")
    SUPPORT = "support", _("support proposals")
    PETITION = "petition", _("start petitions")
    SIGN = "sign", _("sign petitions")
    ATTEND = "attend", _("attend meetings")


class PhaseLike(Protocol):
    start: dt.datetime
    end: dt.datetime
    actions: list[str]


P = TypeVar("P", bound=PhaseLike)


def is_open(phase: PhaseLike, now: dt.datetime) -> bool:
    return phase.start <= now < phase.end


def current_phase(phases: Iterable[P], now: dt.datetime) -> P | None:
    """The phase open at ``now`` (the latest-starting one if windows overlap)."""
    open_now = [phase for phase in phases if is_open(phase, now)]
    return max(open_now, key=lambda phase: phase.start) if open_now else None


def allows(phases: Iterable[PhaseLike], action: str, now: dt.datetime) -> bool:
    return any(is_open(phase, now) and action in phase.actions for phase in phases)
