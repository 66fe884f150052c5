"""Offline input: a consultation's coordinators record proposals and supports received on
paper, by letter, phone, meeting or email; they alone download the scans."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from openplan.core.files import attachment_header
from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.core.views import ServiceFormMixin
from openplan.participation import selectors, services
from openplan.participation.forms import OfflineProposalForm, OfflineSupportsForm
from openplan.participation.models import OfflineInput, Proposal
from openplan.participation.views import ConsultationMixin, ProposalMixin


class OfflineProposalCreateView(ConsultationMixin, ServiceFormMixin, FormView):
    permission_required = "participation.record_offline"
    template_name = "participation/offline_proposal_form.html"
    form_class = OfflineProposalForm
    success_message = gettext_lazy("The proposal received offline has been published.")

    def perform(self, form: OfflineProposalForm) -> Proposal:
        data = form.cleaned_data
        return services.offline_proposal_record(
            consultation=self.consultation,
            recorder=self.request.user,
            channel=data["channel"],
            received_on=data["received_on"],
            title=data["title"],
            body=data["body"],
            author_name=data["author_name"],
            name_consent=data["name_consent"],
            tags=data["tags"],
            scan=data["scan"] or None,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.phase_context()}


class OfflineSupportsView(ProposalMixin, ServiceFormMixin, FormView):
    permission_required = "participation.record_offline"
    template_name = "participation/offline_supports_form.html"
    form_class = OfflineSupportsForm
    success_message = gettext_lazy("The supports received offline have been counted.")

    def get_permission_object(self) -> Proposal:
        return self.proposal

    def perform(self, form: OfflineSupportsForm) -> str:
        data = form.cleaned_data
        services.offline_supports_record(
            proposal=self.proposal,
            recorder=self.request.user,
            channel=data["channel"],
            received_on=data["received_on"],
            supports=data["supports"],
            scan=data["scan"] or None,
        )
        return self.proposal.get_absolute_url() + "#offline"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.proposal_context()}


class OfflineScanView(PermissionRequiredMixin, View):
    """A scan, as an attachment with the type read from its content; 404 for anyone but the
    consultation's coordinators. Never served from MEDIA_URL."""

    permission_required = "participation.view_offline_scan"
    kwargs: dict[str, Any]

    @cached_property
    def offline(self) -> OfflineInput:
        offline = or_404(
            lambda: selectors.offline_scan_get_for_user(
                pk=self.kwargs["pk"], user=self.request.user
            )
        )
        if offline.scan_name != self.kwargs["filename"]:
            raise Http404
        return offline

    def get_permission_object(self) -> OfflineInput:
        return self.offline

    def get(self, request: HttpRequest, pk: int, filename: str) -> FileResponse:
        offline = self.offline
        try:
            content = offline.scan.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(content, content_type=offline.scan_content_type)
        response["Content-Disposition"] = attachment_header(offline.scan_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
