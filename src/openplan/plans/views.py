from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.generic import DetailView, ListView, TemplateView, View

from openplan.core.permissions import PermissionRequiredMixin
from openplan.plans import selectors
from openplan.plans.export import commitment_csv_rows
from openplan.plans.filters import CommitmentFilterForm
from openplan.plans.models import Commitment


class FilteredCommitmentsMixin(PermissionRequiredMixin):
    permission_required = "plans.view_commitment"
    request: HttpRequest

    def filtered(self) -> QuerySet[Commitment]:
        self.filter_form = CommitmentFilterForm(self.request.GET or None)
        commitments = selectors.commitment_list_public()
        if self.filter_form.is_valid():
            commitments = self.filter_form.apply(commitments)
        return commitments


class CommitmentListView(FilteredCommitmentsMixin, ListView):
    template_name = "plans/commitment_list.html"
    context_object_name = "commitments"
    paginate_by = 40

    def get_queryset(self) -> QuerySet[Commitment]:
        return self.filtered()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "filter_form": self.filter_form,
            "query": query.urlencode(),
        }


class CommitmentCsvView(FilteredCommitmentsMixin, View):
    """The same list, all pages, as CSV."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            commitment_csv_rows(self.filtered()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="commitments.csv"'
        return response


class CommitmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_detail.html"
    context_object_name = "commitment"

    def get_object(self, queryset: Any = None) -> Commitment:
        try:
            return selectors.commitment_get_public(identifier=self.kwargs["identifier"])
        except Commitment.DoesNotExist as exc:
            raise Http404 from exc


class CommitmentHistoryView(PermissionRequiredMixin, TemplateView):
    """Every published state of a commitment: what changed, when, by which organisation."""

    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            commitment, versions = selectors.commitment_history_public(
                identifier=self.kwargs["identifier"]
            )
        except Commitment.DoesNotExist as exc:
            raise Http404 from exc
        return {
            **super().get_context_data(**kwargs),
            "commitment": commitment,
            "versions": versions,
        }
