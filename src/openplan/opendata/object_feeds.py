"""Atom feeds of one consultation (its phases and proposals), one proposal (its comments and
the government's response) and one commitment (its versions and progress reports): what a
follower would be notified of, for feed readers. Organisations are named, people never: a
participant's proposal or comment has no author in the feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from openplan.core.permissions import or_404
from openplan.opendata import selectors
from openplan.opendata.feeds import SUMMARY_WORDS, absolute
from openplan.participation.models import Consultation, Proposal
from openplan.plans.models import Commitment


@dataclass(frozen=True)
class Item:
    """One entry; its ``link`` is unique in the feed (a fragment names the part), as it is
    also the entry's Atom id."""

    uid: str
    title: str
    description: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    author: str = ""


def _summary(text: str, words: int = SUMMARY_WORDS) -> str:
    return escape(Truncator(text).words(words))


class ObjectFeed(Feed):
    """Items prepared by ``items`` (newest first); the publisher is the feed's author."""

    feed_type = Atom1Feed

    def author_name(self) -> str:
        return settings.OPENPLAN_PUBLISHER_NAME

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.description

    def item_link(self, item: Item) -> str:
        return absolute(item.link)

    def item_pubdate(self, item: Item) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: Item) -> dt.datetime:
        return item.updated

    def item_author_name(self, item: Item) -> str | None:
        return item.author or None


def _newest(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.updated, i.uid), reverse=True)[: selectors.FEED_LENGTH]


class ConsultationObjectFeed(ObjectFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Consultation:
        return or_404(lambda: selectors.consultation_public_get(pk=pk))

    def title(self, obj: Consultation) -> str:
        return _("Consultation: %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Consultation) -> str:
        return _("Its phases and its proposals, newest first.")

    def link(self, obj: Consultation) -> str:
        return absolute(obj.get_absolute_url())

    def items(self, obj: Consultation) -> list[Item]:
        government = obj.member.government.name if obj.member.government else obj.member.name
        items = [
            Item(uid=f"phase-{p.pk}", title=_("Phase: %(name)s") % {"name": p.name},
                 description=format_html("<p>{} – {}</p>", p.start.isoformat(), p.end.isoformat()),
                 link=f"{obj.get_absolute_url()}#phase-{p.pk}", published=p.start, updated=p.start,
                 author=government)
            for p in obj.phases.all()
        ]  # fmt: skip
        items += [
            Item(uid=f"proposal-{p.pk}", title=_("Proposal: %(title)s") % {"title": p.title},
                 description=_summary(p.body), link=p.get_absolute_url(),
                 published=p.created_at, updated=p.updated_at)
            for p in selectors.consultation_proposals_public(consultation=obj)
        ]  # fmt: skip
        return _newest(items)


class ProposalObjectFeed(ObjectFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Proposal:
        return or_404(lambda: selectors.proposal_public_get(pk=pk))

    def title(self, obj: Proposal) -> str:
        return _("Proposal: %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Proposal) -> str:
        return _("Its comments and the government's response, newest first.")

    def link(self, obj: Proposal) -> str:
        return absolute(obj.get_absolute_url())

    def items(self, obj: Proposal) -> list[Item]:
        if obj.is_hidden:
            return []
        items = [
            Item(uid=f"comment-{c.pk}", title=_("Comment on %(title)s") % {"title": obj.title},
                 description=_summary(c.body), link=c.get_absolute_url(),
                 published=c.created_at, updated=c.updated_at)
            for c in selectors.proposal_comments_public(proposal=obj)
        ]  # fmt: skip
        response = getattr(obj, "response", None)
        if response is not None:
            items.append(
                Item(uid="response", title=_("Response: %(answer)s") % {
                    "answer": capfirst(response.get_kind_display())},
                     description=_summary(response.reason, SUMMARY_WORDS * 2),
                     link=f"{obj.get_absolute_url()}#response", published=response.created_at,
                     updated=response.updated_at, author=response.organisation_name)
            )  # fmt: skip
        return _newest(items)


class CommitmentObjectFeed(ObjectFeed):
    def get_object(self, request: HttpRequest, identifier: str) -> Commitment:
        return or_404(lambda: selectors.commitment_public_get(identifier=identifier))

    def title(self, obj: Commitment) -> str:
        return f"{obj.identifier}: {obj.title}"

    def subtitle(self, obj: Commitment) -> str:
        return _("Its changes and progress reports, newest first.")

    def link(self, obj: Commitment) -> str:
        return absolute(obj.get_absolute_url())

    def items(self, obj: Commitment) -> list[Item]:
        history = f"{obj.get_absolute_url()}history/"
        items = [
            Item(uid=f"version-{v.pk}",
                 title=_("Version %(number)d: %(status)s") % {
                     "number": v.number, "status": v.get_status_display()},
                 description=format_html("<p>{} {}</p>", _("Changed:"),
                                         ", ".join(v.changed_fields) or "–"),
                 link=f"{history}#version-{v.number}", published=v.created_at, updated=v.created_at,
                 author=v.organisation.name if v.organisation else "")
            for v in selectors.commitment_versions_public(commitment=obj)
        ]  # fmt: skip
        items += [
            Item(uid=f"update-{u.pk}",
                 title=_("Progress: %(completion)s") % {"completion": u.get_completion_display()},
                 description=_summary(u.narrative, SUMMARY_WORDS * 2),
                 link=f"{obj.get_absolute_url()}#update-{u.pk}", published=u.created_at,
                 updated=u.updated_at, author=u.organisation.name)
            for u in selectors.commitment_progress_public(commitment=obj)
        ]  # fmt: skip
        return _newest(items)
