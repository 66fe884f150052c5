"""People, organisations and the roles people hold in them."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel


def new_pseudonym() -> str:
    return "participant-" + secrets.token_hex(4)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_superuser=True, is_staff=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """An account. People log in with their email; the public sees only the display name,
    or a random pseudonym when the person chose none."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True, max_length=320)
    display_name = models.CharField(
        _("public display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to what you contribute. Leave empty to stay pseudonymous."),
    )
    pseudonym = models.CharField(max_length=32, unique=True, default=new_pseudonym, editable=False)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.pseudonym

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Permissions are ``rules`` permissions only, and a superuser is a platform admin only
        once MFA is enrolled. (Django's own shortcut would let any active superuser do
        anything, MFA or not; Django model permissions are not used outside the admin.)"""
        from openplan.core.mfa import mfa_enrolled

        if not self.is_active:
            return False
        if self.is_superuser and mfa_enrolled(self):
            return True
        return rules.has_perm(perm, self, obj)

    def has_module_perms(self, app_label: str) -> bool:
        from openplan.core.mfa import mfa_enrolled

        return self.is_active and self.is_superuser and mfa_enrolled(self)


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    CSO = "cso", _("Civil-society organisation")
    COMPANY = "company", _("Company")
    ACADEMIA = "academia", _("Academia")
    INTERNATIONAL = "international", _("International organisation")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    org_type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    is_verified = models.BooleanField(
        _("verified by the platform"),
        default=False,
        help_text=_("Set by platform administrators once they have confirmed who runs it."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_government(self) -> bool:
        return self.org_type == OrganisationType.GOVERNMENT


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    EDITOR = "editor", _("Editor")
    COORDINATOR = "coordinator", _("Coordinator")


class Membership(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        ordering = ["organisation__name", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class Invitation(TimeStampedModel):
    """An invitation by email to join an organisation. Only the SHA-256 of the link's token is
    stored, so a copy of the database cannot be used to accept invitations."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"), max_length=320)
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.organisation} ({self.status})"
