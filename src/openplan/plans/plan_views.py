"""Action plan pages: the public page of a plan, and the forms and buttons of officials."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from openplan.core.pagecache import cache_public_page
from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.plans import selectors, services
from openplan.plans.forms import ActionPlanForm
from openplan.plans.models import ActionPlan, Member
from openplan.plans.states import PLAN_TRANSITIONS, PlanStatus
from openplan.plans.views import ActionPlanMixin


def plan_url(plan: ActionPlan) -> str:
    return reverse("plans:action_plan_detail", kwargs={"plan": plan.pk})


@method_decorator(cache_public_page, name="dispatch")
class ActionPlanDetailView(PermissionRequiredMixin, TemplateView):
    """An action plan: its years, status and commitments (drafts only for its officials)."""

    permission_required = "plans.view_actionplan"
    template_name = "plans/action_plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        plan, commitments = or_404(
            lambda: selectors.action_plan_get_for_user(
                pk=self.kwargs["plan"], user=self.request.user
            )
        )
        user = self.request.user
        targets = []
        if user.has_perm("plans.transition_actionplan", plan):
            targets = [
                PlanStatus(t) for t in PlanStatus.values if t in PLAN_TRANSITIONS[plan.status]
            ]
        return {
            **super().get_context_data(**kwargs),
            "plan": plan,
            "commitments": commitments,
            "targets": targets,
        }


class ActionPlanCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "plans.add_actionplan"
    template_name = "plans/action_plan_form.html"
    form_class = ActionPlanForm

    @cached_property
    def member(self) -> Member:
        return or_404(lambda: selectors.member_get(slug=self.kwargs["slug"]))

    def get_permission_object(self) -> Member:
        return self.member

    success_message = gettext_lazy("The draft action plan has been saved.")

    def perform(self, form: ActionPlanForm) -> str:
        plan = services.action_plan_create(
            member=self.get_permission_object(), data=form.cleaned_data
        )
        return plan_url(plan)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "member": self.get_permission_object()}


class ActionPlanEditView(ActionPlanMixin, ServiceFormMixin, FormView):
    permission_required = "plans.change_actionplan"
    template_name = "plans/action_plan_form.html"
    form_class = ActionPlanForm

    def get_initial(self) -> dict[str, Any]:
        plan = self.get_permission_object()
        return {name: getattr(plan, name) for name in services.PLAN_EDITABLE_FIELDS}

    success_message = gettext_lazy("Changes saved.")

    def perform(self, form: ActionPlanForm) -> str:
        plan = self.get_permission_object()
        services.action_plan_update(plan=plan, data=form.cleaned_data)
        return plan_url(plan)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        plan = self.get_permission_object()
        return {**super().get_context_data(**kwargs), "plan": plan, "member": plan.member}


class ActionPlanTransitionView(ActionPlanMixin, View):
    """POST-only: move the plan to the status named in ``target``."""

    permission_required = "plans.transition_actionplan"

    def post(self, request: HttpRequest, plan: int) -> HttpResponse:
        action_plan = self.get_permission_object()
        try:
            services.action_plan_transition(plan=action_plan, target=request.POST.get("target", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action plan's status has been changed."))
        return redirect(plan_url(action_plan))
