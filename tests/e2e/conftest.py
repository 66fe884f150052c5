"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
``live_server``.

Every test under tests/e2e gets the ``e2e`` marker and a transactional database with serialized
rollback, so each one starts from the database exactly as the migrations left it (role groups,
shipped vocabularies) and may commit: the live server answers from another thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "Chromium not found: apt-get install chromium (CI installs it)"
HERE = Path(__file__).resolve().parent

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(tryfirst=True)  # before pytest-django sorts the items by their database use
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="module", autouse=True)
def _database_as_migrated(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Serialized rollback loads the migrated database into an empty one before each test and
    empties it after. A transactional test that ran before this module without serialized
    rollback leaves content types behind that the load would collide with: the module starts
    by emptying the database, and ends by loading it, so the tests after it find it as the
    migrations left it."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if hasattr(connection, "_test_serialized_contents"):
                connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _sequences_past_the_loaded_rows(transactional_db: None) -> None:
    """PostgreSQL: serialized rollback loads the migrated rows with their ids, but the flush
    before it restarted the sequences at 1, so the test's first insert in such a table (a
    vocabulary scheme) collided with a loaded row. Move every sequence past its rows."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate limits (allauth's among them) count in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def browser(django_db_setup: None) -> Iterator[Any]:
    """Chromium, for one test module (its event loop runs only while the module's tests do)."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django looks its database connections
    # up per async context instead of per thread and would open new ones, without the test
    # database's serialized contents that serialized rollback restores. Keep the same ones.
    sync_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in sync_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``new_context(java_script_enabled=False, viewport=...)``: a fresh browser context (its
    own cookies) whose relative URLs go to the live server; closed after the test."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        ctx = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def context(new_context: Callable[..., Any]) -> Any:
    return new_context()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def log_in(live_server: Any) -> Callable[[Any, Any], None]:
    """``log_in(context, user)``: put a session cookie for ``user`` into the browser context,
    without going through the login form. The session is what allauth's login leaves behind:
    listed among the person's sessions, and counted as having just entered the password, so
    pages that ask to reauthenticate (two-factor enrolment) open directly."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.usersessions.models import UserSession

    def do(context: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        request = RequestFactory().get("/", HTTP_USER_AGENT="OpenPlan browser tests")
        request.session = client.session
        request.user = user
        record_authentication(request, user, "password", email=user.email, reauthenticated=True)
        request.session.save()
        UserSession.objects.create_from_request(request)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": request.session.session_key,
                    "url": live_server.url,
                }
            ]
        )

    return do


@pytest.fixture
def set_language(live_server: Any) -> Callable[[Any, str], None]:
    """``set_language(context, "fr")``: what the language switcher stores, the
    ``openplan_language`` cookie."""

    def do(context: Any, code: str) -> None:
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
        )

    return do


def path_of(url: str) -> str:
    """``http://host:port/a/b/?q`` → ``/a/b/?q`` (links in emails name another host)."""
    return re.sub(r"^https?://[^/]+", "", url)
