"""sitemap.xml: an index of sections, each paginated at ``LIMIT`` addresses a page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from openplan.opendata import selectors

LIMIT = 10_000


class BaseSitemap(Sitemap[Any]):
    """Addresses on ``OPENPLAN_BASE_URL`` when it is set, else on the request's host."""

    limit = LIMIT

    def get_protocol(self, protocol: str | None = None) -> str:
        if settings.OPENPLAN_BASE_URL:
            return urlsplit(settings.OPENPLAN_BASE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site: Any = None) -> str:
        if settings.OPENPLAN_BASE_URL:
            return urlsplit(settings.OPENPLAN_BASE_URL).netloc
        return super().get_domain(site)


class StaticSitemap(BaseSitemap):
    def items(self) -> list[str]:
        return [
            "web:home", "web:about", "plans:commitment_list", "plans:member_list",
            "taxonomy:scheme_list", "opendata:catalog", "opendata:downloads",
        ]  # fmt: skip

    def location(self, item: str) -> str:
        return reverse(item)


class ModelSitemap(BaseSitemap):
    """A section of model objects; ``lastmod`` is their ``updated_at``."""

    def lastmod(self, item: Any) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        """One aggregate query (Django's default would load every object)."""
        queryset: QuerySet[Model] = self.items()  # type: ignore[assignment]
        latest: dt.datetime | None = queryset.order_by().aggregate(latest=Max("updated_at"))[
            "latest"
        ]
        return latest


class MemberSitemap(ModelSitemap):
    def items(self) -> QuerySet[Any]:
        return selectors.sitemap_members()

    def location(self, item: Any) -> str:
        return reverse("plans:member_detail", args=[item.slug])


class PlanSitemap(ModelSitemap):
    def items(self) -> QuerySet[Any]:
        return selectors.sitemap_plans()

    def location(self, item: Any) -> str:
        return reverse("plans:action_plan_detail", args=[item.pk])


class CommitmentSitemap(ModelSitemap):
    def items(self) -> QuerySet[Any]:
        return selectors.sitemap_commitments()

    def location(self, item: Any) -> str:
        return item.get_absolute_url()


class SchemeSitemap(ModelSitemap):
    def items(self) -> QuerySet[Any]:
        return selectors.sitemap_schemes()

    def location(self, item: Any) -> str:
        return item.get_absolute_url()


class ConceptSitemap(ModelSitemap):
    def items(self) -> QuerySet[Any]:
        return selectors.sitemap_concepts()

    def location(self, item: Any) -> str:
        return reverse("taxonomy:concept_detail", args=[item.scheme.slug, item.notation])


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "pages": StaticSitemap,
    "members": MemberSitemap,
    "plans": PlanSitemap,
    "commitments": CommitmentSitemap,
    "vocabularies": SchemeSitemap,
    "concepts": ConceptSitemap,
}


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Django's index of the sections (and their pages), on ``OPENPLAN_BASE_URL`` if set."""
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="opendata:sitemap_section")
    if settings.OPENPLAN_BASE_URL and isinstance(response, TemplateResponse):
        own = f"{request.scheme}://{request.get_host()}"
        base = urlsplit(settings.OPENPLAN_BASE_URL)
        for item in response.context_data["sitemaps"]:  # type: ignore[index]
            item.location = f"{base.scheme}://{base.netloc}" + item.location.removeprefix(own)
    return response


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
