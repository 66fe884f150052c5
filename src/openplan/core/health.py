"""The readiness report of ``/health/ready/``: does the database answer, and how far behind
is the task queue (the age of the oldest task that is ready to run and not yet taken)?

Tasks run in ``openplan worker`` processes from the database backend of django-tasks
(``django_tasks_db``); a growing lag means too few workers, or none.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_ms: float
    ready_tasks: int | None
    oldest_ready_seconds: float | None
    lag_limit_seconds: int

    @property
    def tasks_ok(self) -> bool:
        return self.oldest_ready_seconds is None or (
            self.oldest_ready_seconds <= self.lag_limit_seconds
        )

    @property
    def ok(self) -> bool:
        return self.database_ok and self.ready_tasks is not None and self.tasks_ok

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "failing",
            "database": {"ok": self.database_ok, "ms": round(self.database_ms, 1)},
            "tasks": {
                "ok": self.ready_tasks is not None and self.tasks_ok,
                "ready": self.ready_tasks,
                "oldest_ready_seconds": (
                    None
                    if self.oldest_ready_seconds is None
                    else round(self.oldest_ready_seconds, 1)
                ),
                "lag_limit_seconds": self.lag_limit_seconds,
            },
        }


def _database() -> tuple[bool, float]:
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, (time.perf_counter() - start) * 1000
    return True, (time.perf_counter() - start) * 1000


def task_queue_lag() -> tuple[int, float | None]:
    """(tasks ready to run now, seconds since the oldest of them became ready), in one query.
    A task becomes ready when it is enqueued, or at its ``run_after`` time if it has one."""
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    summary = ready.aggregate(
        count=Count("id"),
        oldest_enqueued=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        oldest_scheduled=Min("run_after", filter=~Q(run_after=get_date_max())),
    )
    since = [t for t in (summary["oldest_enqueued"], summary["oldest_scheduled"]) if t]
    oldest = (now - min(since)).total_seconds() if since else None
    return summary["count"], oldest


def health_check() -> Health:
    database_ok, database_ms = _database()
    ready, oldest = None, None
    if database_ok:
        try:
            ready, oldest = task_queue_lag()
        except DatabaseError:
            ready, oldest = None, None
    return Health(
        database_ok=database_ok,
        database_ms=database_ms,
        ready_tasks=ready,
        oldest_ready_seconds=oldest,
        lag_limit_seconds=settings.OPENPLAN_TASK_LAG_LIMIT_SECONDS,
    )
