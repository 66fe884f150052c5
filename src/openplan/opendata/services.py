"""Writes of the opendata app: personal access tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.opendata.models import (
    SHOWN_CHARACTERS,
    TOKEN_PREFIX,
    AccessToken,
    Scope,
    token_hash,
)

MAX_DAYS = 366


@transaction.atomic
def access_token_create(
    *, user: Any, name: str, scopes: Sequence[str], days: int
) -> tuple[AccessToken, str]:
    """A new token for ``user``: the saved token and the token itself, which is not stored
    and must be shown to the person now."""
    if not scopes or not set(scopes) <= set(Scope.values):
        raise ValidationError({"scopes": _("Choose at least one of the scopes offered.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to 366 days.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        user=user,
        name=name.strip(),
        prefix=raw[:SHOWN_CHARACTERS],
        token_hash=token_hash(raw),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def access_token_revoke(*, token: AccessToken) -> AccessToken:
    """Revoke a token at once (revoking twice keeps the first time)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def access_token_touch(*, token: AccessToken) -> None:
    """Note when a token was last used (shown on the tokens page)."""
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
