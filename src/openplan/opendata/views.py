"""The DCAT-AP catalogue (content-negotiated at ``/catalog``, or one format per address),
and ``robots.txt``. Feeds are in ``feeds.py``, the sitemap in ``sitemaps.py``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.views.generic import TemplateView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.opendata import selectors
from openplan.opendata.dcat import FORMATS, Site, catalog_graph, catalog_serialize

# What /catalog answers to, in order of preference when the client takes anything (*/*).
OFFERS = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "jsonld",
    "application/xml": "rdf",
}


def site_for(request: HttpRequest) -> Site:
    """The catalogue's base address: ``OPENPLAN_BASE_URL``, else the request's own."""
    return Site(settings.OPENPLAN_BASE_URL or request.build_absolute_uri("/").rstrip("/"))


def catalog_response(request: HttpRequest, fmt: str) -> HttpResponse:
    data = selectors.catalog_data()
    body, content_type = catalog_serialize(catalog_graph(data, site_for(request)), fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    if data.modified is not None:
        response["Last-Modified"] = http_date(data.modified.timestamp())
    return response


def _alternates(request: HttpRequest) -> str:
    return ", ".join(
        f"<{request.build_absolute_uri(reverse('opendata:catalog_format', args=[fmt]))}>; "
        f'rel="alternate"; type="{content_type}"'
        for fmt, (_serializer, content_type, _type) in FORMATS.items()
    )


class CatalogView(PermissionRequiredMixin, TemplateView):
    """``/catalog``: Turtle, JSON-LD or RDF/XML as the Accept header asks, a page for
    browsers, and 406 Not Acceptable (with the list of types) for anything else."""

    permission_required = PUBLIC
    template_name = "opendata/catalog.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        preferred = request.get_preferred_type(list(OFFERS))
        if preferred is None:
            response: HttpResponse = HttpResponse(
                "Not acceptable. Available: " + ", ".join(OFFERS) + "\n",
                status=406,
                content_type="text/plain; charset=utf-8",
            )
        elif OFFERS[preferred] == "html":
            response = super().get(request, *args, **kwargs)
        else:
            response = catalog_response(request, OFFERS[preferred])
        patch_vary_headers(response, ["Accept"])
        response["Link"] = _alternates(request)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "formats": [
                ("ttl", "Turtle", "text/turtle"),
                ("jsonld", "JSON-LD", "application/ld+json"),
                ("rdf", "RDF/XML", "application/rdf+xml"),
            ],
            "licence": settings.OPENPLAN_DATA_LICENCE,
        }


class CatalogFormatView(PermissionRequiredMixin, View):
    """``/catalog.ttl``, ``/catalog.jsonld``, ``/catalog.rdf``."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        return catalog_response(request, fmt)


class RobotsView(PermissionRequiredMixin, View):
    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> HttpResponse:
        sitemap = site_for(request).url(reverse("opendata:sitemap"))
        accounts = reverse("account_login").removesuffix("login/")  # sign-in pages
        lines = ["User-agent: *", f"Disallow: {accounts}", "", f"Sitemap: {sitemap}"]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
