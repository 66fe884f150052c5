"""When public data changes, the downloads are rebuilt: once per burst of changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from openplan.opendata.exports import tasks
from openplan.opendata.exports.files import manifest_read
from openplan.plans.services import commitment_transition
from openplan.taxonomy.models import Concept
from tests.opendata.exports_helpers import csv_tables
from tests.opendata.world import World, build

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def world(db: None) -> World:
    return build(members=1, plans=1, per_plan=1)


@pytest.fixture(autouse=True)
def _no_queued_key() -> None:
    cache.delete(tasks.QUEUED_KEY)


def publish(world: World) -> None:
    draft = world.drafts[0]
    for target in ("submitted", "published"):
        commitment_transition(commitment=draft, target=target, organisation=None)


def test_publishing_rebuilds_the_downloads(  # type: ignore[no-untyped-def]
    settings, world: World, exports_dir: Path, django_capture_on_commit_callbacks
) -> None:
    settings.OPENPLAN_EXPORTS_ON_CHANGE = True  # the immediate backend of the tests: at once
    assert manifest_read() is None
    with django_capture_on_commit_callbacks(execute=True):
        publish(world)
    identifiers = {row["identifier"] for row in csv_tables(exports_dir)["commitments"]}
    assert world.drafts[0].identifier in identifiers


def test_a_burst_of_changes_queues_one_deferred_build(  # type: ignore[no-untyped-def]
    settings, world: World, django_capture_on_commit_callbacks
) -> None:
    settings.OPENPLAN_EXPORTS_ON_CHANGE = True
    settings.OPENPLAN_EXPORTS_DELAY_SECONDS = 120
    settings.TASKS = DUMMY
    backend: Any = tasks.exports_rebuild.get_backend()
    with django_capture_on_commit_callbacks(execute=True):
        publish(world)  # two record entries
    with django_capture_on_commit_callbacks(execute=True):
        concept = Concept.objects.first()
        assert concept is not None
        concept.save()  # a vocabulary change
    assert len(backend.results) == 1
    queued = backend.results[0]
    assert queued.task.run_after is not None
    assert 110 < (queued.task.run_after - queued.enqueued_at).total_seconds() <= 120
    assert manifest_read() is None  # nothing built yet: the worker will
    cache.delete(tasks.QUEUED_KEY)  # the window has passed
    with django_capture_on_commit_callbacks(execute=True):
        concept.save()
    assert len(backend.results) == 2


def test_nothing_is_queued_when_turned_off(  # type: ignore[no-untyped-def]
    settings, world: World, django_capture_on_commit_callbacks
) -> None:
    settings.OPENPLAN_EXPORTS_ON_CHANGE = False
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(world)
    assert callbacks == []
    assert tasks.exports_rebuild.get_backend().results == []  # type: ignore[attr-defined]


def test_the_task_builds_the_files(world: World, exports_dir: Path) -> None:
    result = tasks.exports_rebuild.enqueue()
    assert result.return_value["commitments"] == 2  # the published one and DRAFTPLAN1
    assert manifest_read() is not None
