"""The site-wide search page: every registered kind of content, ranked, with matches marked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from openplan.core.pagecache import cache_public_page
from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.search import selectors
from openplan.search.registry import REGISTRY

PER_PAGE = 20


def _kind_choices() -> list[tuple[str, Any]]:
    kinds = [
        (kind, str(s.model._meta.verbose_name_plural).capitalize()) for kind, s in REGISTRY.items()
    ]
    return [("", _("Everything")), *sorted(kinds, key=lambda choice: choice[1])]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Show"), required=False, choices=_kind_choices)


class SearchResultList:
    """The results as a sequence a Paginator can slice: one count, then one page query."""

    def __init__(self, text: str, kinds: list[str]) -> None:
        self.text, self.kinds = text, kinds

    @cached_property
    def found(self) -> selectors.Probe:
        return selectors.probe(self.text, kinds=self.kinds)

    def count(self) -> int:
        return self.found.count

    def __getitem__(self, page: slice) -> list[selectors.Hit]:
        start, stop = page.start or 0, page.stop or 0
        return selectors.search(
            self.text, kinds=self.kinds, offset=start, limit=stop - start, found=self.found
        )


@method_decorator(cache_public_page, name="dispatch")
class SearchView(PermissionRequiredMixin, TemplateView):
    permission_required = PUBLIC
    template_name = "web/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = SearchForm(self.request.GET or None)
        context = {**super().get_context_data(**kwargs), "form": form}
        if not form.is_valid() or not form.cleaned_data["q"].strip():
            return context
        kind = form.cleaned_data["kind"]
        results = SearchResultList(form.cleaned_data["q"], [kind] if kind else [])
        paginator: Paginator[selectors.Hit] = Paginator(results, PER_PAGE)  # type: ignore[arg-type]
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        labels = {k: s.model._meta.verbose_name for k, s in REGISTRY.items()}
        return {
            **context,
            "searched": True,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "hits": [(hit, labels.get(hit.kind, "")) for hit in page.object_list],
            "query": query.urlencode(),
            "more_than": selectors.COUNT_LIMIT if paginator.count > selectors.COUNT_LIMIT else None,
        }
