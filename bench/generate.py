"""Fill a fresh OpenPlan database with a large, deterministic benchmark dataset.

    .venv/bin/python bench/generate.py                  # 200 members, 100,000 commitments, ...
    .venv/bin/python bench/generate.py --commitments 1000 --milestones 2500 --updates 2500
    .venv/bin/python bench/generate.py --describe       # JSON: counts and sample URLs' data

DATABASE_URL (and the other settings' variables) select the database, as for ``openplan``.
The same seed gives the same rows: members, action plans, published commitments tagged with
OGP policy areas, milestones, progress updates and evidence links. Texts mix English, Spanish,
French, Italian and Latvian words, accents included, so accent-insensitive search can be tested.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# ``bench/http.py`` would shadow the standard library's ``http`` package (Django needs it).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "en": _words(
        "open government data public budget transparency accountability citizens access "
        "information participation procurement contracts integrity justice health education "
        "climate water digital services register beneficial ownership lobbying local council "
        "elections anti-corruption whistleblower protection natural resources fiscal"
    ),
    "es": _words(
        "gobierno abierto datos públicos presupuesto participación ciudadanía información "
        "educación salud transparencia rendición cuentas contratación integridad justicia "
        "gestión inversión política económica municipal acceso corrupción protección "
        "anticorrupción registro beneficiarios energía región"
    ),
    "fr": _words(
        "gouvernement ouvert données publiques budget participation citoyenne accès "
        "société santé éducation intégrité réforme élections transparence collectivités "
        "marchés publics démocratie numérique évaluation égalité sécurité environnement "
        "déclaration intérêts lobbying réutilisation"
    ),
    "it": _words(
        "governo aperto dati pubblici bilancio partecipazione cittadini trasparenza "
        "città attività qualità società università integrità appalti giustizia sanità "
        "istruzione ambiente responsabilità accessibilità amministrazione comunità "
        "corruzione registro titolari effettivi"
    ),
    "lv": _words(
        "atvērtā pārvalde dati budžets līdzdalība iedzīvotāji atklātība pašvaldība "
        "informācija korupcija novēršana izglītība veselība tiesiskums iepirkumi "
        "pārskatatbildība digitālā pakalpojumi reģistrs patiesā labuma guvēji vēlēšanas "
        "sabiedrība interešu pārstāvība vide"
    ),
}
LANGUAGE_WEIGHTS = {"en": 40, "es": 20, "fr": 15, "it": 15, "lv": 10}
PLACES = "Aldoria Brevia Caldera Dunmore Estrava Florin Galicia Hollin Istria Jurmala Kestrel "
PLACES += "Lorraine Marisol Navarra Orvieto Perugia Quimper Rēzekne Salamanca Tartu Umbria Valmiera"
REGIONS = ["Europe", "Americas", "Africa", "Asia"]
COMPLETIONS = ["not-started", "limited", "substantial", "complete"]
SOURCES = ["Minutes of the multi-stakeholder forum", "Ministry progress report", "IRM report"]


@dataclass(frozen=True)
class Counts:
    members: int = 200
    plans_per_member: int = 4
    commitments: int = 100_000
    milestones: int = 250_000
    updates: int = 250_000
    evidence_every: int = 5  # one evidence link on every n-th progress update
    local_every: int = 5  # every n-th member is a local government
    chunk: int = 2_000  # commitments written per transaction


def share(total: int, parts: int, index: int) -> int:
    """How many of ``total`` items part ``index`` of ``parts`` gets (exact over all parts)."""
    return (index + 1) * total // parts - index * total // parts


class Text:
    """Seeded multilingual filler text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.languages = list(LANGUAGE_WEIGHTS)
        self.weights = list(LANGUAGE_WEIGHTS.values())

    def language(self) -> str:
        return self.rng.choices(self.languages, self.weights)[0]

    def words(self, language: str, low: int, high: int) -> str:
        return " ".join(self.rng.choices(WORDS[language], k=self.rng.randint(low, high)))

    def title(self, language: str, low: int = 5, high: int = 10) -> str:
        return self.words(language, low, high).capitalize()

    def paragraph(self, language: str, low: int, high: int) -> str:
        return self.title(language, low, high) + "."


def clock() -> Iterator[float]:
    start = time.perf_counter()
    while True:
        yield time.perf_counter() - start


