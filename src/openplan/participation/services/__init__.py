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
from openplan.participation.services.meetings import (
    meeting_cancel,
    meeting_close,
    meeting_create,
)
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
from openplan.participation.services.offline import (
    offline_proposal_record,
    offline_supports_record,
)
from openplan.participation.services.petitions import (
    petition_answer_set,
    petition_create,
    petition_reach_threshold,
)
from openplan.participation.services.proposals import (
    proposal_create,
    proposal_update,
    proposal_withdraw,
)
from openplan.participation.services.registrations import (
    registration_cancel,
    registration_create,
)
from openplan.participation.services.responses import response_set
from openplan.participation.services.signatures import (
    Signed,
    signature_confirm,
    signature_create,
    signature_get_by_token,
    signature_link_resend,
    signature_token,
    signatures_erase,
    signatures_purge_unconfirmed,
)
from openplan.participation.services.supports import support_add, support_remove

__all__ = [
    "Signed",
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
    "meeting_cancel",
    "meeting_close",
    "meeting_create",
    "notification_mark_read",
    "notification_settings_set",
    "notifications_fan_out",
    "notifications_mail",
    "notifications_mark_all_read",
    "notifications_unsubscribe",
    "notify",
    "offline_proposal_record",
    "offline_supports_record",
    "petition_answer_set",
    "petition_create",
    "petition_reach_threshold",
    "phase_add",
    "phase_delete",
    "phase_update",
    "proposal_create",
    "proposal_update",
    "proposal_withdraw",
    "reconcile_counters",
    "registration_cancel",
    "registration_create",
    "response_set",
    "signature_confirm",
    "signature_create",
    "signature_get_by_token",
    "signature_link_resend",
    "signature_token",
    "signatures_erase",
    "signatures_purge_unconfirmed",
    "support_add",
    "support_remove",
    "unsubscribe_token",
    "unsubscribe_user",
]
