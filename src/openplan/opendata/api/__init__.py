"""OpenPlan's public JSON API, version 1 (``/api/v1/``), with django-ninja.

``api`` holds the operations (``reads.py``, ``writes.py``); ``urlpatterns()`` gives them to
Django wrapped by ``http.api_view`` (permissions, CORS, conditional GET, problems), plus the
OpenAPI document, the interactive docs and a problem for any other address under the API.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.operation import PathView
from ninja.renderers import JSONRenderer

from openplan.core.permissions import PUBLIC
from openplan.opendata.api import (
    consultations,
    history,
    http,
    openapi,
    problems,
    reads,
    writes,
)

DESCRIPTION = """Open-government action plans as data: OGP members, their action plans and
commitments (with milestones, progress reports, evidence and sources), and the vocabularies
commitments are tagged with; consultations on them and the public's proposals (with their
counts and the government's reasoned responses). Public data only, under the site's data
licence; no personal data.

Lists are paged with opaque cursors (follow `next`); every read answers `ETag` and
`Last-Modified` and honours `If-None-Match` / `If-Modified-Since` (304). Errors are RFC 9457
problems (`application/problem+json`). Writing progress reports needs a personal access token
with the `progress:write` scope, sent as `Authorization: Bearer <token>`."""


class LocalDocs(DocsBase):
    """Swagger UI from the static files that django-ninja ships (nothing from a CDN)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        url = self.get_openapi_url(api, kwargs)
        return render(
            request,
            "opendata/api_docs.html",
            {
                "openapi_url": url,
                "title": api.title,
                # validatorUrl: none, so the page never calls the public validator.
                "swagger_settings": {"url": url, "layout": "BaseLayout", "validatorUrl": None},
            },
        )


class Utf8Renderer(JSONRenderer):
    """JSON in UTF-8 as it is (content is in many languages), not \\u-escaped."""

    json_dumps_params = {"ensure_ascii": False}


class OpenPlanAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        return openapi.complete(schema, writes.openapi_components())


api = OpenPlanAPI(
    title="OpenPlan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=LocalDocs(),
    renderer=Utf8Renderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("", reads.router)
api.add_router("", writes.router)
api.add_router("", history.router)
api.add_router("", consultations.router)


def index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """``/api/v1/``: where things are."""
    site = reads.site_for(request)
    return api.create_response(
        request,
        {
            "title": api.title,
            "version": api.version,
            "openapi": site.api("openapi-json"),
            "docs": site.api("openapi-view"),
            "members": site.api("member_list"),
            "action_plans": site.api("action_plan_list"),
            "commitments": site.api("commitment_list"),
            "vocabularies": site.api("vocabulary_list"),
            "consultations": site.api("consultation_list"),
        },
        status=200,
    )


def _path_views() -> dict[str, PathView]:
    """Each operation's URL name to its path view (all the operations on one address)."""
    views = {}
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                views[operation.view_func.__name__] = path_view
    return views


def _query_names(path_view: PathView) -> set[str] | None:
    for operation in path_view.operations:
        if "GET" in operation.methods:
            names: set[str] = set()
            for model in operation.models:
                if model.__ninja_param_source__ == "query":
                    names |= set(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
            return names
    return None


def urlpatterns() -> list[URLPattern]:
    views = _path_views()
    result = []
    seen = set()
    query: set[str] | None
    for pattern in api.urls[0]:
        if not isinstance(pattern, URLPattern):  # ninja gives plain patterns
            raise TypeError(f"unexpected URL entry in the API: {pattern!r}")
        name = pattern.name or ""
        if name == "api-root":
            callback, allowed, query = index, {"GET"}, set()
        elif name in views:
            path_view = views[name]
            if id(path_view) in seen:
                continue  # one address, several operations: one pattern serves them all
            seen.add(id(path_view))
            callback = pattern.callback
            allowed = {m for op in path_view.operations for m in op.methods}
            query = _query_names(path_view)
        else:  # the OpenAPI document and the docs page
            callback, allowed, query = pattern.callback, {"GET"}, set()
        permission = writes.OBJECT_PERMISSIONS.get(name, PUBLIC)
        wrapped = http.api_view(
            callback,
            permission=permission,
            object_level=name in writes.OBJECT_PERMISSIONS,
            allowed=allowed,
            query=query,
        )
        result.append(path(str(pattern.pattern), wrapped, name=name))
    result.append(re_path(r"^(?P<path>.*)$", http.not_found, name="not_found"))
    return result


__all__ = ["api", "urlpatterns"]
_ = _  # translated strings live in the modules that raise them
