"""Whole-page caching of public pages for visitors without a session.

A page is served from the cache only to a request that carries no cookie but the language one,
so nothing personal (a session, messages, a CSRF token) can be in it, and it is stored only when
the response sets no cookie. Keys hold the content version, the language and the full path;
content apps name the models whose changes bump the version (``watch``), so a change shows at
once, on every web process (the cache is shared: a directory under the var dir by default).
Writes that skip signals (``QuerySet.update``, ``bulk_create``) call ``content_changed()``.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import get_language

VERSION_KEY = "openplan:content-version"
KEPT_MAX = 256
T = TypeVar("T")
ViewFunc = Callable[..., HttpResponseBase]


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:  # a new or cleared cache: never reuse pages of an earlier version
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return str(version)


_kept: dict[tuple[str, str, str], Any] = {}
_kept_lock = threading.Lock()


def per_content_version(name: str, load: Callable[[], T]) -> T:
    """``load()``'s value for the current content version and language, kept in this process:
    what public pages repeat on every request and that changes only with the content (the
    commitment filters' lists of members and concepts). A change anywhere renews it, as it
    renews the cached pages."""
    key = (content_version(), get_language() or "", name)
    if key in _kept:
        return cast("T", _kept[key])
    value = load()
    with _kept_lock:
        if len(_kept) >= KEPT_MAX:  # mostly values of earlier versions
            _kept.clear()
        _kept[key] = value
    return value


def content_changed(**kwargs: Any) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def watch(*watched: type[models.Model]) -> None:
    """Changes to these models change public pages (call from an app's ``ready()``)."""
    for model in watched:
        uid = f"openplan.pagecache:{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = getattr(model, field.name).through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"openplan:page:{content_version()}:{get_language()}:{path}"


def cache_public_page(view: ViewFunc) -> ViewFunc:
    """Serve ``view``'s page from the cache to visitors without a session."""

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        seconds = settings.OPENPLAN_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            served = HttpResponse(hit[1], content_type=hit[0])
            served["X-Cache"] = "hit"
            return served
        response = view(request, *args, **kwargs)
        if isinstance(response, TemplateResponse):
            response.render()
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
        ):
            cache.set(key, (response["Content-Type"], response.content), timeout=seconds)
        response["X-Cache"] = "miss"
        return response

    return cached
