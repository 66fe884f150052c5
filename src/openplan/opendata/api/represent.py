"""The API representation of each resource, as plain JSON-ready dicts (``schemas.py`` describes
them for OpenAPI). No personal data: organisations are named, people never (progress reports
carry their reporting organisation, not their author)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import ActionPlan, Commitment, Evidence, Member, ProgressUpdate
from openplan.taxonomy.models import Concept, Scheme


@dataclass(frozen=True)
class Site:
    """Absolute addresses: ``OPENPLAN_BASE_URL``, else the request's own."""

    base: str

    def url(self, path: str) -> str:
        return self.base + path

    def api(self, name: str, **kwargs: Any) -> str:
        return self.base + reverse(f"api-v1:{name}", kwargs=kwargs)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _stamp(value: dt.datetime) -> str:
    """UTC to the second (as Last-Modified; databases keep different fractions)."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def organisation_ref(organisation: Organisation | None, site: Site) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "html_url": site.url(organisation.get_absolute_url()),
    }


def member_ref(member: Member, site: Site) -> dict[str, Any]:
    return {
        "slug": member.slug,
        "name": member.name,
        "url": site.api("member_get", slug=member.slug),
    }


def member(member: Member, site: Site) -> dict[str, Any]:
    annotated: Any = member
    return {
        **member_ref(member, site),
        "code": member.code,
        "level": member.level,
        "region": member.region,
        "government": organisation_ref(member.government, site),
        "commitment_count": annotated.commitment_count,
        "html_url": site.url(reverse("plans:member_detail", kwargs={"slug": member.slug})),
        "action_plans_url": site.api("action_plan_list") + f"?member={member.slug}",
        "commitments_url": site.api("commitment_list") + f"?member={member.slug}",
        "created_at": _stamp(member.created_at),
        "updated_at": _stamp(member.updated_at),
    }


def action_plan_ref(plan: ActionPlan, site: Site) -> dict[str, Any]:
    return {"id": plan.pk, "number": plan.number, "url": site.api("action_plan_get", pk=plan.pk)}


def action_plan(plan: ActionPlan, site: Site) -> dict[str, Any]:
    annotated: Any = plan
    query = f"?member={plan.member.slug}&plan={plan.number}"
    return {
        **action_plan_ref(plan, site),
        "title": plan.title,
        "member": member_ref(plan.member, site),
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "commitment_count": annotated.commitment_count,
        "html_url": site.url(reverse("plans:action_plan_detail", kwargs={"plan": plan.pk})),
        "commitments_url": site.api("commitment_list") + query,
        "created_at": _stamp(plan.created_at),
        "updated_at": _stamp(plan.updated_at),
    }


def _evidence(evidence: Evidence, site: Site) -> dict[str, Any]:
    if evidence.file:
        return {
            "title": evidence.title,
            "kind": "file",
            "url": site.url(evidence.get_absolute_url()),
            "filename": evidence.download_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
        }
    return {
        "title": evidence.title,
        "kind": "link",
        "url": evidence.url,
        "filename": None,
        "content_type": None,
        "size": None,
    }


def progress_update(update: ProgressUpdate, site: Site) -> dict[str, Any]:
    return {
        "id": update.pk,
        "html_url": site.url(f"{update.commitment.get_absolute_url()}#update-{update.pk}"),
        "reported_on": update.reported_on.isoformat(),
        "milestone": update.milestone_id,
        "organisation": organisation_ref(update.organisation, site),
        "shadow": update.is_shadow,
        "completion_before": update.completion_before or None,
        "completion": update.completion,
        "percent": update.percent,
        "narrative": update.narrative,
        "source": update.source,
        "evidence": [_evidence(e, site) for e in update.evidence.all()],
        "created_at": _stamp(update.created_at),
    }


def commitment(commitment: Commitment, site: Site) -> dict[str, Any]:
    """A public commitment with its milestones, progress reports and tags (concept URIs).
    ``commitment`` comes from ``selectors.commitment_list_api`` (prefetched, annotated)."""
    plan = commitment.action_plan
    annotated: Any = commitment
    return {
        "identifier": commitment.identifier,
        "url": site.api("commitment_get", identifier=commitment.identifier),
        "html_url": site.url(commitment.get_absolute_url()),
        "member": member_ref(plan.member, site),
        "action_plan": action_plan_ref(plan, site),
        "number": commitment.number,
        "title": commitment.title,
        "short_title": commitment.short_title,
        "status": commitment.status,
        "completion": commitment.completion or None,
        "language": commitment.language,
        "theme": commitment.theme,
        "problem": commitment.problem,
        "description": commitment.description,
        "contribution": commitment.contribution,
        "relevance": commitment.relevance,
        "start_date": _date(commitment.start_date),
        "end_date": _date(commitment.end_date),
        "dates_as_written": commitment.dates_as_written,
        "lead_institution": commitment.lead_institution,
        "supporting_institutions": commitment.supporting_institutions,
        "co_owners": [
            organisation_ref(o, site) for o in sorted(commitment.co_owners.all(), key=_slug)
        ],
        "budget": commitment.budget,
        "links": commitment.links,
        "source_url": commitment.source_url,
        "tags": sorted(tag.uri for tag in commitment.tags.all()),
        "milestones": [
            {
                "id": m.pk,
                "position": m.position,
                "title": m.title,
                "description": m.description,
                "due_date": _date(m.due_date),
                "completed_on": _date(m.completed_on),
                "completion": m.completion,
            }
            for m in commitment.milestones.all()
        ],
        "progress_updates": [progress_update(u, site) for u in commitment.progress_updates.all()],
        "created_at": _stamp(commitment.created_at),
        "modified": _stamp(annotated.modified),
    }


def _slug(organisation: Organisation) -> str:
    return organisation.slug


def scheme(scheme: Scheme, site: Site) -> dict[str, Any]:
    annotated: Any = scheme
    modified = max(filter(None, [scheme.updated_at, annotated.concepts_modified]))
    export = reverse("taxonomy:scheme_export", kwargs={"scheme": scheme.slug, "fmt": "ttl"})
    return {
        "slug": scheme.slug,
        "uri": scheme.uri,
        "url": site.api("vocabulary_get", slug=scheme.slug),
        "html_url": site.url(scheme.get_absolute_url()),
        "title": scheme.title,
        "description": scheme.description,
        "publisher": scheme.publisher,
        "source_url": scheme.source_url,
        "version": scheme.version,
        "concept_count": annotated.concept_count,
        "concepts_url": site.api("concept_list", slug=scheme.slug),
        "skos_turtle_url": site.url(export),
        "skos_jsonld_url": site.url(export.removesuffix("ttl") + "jsonld"),
        "modified": _stamp(modified),
    }


def concept(concept: Concept, site: Site) -> dict[str, Any]:
    return {
        "uri": concept.uri,
        "notation": concept.notation,
        "scheme": concept.scheme.slug,
        "url": site.api("concept_get", slug=concept.scheme.slug, notation=concept.notation),
        "pref_label": concept.pref_label,
        "labels": dict(sorted(concept.labels.items())),
        "alt_labels": list(concept.alt_labels),
        "definition": concept.definition,
        "broader": concept.parent.uri if concept.parent else None,
        "position": concept.position,
        "introduced_in": concept.introduced_in or None,
        "deprecated_in": concept.deprecated_in or None,
        "modified": _stamp(concept.updated_at),
    }
