"""Milestone pages of officials: the list with an add form, the edit form, and the POST-only
buttons that delete a milestone or move it up or down. All need ``plans.change_commitment``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from openplan.core.permissions import or_404
from openplan.core.views import ServiceFormMixin
from openplan.plans import selectors, services
from openplan.plans.forms import MilestoneForm
from openplan.plans.models import Commitment, Milestone
from openplan.plans.views import CommitmentMixin


def milestones_url(commitment: Commitment) -> str:
    return reverse("plans:milestone_list", kwargs={"identifier": commitment.identifier})


class MilestoneMixin(CommitmentMixin):
    permission_required = "plans.change_commitment"

    def get_milestone(self) -> Milestone:
        return self.milestone

    @cached_property
    def milestone(self) -> Milestone:
        return or_404(
            lambda: selectors.milestone_get(
                commitment=self.get_permission_object(), pk=self.kwargs["pk"]
            )
        )


class MilestoneListView(CommitmentMixin, ServiceFormMixin, FormView):
    """The commitment's milestones in order, with buttons, and a form to add one."""

    permission_required = "plans.change_commitment"
    template_name = "plans/milestone_list.html"
    form_class = MilestoneForm
    success_message = gettext_lazy("The milestone has been added.")

    def perform(self, form: MilestoneForm) -> str:
        commitment = self.get_permission_object()
        services.milestone_create(
            commitment=commitment, data=form.cleaned_data, organisation=self.acting_organisation()
        )
        return milestones_url(commitment)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "commitment": self.get_permission_object()}


class MilestoneEditView(MilestoneMixin, ServiceFormMixin, FormView):
    template_name = "plans/milestone_form.html"
    form_class = MilestoneForm
    success_message = gettext_lazy("Changes saved.")

    def get_initial(self) -> dict[str, Any]:
        milestone = self.get_milestone()
        return {name: getattr(milestone, name) for name in services.MILESTONE_EDITABLE_FIELDS}

    def perform(self, form: MilestoneForm) -> str:
        services.milestone_update(
            milestone=self.get_milestone(),
            data=form.cleaned_data,
            organisation=self.acting_organisation(),
        )
        return milestones_url(self.get_permission_object())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "commitment": self.get_permission_object(),
            "milestone": self.get_milestone(),
        }


class MilestoneDeleteView(MilestoneMixin, View):
    def post(self, request: HttpRequest, identifier: str, pk: int) -> HttpResponse:
        commitment = self.get_permission_object()
        try:
            services.milestone_delete(
                milestone=self.get_milestone(), organisation=self.acting_organisation()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The milestone has been deleted."))
        return redirect(milestones_url(commitment))


class MilestoneMoveView(MilestoneMixin, View):
    """POST ``direction=up`` or ``direction=down``."""

    def post(self, request: HttpRequest, identifier: str, pk: int) -> HttpResponse:
        commitment = self.get_permission_object()
        try:
            services.milestone_move(
                milestone=self.get_milestone(),
                direction=request.POST.get("direction", ""),
                organisation=self.acting_organisation(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The order of the milestones has been changed."))
        return redirect(milestones_url(commitment))