def create_members(counts: Counts, rng: random.Random) -> list[Any]:
    """Members, one government organisation each, and their action plans."""
    from openplan.accounts.models import Organisation
    from openplan.plans.models import ActionPlan, Member

    places = PLACES.split()
    organisations, members = [], []
    for i in range(counts.members):
        local = i % counts.local_every == counts.local_every - 1
        place = f"{rng.choice(places)} {i + 1:03}"
        name = f"City of {place}" if local else f"Republic of {place}"
        organisations.append(
            Organisation(name=f"Government of {place}", slug=f"bench-gov-{i + 1:03}",
                         org_type="government", is_verified=True)
        )  # fmt: skip
        members.append(
            Member(name=name, slug=f"bench-{i + 1:03}", code=f"B{i + 1:03}",
                   level="local" if local else "national", region=rng.choice(REGIONS))
        )  # fmt: skip
    organisations = Organisation.objects.bulk_create(organisations)
    for member, organisation in zip(members, organisations, strict=True):
        member.government = organisation
    members = Member.objects.bulk_create(members)
    plans = [
        ActionPlan(member=member, number=n, title=f"{member.name}: action plan {n}",
                   start_year=2012 + 2 * n, end_year=2014 + 2 * n,
                   status="ended" if n < counts.plans_per_member else "implementation")
        for member in members for n in range(1, counts.plans_per_member + 1)
    ]  # fmt: skip
    return ActionPlan.objects.bulk_create(plans)


def build_commitment(plan: Any, identifier: str, text: Text) -> Any:
    from openplan.plans.models import Commitment

    rng, language = text.rng, text.language()
    start = dt.date(plan.start_year, rng.randint(1, 12), rng.randint(1, 28))
    problem, description = text.paragraph(language, 20, 40), text.paragraph(language, 20, 40)
    return Commitment(
        identifier=identifier, action_plan=plan, number=identifier[-4:].lstrip("0"),
        title=text.title(language), theme=text.title(language, 1, 3), problem=problem,
        description=description, contribution=text.paragraph(language, 10, 20),
        relevance=text.paragraph(language, 10, 20), full_text=f"{problem}\n\n{description}",
        start_date=start, end_date=start + dt.timedelta(days=rng.randint(180, 720)),
        lead_institution=plan.member.government.name, status="published",
        completion=rng.choice(COMPLETIONS), language=language,
    )  # fmt: skip


def write_chunk(first: int, batch: list[Any], counts: Counts, text: Text, tags: list[Any]) -> None:
    """Commitments ``first``... and their tags, milestones, updates and evidence."""
    from openplan.plans.models import Commitment, Evidence, Milestone, ProgressUpdate

    rng = text.rng
    commitments: list[Any] = Commitment.objects.bulk_create(batch)
    through = Commitment.tags.through
    through.objects.bulk_create(
        through(commitment_id=c.pk, concept_id=tag.pk)
        for c in commitments for tag in rng.sample(tags, rng.randint(1, 3))
    )  # fmt: skip
    milestones: list[Any] = []
    for offset, c in enumerate(commitments):
        for position in range(share(counts.milestones, counts.commitments, first + offset)):
            due = c.start_date + dt.timedelta(days=90 * (position + 1))
            milestones.append(
                Milestone(commitment=c, position=position, title=text.title(c.language, 4, 8),
                          description=text.paragraph(c.language, 8, 16), due_date=due,
                          completion=rng.choice(COMPLETIONS))
            )  # fmt: skip
    milestones = Milestone.objects.bulk_create(milestones)
    by_commitment: dict[int, list[Any]] = {}
    for milestone in milestones:
        by_commitment.setdefault(milestone.commitment_id, []).append(milestone)
    updates = []
    for offset, c in enumerate(commitments):
        steps = by_commitment.get(c.pk, [])
        for n in range(share(counts.updates, counts.commitments, first + offset)):
            completion = rng.choice(COMPLETIONS)
            updates.append(
                ProgressUpdate(commitment=c, milestone=steps[n % len(steps)] if steps else None,
                               organisation_id=c.action_plan.member.government_id,
                               reported_on=c.start_date + dt.timedelta(days=60 * (n + 1)),
                               completion=completion, percent=rng.randint(0, 100),
                               narrative=text.paragraph(c.language, 10, 30),
                               source=rng.choice(SOURCES), is_shadow=n % 7 == 6)
            )  # fmt: skip
    updates = ProgressUpdate.objects.bulk_create(updates)
    Evidence.objects.bulk_create(
        Evidence(update=u, title=f"Evidence {u.pk}", url=f"https://example.org/evidence/{u.pk}")
        for u in updates[:: counts.evidence_every]
    )


