"""Personal access tokens for the write API (``docs/api.md``, "Writing").

A token acts for its person, with that person's permissions (``rules``), narrowed to its
scopes; it expires, can be revoked, and only its SHA-256 is stored: the token itself is shown
once, at creation, and afterwards only its first characters (``prefix``), to recognise it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel

TOKEN_PREFIX = "opt_"  # nosec B105 # noqa: S105 - the marker every token starts with, not a secret
SHOWN_CHARACTERS = 12  # "opt_" and 8 random characters: enough to tell tokens apart


class Scope(models.TextChoices):
    PROGRESS_WRITE = "progress:write", _("Report progress on commitments (with evidence)")


def token_hash(raw: str) -> str:
    """Tokens are 256 random bits: a plain SHA-256 is enough (no dictionary to guess from)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class AccessToken(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=SHOWN_CHARACTERS, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


class ReleaseTag(models.TextChoices):
    """What a release is, as the Open Contracting Data Standard's release tags."""

    PLANNING = "planning", _("Planning")
    COMMITMENT = "commitment", _("Commitment")
    IMPLEMENTATION = "implementation", _("Implementation")
    ASSESSMENT = "assessment", _("Assessment")
    AMENDMENT = "amendment", _("Amendment")


class ImmutableReleaseError(Exception):
    """A release, once written, is never changed or deleted."""


class ReleaseQuerySet(models.QuerySet["Release"]):
    def update(self, **kwargs: object) -> int:
        raise ImmutableReleaseError("releases are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableReleaseError("releases are never deleted")


class Release(models.Model):
    """One publication or change of a public commitment: its full public representation (as
    ``/api/v1/commitments/{identifier}`` showed it then), written in the transaction of the
    change and never changed afterwards. ``digest`` is the SHA-256 of the snapshot's
    canonical JSON, so a changed row can be told."""

    commitment = models.ForeignKey(
        "plans.Commitment", on_delete=models.PROTECT, related_name="releases"
    )
    number = models.PositiveIntegerField()
    release_id = models.CharField(max_length=80, unique=True)
    date = models.DateTimeField(default=timezone.now)
    tag = models.CharField(max_length=20, choices=ReleaseTag.choices)
    snapshot = models.JSONField()
    digest = models.CharField(max_length=64)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["commitment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "number"], name="release_number_unique")
        ]

    def __str__(self) -> str:
        return self.release_id

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ImmutableReleaseError(f"release {self.release_id} is never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ImmutableReleaseError(f"release {self.release_id} is never deleted")
