from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.personas import Cast, build_cast

CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Uploaded files go to a temporary directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Bulk downloads are built in a temporary directory, never in var/exports."""
    settings.OPENPLAN_EXPORTS_DIR = tmp_path_factory.mktemp("exports")
    return settings.OPENPLAN_EXPORTS_DIR


@pytest.fixture(autouse=True)
def english_between_tests():  # type: ignore[no-untyped-def]
    """A request leaves its language active in the thread (LocaleMiddleware does not reset
    it); each test starts in the default language, whatever ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast):  # type: ignore[no-untyped-def]
    """``client_for("coordinator")``: a test client logged in as that persona."""

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(cast[name])
        return client

    return make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true nothing may be skipped: a skip fails the run."""
    if not CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        print(f"\nCI=true: {skipped} test(s) were skipped; failing the run.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` check PostgreSQL's own machinery (planner statistics, column
    storage): on SQLite they are deselected, not skipped; the PostgreSQL suite runs them (and
    CI runs both suites)."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
