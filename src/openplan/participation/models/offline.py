"""Offline input (DOMAIN.md §4): paper forms, letters, phone calls, meetings, emails, recorded
by a consultation's coordinators for people without an account.

A proposal that came in offline is an ordinary ``Proposal`` (counted, answered, commented on
like any other) whose public ``channel``, ``received_on`` and optional
``offline_author_name`` say where it came from. ``OfflineInput`` holds the rest of each
recording: who recorded it (staff only), the optional scan (staff only: it may hold the
person's name, address or signature) and, for supports received offline, their number, which
is part of the proposal's exact ``supports_count``."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel

OFFLINE_SUPPORTS_MAX = 100_000


class Channel(models.TextChoices):
    """How a contribution reached the consultation. Online is a channel like the others, so
    totals per channel add up to the totals."""

    ONLINE = "online", _("online")
    PAPER = "paper", _("paper form")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone call")
    MEETING = "meeting", _("in-person meeting")
    EMAIL = "email", _("email")
    OTHER = "other", _("other")


OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]


class OfflineInput(TimeStampedModel):
    """One recording of offline input on a proposal: the proposal itself (``supports`` is 0)
    or a number of supports of it received by one channel (``supports`` > 0)."""

    proposal = models.ForeignKey(
        "participation.Proposal", on_delete=models.CASCADE, related_name="offline_inputs"
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=OFFLINE_CHANNELS, default=Channel.PAPER
    )
    received_on = models.DateField(_("received on"))
    supports = models.PositiveIntegerField(_("supports"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    # The scan: stored under a random name, given back with the name it was uploaded with and
    # the type read from its content (core.files), to the consultation's coordinators only.
    scan = models.FileField(_("scan"), upload_to="offline/%Y/%m/", blank=True)
    scan_filename = models.CharField(max_length=255, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    scan_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel=Channel.ONLINE), name="offline_input_not_online"
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(supports=0),
                name="one_offline_origin_per_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.received_on}: {self.proposal_id}"

    @property
    def scan_name(self) -> str:
        return self.scan_filename or PurePosixPath(self.scan.name or "").name

    def scan_url(self) -> str:
        if not self.scan:
            return ""
        return reverse(
            "participation:offline_scan", kwargs={"pk": self.pk, "filename": self.scan_name}
        )
