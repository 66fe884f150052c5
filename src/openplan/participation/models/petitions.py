"""E-petitions and their signatures. A petition is held until a moderator approves it; a
signature counts only once its email address is confirmed; reaching the petition's threshold
obliges the responsible organisation (the member's government) to answer by a deadline.

``signatures_count`` is derived data: the confirming service moves it with ``F()`` in the
same transaction as the signature's ``confirmed_at``, and ``reconcile_counters`` recomputes it
from the confirmed rows."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.models.common import BODY_MAX, TITLE_MAX, Moderated
from openplan.participation.models.consultations import Consultation
from openplan.participation.states import Moderation

SIGNER_NAME_MAX = 100


class Petition(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="petitions"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("petition"), max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Copied from the consultation (or the setting) when the petition is started, so a later
    # change of the consultation's threshold never moves a running petition's goal.
    threshold = models.PositiveIntegerField(_("signatures needed"))
    signatures_count = models.PositiveIntegerField(default=0)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1), name="petition_threshold_min"),
            models.CheckConstraint(
                condition=Q(threshold_reached_at__isnull=True, answer_due__isnull=True)
                | Q(threshold_reached_at__isnull=False, answer_due__isnull=False),
                name="petition_due_with_reached",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:petition_detail", kwargs={"pk": self.pk})

    @property
    def answer(self) -> PetitionAnswer | None:
        try:
            return self.petition_answer
        except ObjectDoesNotExist:
            return None

    @property
    def progress_percent(self) -> int:
        return min(100, self.signatures_count * 100 // self.threshold) if self.threshold else 0

    @property
    def is_overdue(self) -> bool:
        """The deadline has passed without an answer."""
        return (
            self.answer_due is not None
            and self.answer_due <= timezone.now()
            and self.answer is None
        )

    @property
    def is_public(self) -> bool:
        return self.moderation != Moderation.PENDING


class Signature(models.Model):
    """One person's signature of one petition, counted once ``confirmed_at`` is set (by the
    link sent to ``email``). One per petition and address, and one per petition and account,
    by the database's own rules. The address is personal data: never public, never in the API,
    the downloads or the public record; erased with the account (``email`` NULL, the
    confirmed signature still counts)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    email = models.EmailField(_("email address"), max_length=320, null=True, blank=True)
    name = models.CharField(_("name"), max_length=SIGNER_NAME_MAX, blank=True)
    show_name = models.BooleanField(_("show my name on the petition"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "email"], name="one_signature_per_email"),
            models.UniqueConstraint(
                fields=["petition", "user"],
                condition=Q(user__isnull=False),
                name="one_signature_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"signature {self.pk} → {self.petition_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class PetitionAnswer(TimeStampedModel):
    """The responsible organisation's public answer to a petition."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="petition_answer"
    )
    text = models.TextField(_("answer"), max_length=BODY_MAX)
    text_html = models.TextField(editable=False)
    organisation_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"answer to {self.petition_id}"
