"""Background tasks of the participation app."""

from __future__ import annotations

from django_tasks import task

from openplan.participation.services import reconcile_counters as _reconcile
from openplan.participation.services import signatures_purge_unconfirmed


@task()
def reconcile_counters() -> dict[str, int]:
    """Run nightly (or after an incident): recompute counters, return what was fixed; and
    delete the unconfirmed petition signatures whose links expired long ago."""
    drift = _reconcile()
    purged = signatures_purge_unconfirmed()
    return {"checked": drift.checked, "fixed": drift.fixed, "unconfirmed_signatures_purged": purged}
