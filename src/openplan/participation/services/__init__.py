"""Every write of the participation app, one module per aggregate, re-exported here."""

from openplan.participation.services.comments import comment_create
from openplan.participation.services.consultations import (
    consultation_create,
    consultation_transition,
    phase_add,
    phase_delete,
    phase_update,
)
from openplan.participation.services.counters import reconcile_counters
from openplan.participation.services.follows import follow_remove, follow_set
from openplan.participation.services.moderation import (
    content_approve,
    content_hide,
    content_restore,
    flag_create,
)
from openplan.participation.services.offline import (
    offline_proposal_record,
    offline_supports_record,
)
from openplan.participation.services.proposals import (
    proposal_create,
    proposal_update,
    proposal_withdraw,
)
from openplan.participation.services.responses import response_set
from openplan.participation.services.supports import support_add, support_remove

__all__ = [
    "comment_create",
    "consultation_create",
    "consultation_transition",
    "content_approve",
    "content_hide",
    "content_restore",
    "flag_create",
    "follow_remove",
    "follow_set",
    "offline_proposal_record",
    "offline_supports_record",
    "phase_add",
    "phase_delete",
    "phase_update",
    "proposal_create",
    "proposal_update",
    "proposal_withdraw",
    "reconcile_counters",
    "response_set",
    "support_add",
    "support_remove",
]
