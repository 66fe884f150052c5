"""Reads of the vocabulary registry."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from openplan.taxonomy.models import Concept, Scheme


def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.annotate(concept_count=Count("concepts")).order_by("title")


def scheme_get(*, slug: str) -> Scheme:
    """A scheme with its versions and every concept (parents first), in two more queries."""
    return Scheme.objects.prefetch_related(
        "versions",
        Prefetch("concepts", queryset=Concept.objects.order_by("position")),
    ).get(slug=slug)


def concept_get(*, scheme: str, notation: str) -> Concept:
    return (
        Concept.objects.select_related("scheme", "parent")
        .prefetch_related(Prefetch("children", queryset=Concept.objects.order_by("position")))
        .get(scheme__slug=scheme, notation=notation)
    )


def concept_tree(scheme: Scheme) -> list[tuple[Concept, list[Concept]]]:
    """Top concepts with their children, from the prefetched concepts of ``scheme``."""
    concepts = list(scheme.concepts.all())
    children: dict[int, list[Concept]] = {}
    for concept in concepts:
        if concept.parent_id is not None:
            children.setdefault(concept.parent_id, []).append(concept)
    return [(c, children.get(c.pk, [])) for c in concepts if c.parent_id is None]


def concept_lookup_by_label(*, scheme: str) -> dict[str, Concept]:
    """Every label and alternative label of a scheme's concepts, lower-cased, to its concept."""
    lookup: dict[str, Concept] = {}
    for concept in Concept.objects.filter(scheme__slug=scheme):
        for label in [concept.pref_label, *concept.alt_labels]:
            lookup[label.strip().lower()] = concept
    return lookup
