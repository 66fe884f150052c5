"""Notifications: one row per person and event about something they follow, and each
person's choice of email (none, at once, or a daily digest). Both are personal data: they are
in the person's data export and go with their account (``on_delete=CASCADE``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openplan.participation.models.common import TITLE_MAX, GenericTarget


class Notification(GenericTarget):
    """Something a person follows changed in public. ``target`` is the object that changed
    (the page ``url`` shows it); ``title`` is its public title when the event happened, so the
    list needs no query per row. Who acted is not kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=40)
    title = models.CharField(_("title"), max_length=TITLE_MAX + 100)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["user", "created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailChoice(models.TextChoices):
    NONE = "none", _("No email")
    IMMEDIATE = "immediate", _("An email for each notification, as it happens")
    DAILY = "daily", _("One email a day with what happened (daily digest)")


class NotificationSettings(models.Model):
    """A person's email choice. Without a row: no email (privacy by default, docs)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        _("email"), max_length=10, choices=EmailChoice.choices, default=EmailChoice.NONE
    )
    changed_at = models.DateTimeField(auto_now=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
