"""Writes of the opendata app: personal access tokens and the release history."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.opendata.api import represent
from openplan.opendata.api import selectors as api_selectors
from openplan.opendata.api.represent import Site
from openplan.opendata.models import (
    SHOWN_CHARACTERS,
    TOKEN_PREFIX,
    AccessToken,
    Release,
    ReleaseTag,
    Scope,
    token_hash,
)
from openplan.opendata.releases import snapshot_digest
from openplan.plans.models import Commitment

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


# --- Release history ---------------------------------------------------------------------------

KIND_TAGS = {
    "publication": ReleaseTag.COMMITMENT,
    "progress": ReleaseTag.IMPLEMENTATION,
    "assessment": ReleaseTag.ASSESSMENT,
    "edit": ReleaseTag.AMENDMENT,
    "status": ReleaseTag.AMENDMENT,
}


def release_site() -> Site:
    """Releases never change, so their addresses use the configured base, not a request's."""
    return Site(settings.OPENPLAN_BASE_URL or settings.SITE_URL)


@transaction.atomic
def release_create(*, commitment: Commitment, kind: str) -> Release:
    """Keep the public commitment's current API representation as its next release. Called
    (through ``plans.services.record.commitment_listeners``) in the transaction of every public
    change; the commitment's row is locked so two changes number their releases in turn."""
    locked = Commitment.objects.select_for_update().only("pk").get(pk=commitment.pk)
    snapshot = represent.commitment(
        api_selectors.commitment_get_api(identifier=commitment.identifier), release_site()
    )
    last = Release.objects.filter(commitment=locked).aggregate(last=Max("number"))["last"] or 0
    return Release.objects.create(
        commitment=locked,
        number=last + 1,
        release_id=f"{commitment.identifier}-{last + 1:04}",
        tag=KIND_TAGS.get(kind, ReleaseTag.AMENDMENT),
        snapshot=snapshot,
        digest=snapshot_digest(snapshot),
    )
