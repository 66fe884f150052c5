from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.views.generic import DetailView, ListView

from openplan.core.permissions import PermissionRequiredMixin
from openplan.plans import selectors
from openplan.plans.models import Commitment


class CommitmentListView(PermissionRequiredMixin, ListView):
    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_list.html"
    context_object_name = "commitments"
    paginate_by = 40

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.commitment_list_public(
            member=self.request.GET.get("member", ""), query=self.request.GET.get("q", "")[:200]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "q": self.request.GET.get("q", "")}


class CommitmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "plans.view_commitment"
    template_name = "plans/commitment_detail.html"
    context_object_name = "commitment"

    def get_object(self, queryset: Any = None) -> Commitment:
        try:
            return selectors.commitment_get_public(identifier=self.kwargs["identifier"])
        except Commitment.DoesNotExist as exc:
            raise Http404 from exc
