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
from openplan.participation.models.meetings import Meeting, MeetingKind, Registration
from openplan.participation.models.notifications import (
    EmailChoice,
    Notification,
    NotificationSettings,
)
from openplan.participation.models.offline import (
    OFFLINE_CHANNELS,
    OFFLINE_SUPPORTS_MAX,
    Channel,
    OfflineInput,
)
from openplan.participation.models.petitions import (
    SIGNER_NAME_MAX,
    Petition,
    PetitionAnswer,
    Signature,
)

__all__ = [
    "BODY_MAX",
    "COMMENT_MAX",
    "OFFLINE_CHANNELS",
    "OFFLINE_SUPPORTS_MAX",
    "REASON_MAX",
    "SIGNER_NAME_MAX",
    "TITLE_MAX",
    "Channel",
    "Comment",
    "Consultation",
    "EmailChoice",
    "Flag",
    "Follow",
    "GenericTarget",
    "Meeting",
    "MeetingKind",
    "Moderated",
    "ModerationAct",
    "ModerationEntry",
    "Notification",
    "NotificationSettings",
    "OfflineInput",
    "Petition",
    "PetitionAnswer",
    "Phase",
    "Proposal",
    "Registration",
    "Response",
    "ResponseKind",
    "Signature",
    "Support",
]
