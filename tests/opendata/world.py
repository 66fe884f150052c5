"""Public and private data for the open-data tests: what must be published and what must not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openplan.accounts.models import Organisation, OrganisationType, User
from openplan.participation import services
from openplan.participation.models import Consultation, Meeting, Proposal
from openplan.plans.models import ActionPlan, Commitment, Member, ProgressUpdate
from openplan.taxonomy.models import Concept
from tests.factories import UserFactory

SECRET_NAME = "Petra Private"
SECRET_EMAIL = "petra.private@example.org"


@dataclass
class World:
    members: list[Member] = field(default_factory=list)
    plans: list[ActionPlan] = field(default_factory=list)
    published: list[Commitment] = field(default_factory=list)
    drafts: list[Commitment] = field(default_factory=list)
    draft_plan: ActionPlan | None = None
    hidden_member: Member | None = None


def _author() -> User:
    user = User.objects.filter(email=SECRET_EMAIL).first()
    return user or UserFactory(display_name=SECRET_NAME, email=SECRET_EMAIL)


def add_member(world: World, n: int, plans: int = 2, per_plan: int = 2) -> Member:
    """A national member with ``plans`` plans in implementation, each with ``per_plan``
    published commitments (each with a progress report and a shadow report) and one draft."""
    government, _ = Organisation.objects.get_or_create(
        slug=f"gov-{n}",
        defaults={"name": f"Government {n}", "org_type": OrganisationType.GOVERNMENT},
    )
    cso, _ = Organisation.objects.get_or_create(slug="watchdog", defaults={"name": "Watchdog"})
    member = Member.objects.create(
        name=f"Member {n}",
        slug=f"member-{n}",
        code="LVA" if n == 0 else f"M{n:02}",
        level="national",
        government=government,
    )
    tags = list(Concept.objects.filter(scheme__slug="ogp-policy-areas")[:2])
    world.members.append(member)
    for p in range(1, plans + 1):
        plan = ActionPlan.objects.create(
            member=member, number=p, start_year=2020 + p, end_year=2022 + p, status="implementation"
        )
        world.plans.append(plan)
        for c in range(per_plan + 1):
            status = "published" if c < per_plan else "draft"
            commitment = Commitment.objects.create(
                identifier=f"M{n:02}P{p}C{c}", action_plan=plan, title=f"Commitment {n}-{p}-{c}",
                description=f"What commitment {n}-{p}-{c} does <b>now</b>.", status=status,
                language="es" if n % 2 else "en",
            )  # fmt: skip
            commitment.tags.set(tags)
            (world.published if status == "published" else world.drafts).append(commitment)
            for organisation, shadow in ((government, False), (cso, True)):
                ProgressUpdate.objects.create(
                    commitment=commitment, organisation=organisation, author=_author(),
                    reported_on=dt.date(2024, 3, 1), completion="limited",
                    narrative=f"Report on {commitment.identifier}", source="Minutes",
                    is_shadow=shadow,
                )  # fmt: skip
    return member


def build(members: int = 2, plans: int = 2, per_plan: int = 2) -> World:
    """Members as in ``add_member``, plus a draft plan (with a published commitment) of the
    first member and a member whose only commitment is a draft."""
    world = World()
    start = Member.objects.count()
    for n in range(start, start + members):
        add_member(world, n, plans, per_plan)
    if start == 0:
        first = world.members[0]
        world.draft_plan = ActionPlan.objects.create(
            member=first, number=9, start_year=2030, end_year=2032, status="draft"
        )
        Commitment.objects.create(
            identifier="DRAFTPLAN1", action_plan=world.draft_plan, title="In a draft plan",
            status="published",
        )  # fmt: skip
        world.hidden_member = Member.objects.create(
            name="Hidden Member", slug="hidden", code="HID", level="local"
        )
        hidden_plan = ActionPlan.objects.create(
            member=world.hidden_member, number=1, start_year=2024, end_year=2025, status="draft"
        )
        world.drafts.append(
            Commitment.objects.create(
                identifier="HID0001", action_plan=hidden_plan, title="Secret draft", status="draft"
            )
        )
    return world


PUBLIC_AUTHOR = "Ana Publica"


@dataclass
class Participation:
    published: Consultation
    archived: Consultation
    draft: Consultation
    proposals: list[Proposal] = field(default_factory=list)  # shown, by PUBLIC_AUTHOR
    pseudonymous: Proposal | None = None
    hidden: Proposal | None = None
    pending: Proposal | None = None
    meetings: list[Meeting] = field(default_factory=list)  # held (closed), upcoming


def consultation_with_phase(subject: Any, title: str, status: str) -> Consultation:
    from django.utils import timezone

    now = timezone.now()
    consultation = services.consultation_create(subject=subject, title=title, description="*Why*")
    services.phase_add(
        consultation=consultation, name="Ideas", start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=30), actions=["propose", "comment", "support"],
    )  # fmt: skip
    for target in {"draft": [], "published": ["published"]}.get(status, ["published", status]):
        services.consultation_transition(consultation=consultation, target=target)
    return consultation


def add_proposals(consultation: Consultation, n: int, world: World) -> list[Proposal]:
    """``n`` shown proposals by a person with a public name, each tagged, supported and
    commented on, and answered (linked to a published and to a draft commitment)."""
    author = User.objects.filter(display_name=PUBLIC_AUTHOR).first()
    author = author or UserFactory(display_name=PUBLIC_AUTHOR, email="ana@example.org")
    tags = list(Concept.objects.filter(scheme__slug="ogp-policy-areas")[:2])
    made = []
    for i in range(n):
        proposal = services.proposal_create(
            consultation=consultation, author=author, title=f"Proposal {i}",
            body=f"Publish **budgets** monthly ({i}).", tags=tags,
        )  # fmt: skip
        services.support_add(proposal=proposal, user=UserFactory())
        services.comment_create(proposal=proposal, author=UserFactory(), body="Yes")
        services.response_set(
            proposal=proposal, kind="accepted", reason="It became a *commitment*.",
            commitments=[world.published[0], world.drafts[0]],
        )  # fmt: skip
        made.append(proposal)
    return made


def add_participation(world: World, proposals: int = 2) -> Participation:
    """A published consultation on the first plan (shown proposals, one by a pseudonymous
    person, one hidden, one held for a moderator), an archived one on a commitment, a draft
    one on a member."""
    result = Participation(
        published=consultation_with_phase(world.plans[0], "On the plan", "published"),
        archived=consultation_with_phase(world.published[0], "On a commitment", "archived"),
        draft=consultation_with_phase(world.members[0], "Secret consultation", "draft"),
    )
    result.proposals = add_proposals(result.published, proposals, world)
    quiet = UserFactory(display_name="")
    result.pseudonymous = services.proposal_create(
        consultation=result.published, author=quiet, title="Quiet idea", body="Open the data."
    )
    result.hidden = services.proposal_create(
        consultation=result.published, author=quiet, title="Spam title", body="Spam body"
    )
    services.content_hide(target=result.hidden, moderator=UserFactory(), reason="Advertising")
    result.pending = services.proposal_create(
        consultation=result.published, author=quiet, title="Held idea", body="Wait for it."
    )
    Proposal.objects.filter(pk=result.pending.pk).update(moderation="pending")
    result.meetings = _meetings(result)
    return result


def _meetings(part: Participation) -> list[Meeting]:
    """A hybrid meeting held yesterday, closed with its minutes and the first proposal, and
    an online one next week without a limit of places."""
    from django.utils import timezone

    now, day = timezone.now(), dt.timedelta(days=1)
    held = services.meeting_create(
        consultation=part.published, kind="hybrid", title="Held", address="Hall",
        online_url="https://meet.example.org/h", start=now - day, end=now - day / 2,
        agenda="*Ideas*",
    )  # fmt: skip
    services.meeting_close(
        meeting=held, minutes="Notes", attendees=5, organisations=1, proposals=part.proposals[:1]
    )
    upcoming = services.meeting_create(
        consultation=part.published, kind="online", title="Next",
        online_url="https://meet.example.org/n", start=now + 7 * day, end=now + 7 * day + day / 8,
    )  # fmt: skip
    return [held, upcoming]
