"""The events a follower is notified of, each a code and a sentence with ``%(title)s`` (the
public title of what changed). A new kind of event (petitions, meetings) is one line here, or
in its own module at import time::

    register("petition.threshold", _("“%(title)s” reached its signature threshold."))

and one call of ``services.notify(event=..., subject=..., followed=[...])`` in the service
that makes the change (services/notifications.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    code: str
    text: Promise | str


EVENTS: dict[str, Event] = {}


def register(code: str, text: Promise | str) -> None:
    if code in EVENTS and EVENTS[code].text != text:
        raise ValueError(f"notification event {code!r} is registered twice")
    EVENTS[code] = Event(code=code, text=text)


def describe(code: str, title: str) -> str:
    """The sentence of a notification in the active language (an unknown code: the title)."""
    event = EVENTS.get(code)
    if event is None:
        return title
    return str(event.text) % {"title": title}


register("consultation.published", _("The consultation “%(title)s” is open to the public."))
register("consultation.phase", _("The consultation “%(title)s” has a new phase."))
register("consultation.archived", _("The consultation “%(title)s” has been archived."))
register("consultation.petition", _("New petition: “%(title)s”."))
register("consultation.meeting", _("New meeting announced: “%(title)s”."))
register("petition.threshold", _("The petition “%(title)s” reached its signature threshold."))
register("petition.answered", _("The petition “%(title)s” has an answer."))
register("consultation.proposal", _("New proposal: “%(title)s”."))
register("proposal.comment", _("New comment on “%(title)s”."))
register("proposal.response", _("The government answered “%(title)s”."))
register("proposal.hidden", _("“%(title)s” was hidden by the moderators."))
register("proposal.restored", _("“%(title)s” is shown again."))
register("proposal.withdrawn", _("“%(title)s” was withdrawn by its author."))
register("commitment.published", _("New commitment published: “%(title)s”."))
register("commitment.progress", _("Progress was reported on “%(title)s”."))
register("commitment.milestones", _("The milestones of “%(title)s” changed."))
register("commitment.amended", _("“%(title)s” was amended."))
register("commitment.withdrawn", _("“%(title)s” was withdrawn."))
