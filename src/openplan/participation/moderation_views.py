"""Following, flagging, moderating (with the public log), and the government's responses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import selectors, services
from openplan.participation.forms import FlagForm, ModerationForm, ResponseForm
from openplan.participation.models import Comment, Petition, Proposal
from openplan.participation.views import ConsultationMixin, ProposalMixin


def _back(request: HttpRequest, target: Any) -> HttpResponse:
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    return redirect(url)


class FollowView(PermissionRequiredMixin, View):
    """POST only: ``follow`` or ``unfollow`` a consultation, a proposal or a commitment."""

    permission_required = "participation.contribute"

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        target = or_404(
            lambda: selectors.followable_get_for_user(kind=kind, pk=pk, user=request.user)
        )
        if request.POST.get("action") == "unfollow":
            services.follow_remove(user=request.user, target=target)
            messages.success(request, _("You no longer follow this."))
        else:
            services.follow_set(user=request.user, target=target)
            messages.success(request, _("You follow this now."))
        return _back(request, target)


class ContributionTargetMixin(PermissionRequiredMixin):
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def target(self) -> Proposal | Comment | Petition:
        kind, pk, user = self.kwargs["kind"], self.kwargs["pk"], self.request.user
        return or_404(lambda: selectors.contribution_get_for_user(kind=kind, pk=pk, user=user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        return {**context, "target": self.target, "kind": self.kwargs["kind"]}


class FlagView(ContributionTargetMixin, ServiceFormMixin, FormView):
    permission_required = "participation.contribute"
    template_name = "participation/flag_form.html"
    form_class = FlagForm
    success_message = gettext_lazy("Thank you: the moderators will look at it.")

    def perform(self, form: FlagForm) -> str:
        services.flag_create(
            user=self.request.user, target=self.target, reason=form.cleaned_data["reason"]
        )
        return self.target.get_absolute_url()


class ModerateView(ContributionTargetMixin, ServiceFormMixin, FormView):
    """Moderators hide (with a public reason), restore, or approve a held contribution."""

    permission_required = "participation.moderate"
    template_name = "participation/moderate_form.html"
    form_class = ModerationForm
    success_message = gettext_lazy("Done. The act is in the public moderation log.")

    def perform(self, form: ModerationForm) -> str:
        act, reason = self.request.POST.get("act"), form.cleaned_data["reason"]
        moderator = self.request.user
        if act == "hide":
            services.content_hide(target=self.target, moderator=moderator, reason=reason)
        elif act == "restore":
            services.content_restore(target=self.target, moderator=moderator, reason=reason)
        elif act == "approve":
            services.content_approve(target=self.target, moderator=moderator)
        else:
            raise ValidationError(_("Choose what to do."))
        return self.target.get_absolute_url()


class ModerationLogView(PermissionRequiredMixin, ListView):
    permission_required = PUBLIC
    template_name = "participation/moderation_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return selectors.moderation_log()


class ModerationQueueView(PermissionRequiredMixin, TemplateView):
    permission_required = "participation.moderate"
    template_name = "participation/moderation_queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "items": selectors.moderation_queue()}


class ResponseView(ProposalMixin, ServiceFormMixin, FormView):
    """The government's reasoned response to a proposal (its coordinators)."""

    permission_required = "participation.respond_proposal"
    template_name = "participation/response_form.html"
    form_class = ResponseForm
    success_message = gettext_lazy("The response has been published.")

    def get_permission_object(self) -> Proposal:
        return self.proposal

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "member_id": self.proposal.consultation.member_id}

    def get_initial(self) -> dict[str, Any]:
        response = selectors.proposal_response(self.proposal)
        if response is None:
            return {}
        return {"kind": response.kind, "reason": response.reason,
                "commitments": list(response.commitments.all())}  # fmt: skip

    def perform(self, form: ResponseForm) -> str:
        services.response_set(
            proposal=self.proposal,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            commitments=form.cleaned_data["commitments"],
        )
        return self.proposal.get_absolute_url() + "#response"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.proposal_context()}


class ConsultationReportView(ConsultationMixin, TemplateView):
    """Every proposal with its response, and "N of M answered"."""

    template_name = "participation/consultation_report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "report": selectors.consultation_report(consultation=self.consultation),
            "totals": selectors.channel_totals(consultation=self.consultation),
        }
