"""Every write of the participation app, one module per aggregate, re-exported here."""

from openplan.participation.services.comments import comment_create
from openplan.participation.services.consultations import (
    consultation_create,
    consultation_transition,
    phase_add,
)
from openplan.participation.services.counters import reconcile_counters
from openplan.participation.services.follows import follow_remove, follow_set
from openplan.participation.services.moderation import (
    content_approve,
    content_hide,
    content_restore,
    flag_create,
)
from openplan.participation.services.notification_mail import (
    digests_send,
    notifications_mail,
    notifications_unsubscribe,
    unsubscribe_token,
    unsubscribe_user,
)
from openplan.participation.services.notifications import (
    notification_mark_read,
    notification_settings_set,
    notifications_fan_out,
    notifications_mark_all_read,
    notify,
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
    "digests_send",
    "flag_create",
    "follow_remove",
    "follow_set",
    "notification_mark_read",
    "notification_settings_set",
    "notifications_fan_out",
    "notifications_mail",
    "notifications_mark_all_read",
    "notifications_unsubscribe",
    "notify",
    "phase_add",
    "proposal_create",
    "proposal_update",
    "proposal_withdraw",
    "reconcile_counters",
    "response_set",
    "support_add",
    "support_remove",
    "unsubscribe_token",
    "unsubscribe_user",
]
