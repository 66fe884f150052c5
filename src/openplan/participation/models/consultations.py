"""Consultations and their phases (the windows in which actions are allowed)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.models.common import BODY_MAX, TITLE_MAX
from openplan.participation.phases import Action
from openplan.participation.states import ConsultationStatus
from openplan.plans.models import ActionPlan, Commitment, Member


class Consultation(TimeStampedModel):
    """A consultation on exactly one of: an action plan (to co-create it), a commitment, or a
    member. Its ``member`` is always set (derived from the subject) so permissions and lists
    need no branching."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consultations")
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=BODY_MAX, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    petition_threshold = models.PositiveIntegerField(
        _("signatures a petition needs"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform's default (OPENPLAN_PETITION_THRESHOLD)."),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(action_plan__isnull=False) & Q(commitment__isnull=False)),
                name="consultation_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation_detail", kwargs={"pk": self.pk})


class Phase(models.Model):
    """A window ``[start, end)`` of a consultation and the actions it allows (data, not code)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=120)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    actions = models.JSONField(_("allowed actions"), default=list, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="phase_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def action_labels(self) -> list[str]:
        return [str(Action(a).label) for a in self.actions if a in Action.values]
