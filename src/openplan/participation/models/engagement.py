"""Follows, flags and the public moderation log: each points at any object (a generic target)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.participation.models.common import REASON_MAX, GenericTarget


class Follow(GenericTarget):
    """A person follows anything: a consultation, a proposal, a commitment, an action plan."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_person"
            )
        ]
        # The followers of an object, for notifications (services/notifications.py).
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self) -> str:
        return f"follow {self.user_id} → {self.content_type_id}/{self.object_id}"


class Flag(GenericTarget):
    """A signed-in person asks the moderators to look at a proposal or a comment (not public)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=REASON_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_flag_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"flag {self.user_id} → {self.content_type_id}/{self.object_id}"


class ModerationAct(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    APPROVE = "approve", _("approved")


class ModerationEntry(GenericTarget):
    """The public moderation log: what was done to which contribution, why and when. The
    moderator is kept for accountability among staff; the public log shows the act."""

    act = models.CharField(max_length=10, choices=ModerationAct.choices)
    reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.act} {self.object_url}"
