"""Public pages of consultations and proposals, and the forms of participants. Views parse,
authorise, call one service or selector, and render; the services explain refusals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import phases, selectors, services
from openplan.participation.forms import CommentForm, ProposalForm
from openplan.participation.models import Consultation, Proposal
from openplan.participation.phases import Action
from openplan.participation.spam import rate_limit_check

PROPOSALS_PER_PAGE = 40


class ConsultationListView(PermissionRequiredMixin, ListView):
    permission_required = PUBLIC
    template_name = "participation/consultation_list.html"
    context_object_name = "consultations"
    paginate_by = 20

    def get_queryset(self) -> Any:
        return selectors.consultation_list_public()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for consultation in context["consultations"]:
            consultation.current_phase = phases.current_phase(consultation.phases.all(), now)
        return context


class ConsultationMixin(PermissionRequiredMixin):
    permission_required = "participation.view_consultation"
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def consultation(self) -> Consultation:
        return or_404(
            lambda: selectors.consultation_get_for_user(
                pk=self.kwargs["pk"], user=self.request.user
            )
        )

    def get_permission_object(self) -> Consultation:
        return self.consultation

    def phase_context(self) -> dict[str, Any]:
        now, all_phases = timezone.now(), list(self.consultation.phases.all())
        return {
            "consultation": self.consultation,
            "now": now,
            "phases": all_phases,
            "current_phase": phases.current_phase(all_phases, now),
            "can": {a: phases.allows(all_phases, a, now) for a in Action.values},
        }


class ConsultationDetailView(ConsultationMixin, TemplateView):
    template_name = "participation/consultation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            **self.phase_context(),
            "proposal_total": selectors.proposal_list(consultation=self.consultation).count(),
            "petition_total": selectors.petition_list(consultation=self.consultation).count(),
            "totals": selectors.channel_totals(consultation=self.consultation),
            "following": selectors.is_following(user=user, target=self.consultation),
            "meetings": selectors.meeting_list(consultation=self.consultation),
        }


class ProposalListView(ConsultationMixin, TemplateView):
    """The consultation's proposals, 40 a page, newest or most supported first."""

    template_name = "participation/proposal_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        order = "supported" if self.request.GET.get("order") == "supported" else "new"
        proposals = selectors.proposal_list(consultation=self.consultation, order=order)
        page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            **self.phase_context(),
            "page_obj": page,
            "proposals": page.object_list,
            "is_paginated": page.has_other_pages(),
            "order": order,
            "query": f"order={order}",
        }


class ContributionMixin(ServiceFormMixin):
    """A participant's form: the honeypot (in the form), then the rate limits, then the
    service, whose ValidationError comes back on the form."""

    request: HttpRequest

    def perform(self, form: Any) -> Any:
        rate_limit_check(self.request)
        return self.contribute(form)

    def contribute(self, form: Any) -> Any:
        raise NotImplementedError


class ProposalCreateView(ConsultationMixin, ContributionMixin, FormView):
    permission_required = "participation.contribute"
    template_name = "participation/proposal_form.html"
    form_class = ProposalForm
    success_message: Any = gettext_lazy("Your proposal has been published.")

    def contribute(self, form: ProposalForm) -> Proposal:
        proposal = services.proposal_create(
            consultation=self.consultation,
            author=self.request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
        if not proposal.is_visible:
            self.success_message = _(
                "Thank you. As this is your first contribution, it will appear once a "
                "moderator has looked at it."
            )
        return proposal

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.phase_context()}


class ProposalMixin(PermissionRequiredMixin):
    permission_required = "participation.view_consultation"
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def proposal(self) -> Proposal:
        return or_404(
            lambda: selectors.proposal_get_for_user(pk=self.kwargs["pk"], user=self.request.user)
        )

    def get_permission_object(self) -> Any:
        return self.proposal.consultation

    def proposal_context(self) -> dict[str, Any]:
        now = timezone.now()
        all_phases = list(self.proposal.consultation.phases.all())
        return {
            "proposal": self.proposal,
            "consultation": self.proposal.consultation,
            "can": {a: phases.allows(all_phases, a, now) for a in Action.values},
        }


class ProposalDetailView(ProposalMixin, TemplateView):
    template_name = "participation/proposal_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, proposal = self.request.user, self.proposal
        return {
            **super().get_context_data(**kwargs),
            **self.proposal_context(),
            "thread": selectors.comment_thread(proposal=proposal, user=user),
            "supported": bool(selectors.supported_ids(user=user, proposals=[proposal])),
            "following": selectors.is_following(user=user, target=proposal),
            "response": selectors.proposal_response(proposal),
            "offline_inputs": selectors.offline_inputs(proposal),
            "comment_form": CommentForm(auto_id="comment_%s"),
        }


class ProposalEditView(ProposalMixin, ContributionMixin, FormView):
    permission_required = "participation.change_proposal"
    template_name = "participation/proposal_form.html"
    form_class = ProposalForm
    success_message: Any = gettext_lazy("Your proposal has been changed.")

    def get_permission_object(self) -> Proposal:
        return self.proposal

    def get_initial(self) -> dict[str, Any]:
        p = self.proposal
        return {"title": p.title, "body": p.body, "tags": list(p.tags.all())}

    def contribute(self, form: ProposalForm) -> Proposal:
        return services.proposal_update(
            proposal=self.proposal,
            actor=self.request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.proposal_context()}


class ProposalWithdrawView(ProposalMixin, View):
    """POST only, from the proposal page."""

    permission_required = "participation.change_proposal"

    def get_permission_object(self) -> Proposal:
        return self.proposal

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.proposal_withdraw(proposal=self.proposal, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your proposal has been withdrawn."))
        return redirect(self.proposal)


class CommentCreateView(ProposalMixin, ContributionMixin, FormView):
    """A comment on the proposal, or (``?parent=<id>``) a reply to one of its comments."""

    permission_required = "participation.contribute"
    template_name = "participation/comment_form.html"
    form_class = CommentForm
    success_message: Any = gettext_lazy("Your comment has been published.")

    @cached_property
    def parent(self) -> Any:
        raw = self.request.POST.get("parent") or self.request.GET.get("parent") or ""
        if not raw.isdigit():
            return None
        return or_404(lambda: self.proposal.comments.select_related("author").get(pk=int(raw)))

    def get_initial(self) -> dict[str, Any]:
        return {"parent": self.parent.pk if self.parent else None}

    def contribute(self, form: CommentForm) -> str:
        comment = services.comment_create(
            proposal=self.proposal,
            author=self.request.user,
            body=form.cleaned_data["body"],
            parent=self.parent,
        )
        if not comment.is_visible:
            self.success_message = _(
                "Thank you. As this is your first contribution, it will appear once a "
                "moderator has looked at it."
            )
        return comment.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.proposal_context(),
                "parent": self.parent}  # fmt: skip


class SupportView(ProposalMixin, View):
    """POST only: support (``support=True``) or take one's support back."""

    permission_required = "participation.contribute"
    support = True

    @cached_property
    def proposal(self) -> Proposal:  # the lean load: this view only writes (bench/writes.py)
        return or_404(
            lambda: selectors.proposal_get_for_action(pk=self.kwargs["pk"], user=self.request.user)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            if self.support:
                services.support_add(proposal=self.proposal, user=request.user)
                messages.success(request, _("You support this proposal."))
            elif services.support_remove(proposal=self.proposal, user=request.user):
                messages.success(request, _("You no longer support this proposal."))
            else:
                messages.info(request, _("You did not support this proposal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.proposal)
