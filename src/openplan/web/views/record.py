"""The public record's pages: the list of entries, and the JSON documents anyone uses to check
it (the latest signed checkpoint, inclusion and consistency proofs). Bad parameters are
answered with RFC 9457 problem details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.core.record import selectors
from openplan.core.record.models import EntryKind, RecordEntry

PROBLEM_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str) -> JsonResponse:
    """An RFC 9457 problem details response (``about:blank``: the title is the status's)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JsonResponse(body, status=status, content_type=PROBLEM_TYPE)


def bad_request(detail: str) -> JsonResponse:
    return problem(400, "Bad Request", detail)


def _size(request: HttpRequest, name: str, default: int | None = None) -> int:
    """A non-negative integer query parameter; ValueError with a message naming it."""
    raw = request.GET.get(name, "")
    if raw == "" and default is not None:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(_("“%(name)s” must be a whole number of 0 or more.") % {"name": name})
    return int(raw)


class RecordFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of change"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *EntryKind.choices],
    )
    uri = forms.CharField(
        label=gettext_lazy("Address starts with"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "/commitments/"}),
    )


class RecordListView(PermissionRequiredMixin, ListView):
    """Every entry of the record, newest first, filtered by kind and address."""

    permission_required = PUBLIC
    template_name = "web/record_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.filter_form = RecordFilterForm(self.request.GET or None)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.record_entry_list(
            kind=data.get("kind", ""), uri_prefix=data.get("uri", "").strip()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "filter_form": self.filter_form,
            "query": query.urlencode(),
            "checkpoint": selectors.checkpoint_latest(),
            "public_key": selectors.public_key(),
        }


class RecordCheckpointView(PermissionRequiredMixin, View):
    """The latest signed checkpoint, with the public key that checks it."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> JsonResponse:
        checkpoint = selectors.checkpoint_latest()
        if checkpoint is None:
            return problem(404, "Not Found", _("The record has no checkpoint yet."))
        return JsonResponse(selectors.checkpoint_document(checkpoint))


class RecordInclusionProofView(PermissionRequiredMixin, View):
    """The proof that one entry is in the tree of ``tree_size`` entries: by default the
    latest checkpoint's, or the whole record's for an entry no checkpoint covers yet."""

    permission_required = PUBLIC

    def _default_size(self, sequence: int) -> int:
        latest = selectors.checkpoint_latest()
        if latest is not None and latest.tree_size >= sequence:
            return latest.tree_size
        return selectors.record_size()

    def get(self, request: HttpRequest, sequence: int) -> JsonResponse:
        if not RecordEntry.objects.filter(sequence=sequence).exists():
            return problem(404, "Not Found", _("The record has no entry %(n)s.") % {"n": sequence})
        try:
            tree_size = _size(request, "tree_size", self._default_size(sequence))
        except ValueError as error:
            return bad_request(str(error))
        try:
            proof = selectors.record_inclusion_proof(sequence=sequence, tree_size=tree_size)
        except ValueError:
            return bad_request(
                _(
                    "Entry %(n)s is not in a tree of that size: give a tree_size from %(n)s "
                    "up to %(size)s, the record's size."
                )
                % {"n": sequence, "size": selectors.record_size()}
            )
        return JsonResponse(proof)


class RecordConsistencyProofView(PermissionRequiredMixin, View):
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second``."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> JsonResponse:
        try:
            first, second = _size(request, "first"), _size(request, "second")
        except ValueError as error:
            return bad_request(str(error))
        try:
            proof = selectors.record_consistency_proof(first=first, second=second)
        except ValueError:
            return bad_request(
                _("The sizes must satisfy 0 ≤ first ≤ second ≤ %(size)s, the record's size.")
                % {"size": selectors.record_size()}
            )
        return JsonResponse(proof)