def analyze() -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load (statistics for the planner,
    the visibility map for index-only scans, hint bits), done now so that a run does not depend
    on its timing. SQLite does nothing of the kind by itself, so it gets nothing."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (as in the tests): statistics only, then.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def generate(counts: Counts, seed: int = 1, progress: bool = True) -> dict[str, float]:
    """Write the dataset; returns seconds per stage. The database must hold no bench data."""
    from django.db import transaction
    from tqdm import tqdm

    from openplan.plans.models import Member
    from openplan.taxonomy.models import Concept

    if Member.objects.filter(slug__startswith="bench-").exists():
        raise SystemExit("This database already holds benchmark data: start from a fresh one.")
    tags = list(Concept.objects.filter(scheme__slug="ogp-policy-areas"))
    if not tags:
        raise SystemExit("No OGP policy areas: run `openplan migrate` first.")
    rng, elapsed = random.Random(seed), clock()
    next(elapsed)  # starts the clock
    text = Text(rng)
    with transaction.atomic():
        plans = create_members(counts, rng)
    timings = {"members and plans": next(elapsed)}
    per_member: dict[int, int] = {}
    bar = tqdm(total=counts.commitments, unit=" commitments", disable=not progress)
    for first in range(0, counts.commitments, counts.chunk):
        batch = []
        for i in range(first, min(first + counts.chunk, counts.commitments)):
            plan = plans[i * len(plans) // counts.commitments]
            seq = per_member[plan.member_id] = per_member.get(plan.member_id, 0) + 1
            batch.append(build_commitment(plan, f"{plan.member.code}-{seq:04}", text))
        with transaction.atomic():
            write_chunk(first, batch, counts, text, tags)
        bar.update(len(batch))
    bar.close()
    timings["commitments, milestones, updates"] = next(elapsed) - timings["members and plans"]
    index_all(progress)
    timings["search index"] = next(elapsed) - sum(timings.values())
    analyze()  # after the index: its table is the largest, and its plans depend on statistics
    timings["analyze"] = next(elapsed) - sum(timings.values())
    timings["total"] = next(elapsed)
    return timings


def index_all(progress: bool) -> None:
    """Bulk writes skip the signals that keep the search index and the page cache up to date:
    rebuild the one and start the other afresh, as after any bulk load."""
    from tqdm import tqdm

    from openplan.core.pagecache import content_changed
    from openplan.search.services import index_rebuild, index_size

    with tqdm(total=index_size(), unit=" indexed", disable=not progress) as bar:
        index_rebuild(progress=bar.update)
    content_changed()


def describe(samples: int = 2000) -> dict[str, Any]:
    """Row counts and what the HTTP benchmark requests: identifiers, a member, search words."""
    from openplan.plans import models

    counts = {
        model.__name__: model.objects.count()
        for model in (
            models.Member,
            models.ActionPlan,
            models.Commitment,
            models.Milestone,
            models.ProgressUpdate,
            models.Evidence,
        )
    }
    identifiers = list(
        models.Commitment.objects.filter(status="published").order_by("identifier")
        .values_list("identifier", flat=True)
    ) if samples else []  # fmt: skip
    step = max(1, len(identifiers) // max(samples, 1))
    member = models.Member.objects.filter(slug__startswith="bench-").order_by("slug").first()
    return {
        "counts": counts,
        "identifiers": identifiers[::step][:samples],
        "member": member.slug if member else None,
        "words": {language: words[:8] for language, words in WORDS.items()},
    }


def main() -> None:
    defaults = Counts()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=defaults.members)
    parser.add_argument("--plans-per-member", type=int, default=defaults.plans_per_member)
    parser.add_argument("--commitments", type=int, default=defaults.commitments)
    parser.add_argument("--milestones", type=int, default=defaults.milestones)
    parser.add_argument("--updates", type=int, default=defaults.updates)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--describe", action="store_true", help="print counts and samples")
    parser.add_argument("--json", action="store_true", help="print the timings as JSON")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openplan.settings")
    import django

    django.setup()
    if args.describe:
        print(json.dumps(describe()))
        return
    counts = Counts(
        members=args.members, plans_per_member=args.plans_per_member,
        commitments=args.commitments, milestones=args.milestones, updates=args.updates,
    )  # fmt: skip
    timings = generate(counts, seed=args.seed, progress=not args.json)
    if args.json:
        print(json.dumps({"timings": timings, "counts": describe(0)["counts"]}))
        return
    for stage, seconds in timings.items():
        print(f"{stage:>34}: {seconds:7.1f} s")
    print(json.dumps(describe(0)["counts"]))


if __name__ == "__main__":
    main()
