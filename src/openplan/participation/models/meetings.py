"""Meetings of a consultation (in person, online or both) and the registrations of the people
who come. Who registered is personal data: pages and the record show counts only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.models.common import BODY_MAX, TITLE_MAX
from openplan.participation.models.consultations import Consultation
from openplan.participation.states import MeetingStatus, RegistrationStatus

ADDRESS_MAX = 500


class MeetingKind(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("in person and online")


class Meeting(TimeStampedModel):
    """A meeting ``[start, end)`` of a consultation. An in-person meeting has a place, an online
    one a link, a hybrid one both (the services say so when one is missing). ``capacity`` is
    the number of confirmed places (None: no limit); later registrations wait in order. Once
    held, a coordinator closes it with the minutes and the attendance counts."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    agenda = models.TextField(_("agenda"), max_length=BODY_MAX, blank=True)
    agenda_html = models.TextField(editable=False, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    address = models.CharField(_("place"), max_length=ADDRESS_MAX, blank=True)
    online_url = models.URLField(_("link to join online"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
    )
    minutes = models.TextField(_("minutes"), max_length=BODY_MAX * 5, blank=True)
    minutes_html = models.TextField(editable=False, blank=True)
    attendees = models.PositiveIntegerField(_("people who attended"), null=True, blank=True)
    organisations = models.PositiveIntegerField(
        _("organisations represented"), null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["consultation", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:meeting_detail", kwargs={"pk": self.pk})

    @property
    def has_place(self) -> bool:
        return self.kind in (MeetingKind.IN_PERSON, MeetingKind.HYBRID)

    @property
    def online_link(self) -> str:
        """The link, only if it is a web address (the services accept no other; this guards
        the pages against anything stored some other way)."""
        url = self.online_url.strip()
        return url if url.lower().startswith(("https://", "http://")) else ""

    @property
    def is_online(self) -> bool:
        return self.kind in (MeetingKind.ONLINE, MeetingKind.HYBRID)


class Registration(models.Model):
    """One person's registration for one meeting (a unique constraint): a confirmed place, or
    a place on the waiting list, whose order is the order of the rows (``pk``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"registration {self.user_id} → {self.meeting_id} ({self.status})"
