"""Coordinators of a member's government open consultations, add, change and delete phases,
and publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import services
from openplan.participation.forms import ConsultationForm, PhaseForm
from openplan.participation.models import Consultation, Phase
from openplan.participation.views import ConsultationMixin
from openplan.plans.models import ActionPlan, Commitment, Member

SUBJECTS: dict[str, Any] = {
    "member": Member.objects.select_related("government"),
    "plan": ActionPlan.objects.select_related("member__government"),
    "commitment": Commitment.objects.select_related("action_plan__member__government"),
}


class ConsultationCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A draft consultation on a member, one of its action plans or commitments."""

    permission_required = "participation.add_consultation"
    template_name = "participation/consultation_form.html"
    form_class = ConsultationForm
    success_message = gettext_lazy("The draft consultation has been saved. Add its phases.")

    @cached_property
    def subject(self) -> Member | ActionPlan | Commitment:
        queryset = SUBJECTS.get(self.kwargs["kind"])
        if queryset is None:
            raise Http404
        subject: Member | ActionPlan | Commitment = or_404(
            lambda: queryset.get(pk=self.kwargs["pk"])
        )
        return subject

    def get_permission_object(self) -> Member:
        subject = self.subject
        if isinstance(subject, Commitment):
            return subject.action_plan.member
        return subject.member if isinstance(subject, ActionPlan) else subject

    def perform(self, form: ConsultationForm) -> Consultation:
        return services.consultation_create(subject=self.subject, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "subject": self.subject,
                "subject_url": subject_url(self.subject)}  # fmt: skip


def subject_url(subject: Member | ActionPlan | Commitment) -> str:
    if isinstance(subject, Commitment):
        return subject.get_absolute_url()
    if isinstance(subject, ActionPlan):
        return reverse("plans:action_plan_detail", kwargs={"plan": subject.pk})
    return reverse("plans:member_detail", kwargs={"slug": subject.slug})


class PhaseCreateView(ConsultationMixin, ServiceFormMixin, FormView):
    permission_required = "participation.change_consultation"
    template_name = "participation/phase_form.html"
    form_class = PhaseForm
    success_message = gettext_lazy("The phase has been added.")

    def perform(self, form: PhaseForm) -> Consultation:
        services.phase_add(consultation=self.consultation, **form.cleaned_data)
        return self.consultation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "consultation": self.consultation}


class PhaseMixin(ConsultationMixin):
    permission_required = "participation.change_consultation"

    @cached_property
    def phase(self) -> Phase:
        return or_404(lambda: self.consultation.phases.get(pk=self.kwargs["phase"]))


class PhaseEditView(PhaseMixin, ServiceFormMixin, FormView):
    """Change a phase (a started one keeps its start and actions: services.phase_update)."""

    template_name = "participation/phase_form.html"
    form_class = PhaseForm
    success_message = gettext_lazy("The phase has been changed.")

    def get_initial(self) -> dict[str, Any]:
        p = self.phase
        tz = timezone.get_current_timezone()
        return {"name": p.name, "start": p.start.astimezone(tz), "end": p.end.astimezone(tz),
                "actions": p.actions}  # fmt: skip

    def perform(self, form: PhaseForm) -> Consultation:
        services.phase_update(phase=self.phase, **form.cleaned_data)
        return self.consultation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "consultation": self.consultation,
                "phase": self.phase}  # fmt: skip


class PhaseDeleteView(PhaseMixin, View):
    """POST only, from the consultation page."""

    def post(self, request: HttpRequest, pk: int, phase: int) -> HttpResponse:
        try:
            services.phase_delete(phase=self.phase)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The phase has been deleted."))
        return redirect(self.consultation)


class ConsultationTransitionView(ConsultationMixin, View):
    """POST only: publish a draft, archive a published consultation."""

    permission_required = "participation.change_consultation"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.consultation_transition(
                consultation=self.consultation, target=request.POST.get("target", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The consultation's status has been changed."))
        return redirect(self.consultation)
