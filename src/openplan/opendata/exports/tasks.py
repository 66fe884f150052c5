"""The rebuild of the bulk downloads as a background task, and when it is queued.

Trigger: every change of public state appends an entry to the public record
(``core.record.services.record_append``, called by each service in its transaction, and by
the importer and the demo). A ``post_save`` receiver on ``RecordEntry`` therefore sees every
publication, edit, withdrawal and progress report, from the services that exist and from those
still to come, without each of them having to remember the downloads; vocabularies and
organisations, which are not in the record, are watched directly. The queueing runs
``on_commit``, so a rolled-back change queues nothing.

Debounce: the task is queued to run ``OPENPLAN_EXPORTS_DELAY_SECONDS`` later, and a cache key
that lives exactly that long (``cache.add`` is atomic) stops any further queueing until then:
a burst of changes (an import, a plan published with forty commitments) gives one build, which
starts after the last change of the window and so includes it. A change after the key expires
queues the next build. A backend that cannot defer (the immediate backend of the tests) builds
at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from openplan.opendata.exports.build import exports_build

log = logging.getLogger(__name__)
QUEUED_KEY = "opendata:exports:queued"


@task()
def exports_rebuild() -> dict[str, int]:
    """Build every download; returns the number of rows of each table."""
    built = exports_build()
    log.info("bulk downloads built: %s", built.rows)
    return built.rows


def exports_schedule() -> None:
    """Queue a rebuild unless one is already queued and not yet started."""
    delay = settings.OPENPLAN_EXPORTS_DELAY_SECONDS
    backend = exports_rebuild.get_backend()
    if delay <= 0 or not backend.supports_defer:
        exports_rebuild.enqueue()
        return
    if not cache.add(QUEUED_KEY, "1", timeout=delay):
        return
    run_after = timezone.now() + dt.timedelta(seconds=delay)
    exports_rebuild.using(run_after=run_after).enqueue()


def public_data_changed(**_kwargs: Any) -> None:
    """Receiver of the models' save and delete signals."""
    if settings.OPENPLAN_EXPORTS_ON_CHANGE:
        transaction.on_commit(exports_schedule, robust=True)
