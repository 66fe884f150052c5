"""Atom feeds of public commitments and progress. Organisations are named, people never."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from openplan.core.permissions import or_404
from openplan.opendata import selectors
from openplan.participation.models import Consultation
from openplan.plans import selectors as plan_selectors
from openplan.plans.models import Commitment, Member, ProgressUpdate
from openplan.plans.states import CommitmentStatus

SUMMARY_WORDS = 80


def absolute(path: str) -> str:
    """``OPENPLAN_BASE_URL`` + path; without it, the syndication framework adds the request's
    own domain to the path."""
    return settings.OPENPLAN_BASE_URL + path


def _site() -> str:
    return settings.OPENPLAN_SITE_NAME


class CommitmentFeed(Feed):
    """New and changed public commitments, latest change first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("New and updated commitments · %(site)s") % {"site": _site()}

    def subtitle(self) -> str:
        return _("Published and withdrawn open government commitments, latest changes first.")

    def link(self) -> str:
        return absolute(reverse("plans:commitment_list"))

    def items(self) -> QuerySet[Commitment]:
        return selectors.commitment_feed_public()

    def item_title(self, item: Commitment) -> str:
        if item.status == CommitmentStatus.WITHDRAWN:
            return _("%(identifier)s: %(title)s (withdrawn)") % {
                "identifier": item.identifier,
                "title": item.title,
            }
        return f"{item.identifier}: {item.title}"

    def item_description(self, item: Commitment) -> str:
        text = item.description or item.problem or item.full_text
        return escape(Truncator(text).words(SUMMARY_WORDS))

    def item_link(self, item: Commitment) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Commitment) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Commitment) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Commitment) -> str:
        member = item.action_plan.member
        return member.government.name if member.government else member.name

    def item_categories(self, item: Commitment) -> list[str]:
        return [tag.label for tag in item.tags.all()]


class MemberCommitmentFeed(CommitmentFeed):
    """The same, for one OGP member."""

    def get_object(self, request: HttpRequest, slug: str) -> Member:
        return or_404(lambda: plan_selectors.member_get(slug=slug))

    def title(self, obj: Member) -> str:  # type: ignore[override]
        return _("Commitments of %(member)s · %(site)s") % {"member": obj.name, "site": _site()}

    def subtitle(self, obj: Member) -> str:  # type: ignore[override]
        return _("Published and withdrawn commitments of %(member)s, latest changes first.") % {
            "member": obj.name
        }

    def link(self, obj: Member) -> str:  # type: ignore[override]
        return absolute(reverse("plans:member_detail", args=[obj.slug]))

    def items(self, obj: Member) -> QuerySet[Commitment]:  # type: ignore[override]
        return selectors.commitment_feed_public(member=obj)


class ProgressFeed(Feed):
    """Progress reports on public commitments, newest first; shadow reports say so."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Progress on commitments · %(site)s") % {"site": _site()}

    def subtitle(self) -> str:
        return _(
            "Progress reported on public commitments, newest first. Shadow reports are "
            "published by civil society co-owners beside the government's reports."
        )

    def link(self) -> str:
        return absolute(reverse("plans:commitment_list"))

    def items(self) -> QuerySet[ProgressUpdate]:
        return selectors.progress_feed_public()

    def item_title(self, item: ProgressUpdate) -> str:
        values = {
            "identifier": item.commitment.identifier,
            "completion": item.get_completion_display(),
        }
        if item.is_shadow:
            return _("Shadow report on %(identifier)s: %(completion)s") % values
        return _("Progress on %(identifier)s: %(completion)s") % values

    def item_description(self, item: ProgressUpdate) -> str:
        milestone = (
            format_html("<p>{} {}</p>", _("Milestone:"), item.milestone.title)
            if item.milestone
            else ""
        )
        return format_html(
            "<p>{}</p>{}<p>{} {}</p>",
            Truncator(item.narrative).words(SUMMARY_WORDS * 2),
            milestone,
            _("Source:"),
            item.source,
        )

    def item_link(self, item: ProgressUpdate) -> str:
        return absolute(f"{item.commitment.get_absolute_url()}#update-{item.pk}")

    def item_pubdate(self, item: ProgressUpdate) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: ProgressUpdate) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: ProgressUpdate) -> str:
        return item.organisation.name

    def item_categories(self, item: ProgressUpdate) -> list[str]:
        return [_("Shadow report")] if item.is_shadow else []


class ConsultationFeed(Feed):
    """Public consultations, newest first: what they are about and their phases."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Consultations · %(site)s") % {"site": _site()}

    def subtitle(self) -> str:
        return _("Consultations open to everyone on action plans and commitments, newest first.")

    def link(self) -> str:
        return absolute(reverse("participation:consultation_list"))

    def items(self) -> QuerySet[Consultation]:
        return selectors.consultation_feed_public()

    def item_title(self, item: Consultation) -> str:
        return f"{item.title} ({item.member.name})"

    def item_description(self, item: Consultation) -> str:
        rows = [
            (p.name, date_format(p.start, "DATETIME_FORMAT"), date_format(p.end, "DATETIME_FORMAT"))
            for p in item.phases.all()
        ]
        phases = format_html_join("", "<li>{}: {} – {}</li>", rows)
        summary = escape(Truncator(item.description).words(SUMMARY_WORDS))
        return format_html("<p>{}</p><ul>{}</ul>", summary, phases)

    def item_link(self, item: Consultation) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Consultation) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Consultation) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Consultation) -> str:
        return item.member.government.name if item.member.government else item.member.name
