"""What every participation service checks before it writes: the phase allows the action,
the text is acceptable; and how writes survive SQLite's single-writer lock."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.participation import phases
from openplan.participation.models import Consultation
from openplan.participation.phases import Action
from openplan.participation.states import ConsultationStatus

P = ParamSpec("P")
R = TypeVar("R")
LOCK_WAIT_SECONDS = 30.0

# Markup that has no business in a proposal or a comment. Everything is escaped and sanitised
# anyway (core.text); refusing it tells the person why their text would not look as typed.
SCRIPT_LIKE = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style)\b|javascript\s*:|\bon\w+\s*=", re.I
)


def _closed_message(action: str) -> str:
    messages: dict[str, str] = {
        Action.PROPOSE: _("This consultation does not accept or change proposals at the moment."),
        Action.COMMENT: _("This consultation does not take comments at the moment."),
        Action.SUPPORT: _("Proposals of this consultation cannot be supported at the moment."),
        Action.PETITION: _("This consultation does not take new petitions at the moment."),
        Action.SIGN: _("Petitions of this consultation cannot be signed at the moment."),
        Action.ATTEND: _(
            "Registration for this consultation's meetings is not open at the moment."
        ),
    }
    return str(messages.get(action, _("This is not possible at the moment.")))


def require_published(consultation: Consultation, action: str) -> None:
    """Raise ``require_action``'s ValidationError unless ``consultation`` is published."""
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise ValidationError(_closed_message(action), code="phase_closed")


def require_action(consultation: Consultation, action: str) -> None:
    """Raise a ValidationError unless ``consultation`` is published and a phase open now
    allows ``action``."""
    require_published(consultation, action)
    if not phases.allows(consultation.phases.all(), action, timezone.now()):
        raise ValidationError(_closed_message(action), code="phase_closed")


def check_text(text: str, *, field: str, max_length: int) -> str:
    """The text, stripped; a clear error if it is empty, too long or carries script-like
    markup."""
    text = text.strip()
    if not text:
        raise ValidationError({field: _("This field is required.")}, code="required")
    if len(text) > max_length:
        raise ValidationError(
            {field: _("Please keep it under %(max)d characters (it has %(length)d).")
             % {"max": max_length, "length": len(text)}},
            code="too_long",
        )  # fmt: skip
    if SCRIPT_LIKE.search(text):
        raise ValidationError(
            {field: _("Scripts and embedded content are not allowed. "
                      "Write plain text or Markdown.")},
            code="script",
        )  # fmt: skip
    return text


def retry_when_locked(service: Callable[P, R]) -> Callable[P, R]:
    """Run the (atomic) service again when SQLite answers "database is locked" or "table is
    locked", with a short random back-off. SQLite admits one writer at a time; the busy
    timeout makes writers queue on a file database, but the shared-cache memory database of
    the tests (and a busy timeout that runs out) answer at once. Inside a caller's transaction
    nothing is retried: the caller's transaction decides."""

    @wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if connection.in_atomic_block or connection.vendor != "sqlite":
            return service(*args, **kwargs)
        deadline, attempt = time.monotonic() + LOCK_WAIT_SECONDS, 0
        while True:
            try:
                return service(*args, **kwargs)
            except OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            attempt += 1
            time.sleep(random.uniform(0, min(0.001 * 2 ** min(attempt, 6), 0.05)))  # nosec B311 # noqa: S311

    return wrapper
