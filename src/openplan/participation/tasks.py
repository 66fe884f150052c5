"""Background tasks of the participation app."""

from __future__ import annotations

from django_tasks import task

from openplan.participation.services import reconcile_counters as _reconcile


@task()
def reconcile_counters() -> dict[str, int]:
    """Run nightly (or after an incident): recompute counters, return what was fixed."""
    drift = _reconcile()
    return {"checked": drift.checked, "fixed": drift.fixed}
