"""Participation models, one module per aggregate (re-exported here). New aggregates add a
module and a line below."""

from openplan.participation.models.common import (
    BODY_MAX,
    COMMENT_MAX,
    REASON_MAX,
    TITLE_MAX,
    GenericTarget,
    Moderated,
)
from openplan.participation.models.consultations import Consultation, Phase
from openplan.participation.models.contributions import (
    Comment,
    Proposal,
    Response,
    ResponseKind,
    Support,
)
from openplan.participation.models.engagement import Flag, Follow, ModerationAct, ModerationEntry
from openplan.participation.models.notifications import (
    EmailChoice,
    Notification,
    NotificationSettings,
)

__all__ = [
    "BODY_MAX",
    "COMMENT_MAX",
    "REASON_MAX",
    "TITLE_MAX",
    "Comment",
    "Consultation",
    "EmailChoice",
    "Flag",
    "Follow",
    "GenericTarget",
    "Moderated",
    "ModerationAct",
    "ModerationEntry",
    "Notification",
    "NotificationSettings",
    "Phase",
    "Proposal",
    "Response",
    "ResponseKind",
    "Support",
]
