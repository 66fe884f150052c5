from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View

from openplan.core.pagecache import cache_public_page
from openplan.core.permissions import PermissionRequiredMixin, or_404
from openplan.taxonomy import selectors
from openplan.taxonomy.models import Scheme
from openplan.taxonomy.skos import FORMATS, scheme_serialize

PERMISSION = "taxonomy.view_vocabulary"


def _scheme_or_404(slug: str) -> Scheme:
    return or_404(lambda: selectors.scheme_get(slug=slug))


@method_decorator(cache_public_page, name="dispatch")
class SchemeListView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "taxonomy/scheme_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "schemes": selectors.scheme_list()}


@method_decorator(cache_public_page, name="dispatch")
class SchemeDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "taxonomy/scheme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scheme = _scheme_or_404(self.kwargs["scheme"])
        return {
            **super().get_context_data(**kwargs),
            "scheme": scheme,
            "tree": selectors.concept_tree(scheme),
            "formats": FORMATS,
        }


@method_decorator(cache_public_page, name="dispatch")
class ConceptDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "taxonomy/concept_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        concept = or_404(
            lambda: selectors.concept_get(
                scheme=self.kwargs["scheme"], notation=self.kwargs["notation"]
            )
        )
        return {**super().get_context_data(**kwargs), "concept": concept}


class SchemeExportView(PermissionRequiredMixin, View):
    """SKOS in Turtle (``skos.ttl``) or JSON-LD (``skos.jsonld``)."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, scheme: str, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        body, content_type = scheme_serialize(_scheme_or_404(scheme), fmt)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{scheme}.{fmt}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response
