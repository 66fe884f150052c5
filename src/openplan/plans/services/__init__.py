"""Writes of the plans app, one module per aggregate. Callers import from here
(``from openplan.plans.services import commitment_create``)."""

from openplan.plans.services.action_plans import (
    PLAN_EDITABLE_FIELDS,
    action_plan_create,
    action_plan_transition,
    action_plan_update,
)
from openplan.plans.services.commitments import (
    EDITABLE_FIELDS,
    SNAPSHOT_FIELDS,
    commitment_create,
    commitment_snapshot,
    commitment_transition,
    commitment_update,
    keep_version,
)
from openplan.plans.services.milestones import (
    MILESTONE_EDITABLE_FIELDS,
    milestone_create,
    milestone_delete,
    milestone_move,
    milestone_update,
)
from openplan.plans.services.progress import evidence_file_check, progress_report

__all__ = [
    "EDITABLE_FIELDS",
    "MILESTONE_EDITABLE_FIELDS",
    "PLAN_EDITABLE_FIELDS",
    "SNAPSHOT_FIELDS",
    "action_plan_create",
    "action_plan_transition",
    "action_plan_update",
    "commitment_create",
    "commitment_snapshot",
    "commitment_transition",
    "commitment_update",
    "evidence_file_check",
    "keep_version",
    "milestone_create",
    "milestone_delete",
    "milestone_move",
    "milestone_update",
    "progress_report",
]
