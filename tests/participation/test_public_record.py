"""Every participation service that changes public content appends exactly one public-record
entry, in its own transaction, without personal data; the others say why they write none.

``PUBLIC_CHANGES`` (service → call, kind, object address, role) and ``NO_ENTRY`` (service →
reason) are shaped for tests/architecture's classification of all services."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from openplan.core.record.models import EntryKind, RecordEntry
from openplan.participation import services
from openplan.participation.models import Petition
from openplan.participation.states import ConsultationStatus
from tests.participation.world import (
    ALL,
    DAY,
    T0,
    meeting,
    member_and_plan,
    open_consultation,
    petition,
    petition_consultation,
    proposal,
)

pytestmark = pytest.mark.django_db

Call = Callable[[dict[str, Any]], Any]
PUBLIC_CHANGES: dict[str, tuple[Call, str, str, str]] = {
    "consultation_transition": (
        lambda w: services.consultation_transition(
            consultation=w["draft"], target=ConsultationStatus.PUBLISHED
        ),
        EntryKind.PUBLICATION, "/consultations/", "government",
    ),
    "phase_add": (
        lambda w: services.phase_add(
            consultation=w["consultation"], name="Later", start=T0 + 40 * DAY,
            end=T0 + 50 * DAY, actions=[],
        ),
        EntryKind.EDIT, "/consultations/", "government",
    ),
    "phase_update": (
        lambda w: services.phase_update(
            phase=w["consultation"].phases.get(name="Open"), name="Open", start=T0,
            end=T0 + 40 * DAY, actions=ALL,
        ),
        EntryKind.EDIT, "/consultations/", "government",
    ),
    "phase_delete": (
        lambda w: services.phase_delete(phase=w["later"]),
        EntryKind.EDIT, "/consultations/", "government",
    ),
    "offline_proposal_record": (
        lambda w: services.offline_proposal_record(
            consultation=w["consultation"], recorder=w["cast"].coordinator, channel="phone",
            received_on=T0.date(), title="By phone", body="Call notes",
        ),
        EntryKind.PUBLICATION, "/consultations/proposals/", "government",
    ),
    "offline_supports_record": (
        lambda w: services.offline_supports_record(
            proposal=w["proposal"], recorder=w["cast"].coordinator, channel="paper",
            received_on=(T0 + DAY).date(), supports=12,
        ),
        EntryKind.EDIT, "#offline-", "government",
    ),
    "proposal_create": (
        lambda w: proposal(w["consultation"], w["cast"].cso_member),
        EntryKind.PUBLICATION, "/consultations/proposals/", "",
    ),
    "proposal_update": (
        lambda w: services.proposal_update(
            proposal=w["proposal"], actor=w["cast"].participant, title="New", body="Newer"
        ),
        EntryKind.EDIT, "/consultations/proposals/", "",
    ),
    "proposal_withdraw": (
        lambda w: services.proposal_withdraw(proposal=w["proposal"], actor=w["cast"].participant),
        EntryKind.STATUS, "/consultations/proposals/", "",
    ),
    "comment_create": (
        lambda w: services.comment_create(
            proposal=w["proposal"], author=w["cast"].cso_member, body="Yes"
        ),
        EntryKind.PUBLICATION, "#comment-", "",
    ),
    "content_hide": (
        lambda w: services.content_hide(
            target=w["proposal"], moderator=w["cast"].moderator, reason="Spam"
        ),
        EntryKind.MODERATION, "/consultations/proposals/", "",
    ),
    "content_restore": (
        lambda w: services.content_restore(target=w["hidden"], moderator=w["cast"].moderator),
        EntryKind.MODERATION, "#comment-", "",
    ),
    "content_approve": (
        lambda w: services.content_approve(target=w["pending"], moderator=w["cast"].moderator),
        EntryKind.PUBLICATION, "#comment-", "",
    ),
    "petition_answer_set": (
        lambda w: services.petition_answer_set(petition=w["petition"], text="We agree."),
        EntryKind.RESPONSE, "#answer", "government",
    ),
    "petition_reach_threshold": (  # the count reached the threshold: the deadline starts
        lambda w: (
            Petition.objects.filter(pk=w["petition"].pk).update(signatures_count=3),
            services.petition_reach_threshold(petition_id=w["petition"].pk),
        ),
        EntryKind.STATUS, "/consultations/petitions/", "",
    ),
    "meeting_create": (
        lambda w: meeting(w["consultation"]),
        EntryKind.PUBLICATION, "/consultations/meetings/", "government",
    ),
    "meeting_cancel": (
        lambda w: services.meeting_cancel(meeting=w["meeting"]),
        EntryKind.STATUS, "/consultations/meetings/", "government",
    ),
    "meeting_close": (
        lambda w: services.meeting_close(
            meeting=w["held"], minutes="Notes", attendees=4, proposals=[w["proposal"]]
        ),
        EntryKind.STATUS, "/consultations/meetings/", "government",
    ),
    "response_set": (
        lambda w: services.response_set(proposal=w["proposal"], kind="accepted", reason="Yes"),
        EntryKind.RESPONSE, "#response", "government",
    ),
}  # fmt: skip

NO_ENTRY = {
    "participation.consultation_create": "creates a draft, which only its coordinators see",
    "participation.support_add": "who supports is personal data; the public count is derived "
    "from the rows and reconciled (reconcile_counters)",
    "participation.support_remove": "idem",
    "participation.follow_set": "personal (what a person follows); nothing public changes",
    "participation.follow_remove": "idem",
    "participation.flag_create": "a private report to the moderators; their act is recorded",
    "participation.reconcile_counters": "derived counters, recomputed from recorded rows",
    "participation.count_comment": "helper of the comment and moderation services",
    "participation.first_contribution_held": "reads",
    "participation.check_text": "validates, writes nothing",
    "participation.require_action": "validates, writes nothing",
    "participation.require_published": "validates, writes nothing",
    "participation.retry_when_locked": "wraps services; writes nothing itself",
    "participation.consultation_snapshot": "reads",
    "participation.proposal_snapshot": "reads",
    "participation.comment_snapshot": "reads",
    "participation.response_snapshot": "reads",
    "participation.record_consultation": "the entry writer of the consultation services",
    "participation.record_contribution": "the entry writer of proposals and comments",
    "participation.record_moderation": "the entry writer of the moderation services",
    "participation.record_response": "the entry writer of response_set",
    "participation.petition_create": "held for a moderator; content_approve records the "
    "petition when it becomes public",
    "participation.signature_create": "who signs is personal data; the public count is derived "
    "from the confirmed rows and reconciled (reconcile_counters)",
    "participation.signature_confirm": "idem; reaching the threshold is recorded by "
    "petition_reach_threshold, which it calls",
    "participation.signature_link_resend": "sends an email; nothing public changes",
    "participation.signature_get_by_token": "reads",
    "participation.signature_token": "reads",
    "participation.signatures_erase": "erasure of personal data; the counts stay as they were",
    "participation.signatures_purge_unconfirmed": "deletes personal data that never counted",
    "participation.email_normalize": "validates, writes nothing",
    "participation.petition_snapshot": "reads",
    "participation.petition_answer_snapshot": "reads",
    "participation.record_petition_reached": "the entry writer of petition_reach_threshold",
    "participation.record_petition_answer": "the entry writer of petition_answer_set",
    "participation.registration_create": "who registers is personal data; pages show counts "
    "derived from the rows",
    "participation.registration_cancel": "idem",
    "participation.meeting_locked": "reads the meeting and locks its row for the services",
    "participation.fill_places": "helper of the registration services (places, not content)",
    "participation.meeting_snapshot": "reads",
    "participation.record_meeting": "the entry writer of the meeting services",
    "participation.record_meetings_published": "part of consultation_transition's publication "
    "(one entry per meeting of the draft)",
    "participation.record_offline": "the entry writer of the offline input services",
    "participation.offline_snapshot": "reads",
    "participation.scan_check": "validates, writes nothing",
    "participation.check_received": "validates, writes nothing",
    # Notifications (services/notifications.py, notification_mail.py) are personal: who is
    # told what, read or mailed when. They follow a change that its own service already
    # recorded, and change nothing public themselves.
    "participation.notify": "queues the followers' notifications of a change that the "
    "calling service records; personal, nothing public changes",
    "participation.notify_consultation": "idem (the consultation services)",
    "participation.notify_proposal": "idem (proposals, responses, moderation)",
    "participation.notify_comment": "idem (comments, moderation)",
    "participation.notify_in_consultation": "idem (petitions and meetings)",
    "participation.notify_commitment": "idem (plans' commitment listener; plans records)",
    "participation.commitment_event": "reads: names the event of a recorded commitment change",
    "participation.notifications_fan_out": "writes personal notification rows for a change "
    "already recorded",
    "participation.forget_unread": "drops a cached count; writes nothing",
    "participation.notification_mark_read": "personal (what a person has read)",
    "participation.notifications_mark_all_read": "idem",
    "participation.notification_settings_set": "personal (a person's email choice)",
    "participation.notifications_mail": "sends personal email; marks rows mailed",
    "participation.digests_send": "idem (the daily digests)",
    "participation.notifications_unsubscribe": "personal (a person's email choice)",
    "participation.unsubscribe_token": "signs a token; writes nothing",
    "participation.unsubscribe_user": "reads (checks a token)",
}


def participation_services() -> set[str]:
    module = importlib.import_module("openplan.participation.services")
    modules = [module] + [
        importlib.import_module(f"{module.__name__}.{sub.name}")
        for sub in pkgutil.iter_modules(module.__path__)
    ]
    found = set()
    for mod in modules:
        for name, value in vars(mod).items():
            defined_here = getattr(value, "__module__", None) == mod.__name__
            if inspect.isfunction(value) and defined_here and not name.startswith("_"):
                found.add(f"participation.{name}")
    return found


@pytest.fixture
def world(cast, settings):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + DAY, tick=False):
        consultation = open_consultation()
        _member, plan = member_and_plan()
        draft = services.consultation_create(subject=plan, title="Draft")
        services.phase_add(consultation=draft, name="P", start=T0, end=T0 + DAY, actions=[])
        later = services.phase_add(
            consultation=consultation,
            name="Later",
            start=T0 + 60 * DAY,
            end=T0 + 70 * DAY,
            actions=[],
        )
        idea = proposal(consultation, cast.participant)
        hidden = services.comment_create(proposal=idea, author=cast.official, body="x")
        services.content_hide(target=hidden, moderator=cast.moderator, reason="Off topic")
        settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = True
        pending = services.comment_create(proposal=idea, author=cast.reviewer, body="first")
        settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = False
        public = petition(petition_consultation(threshold=3), cast.participant, cast.moderator)
        upcoming, held = meeting(consultation), meeting(consultation, start=T0)
        yield {"cast": cast, "consultation": consultation, "draft": draft, "proposal": idea,
               "hidden": hidden, "pending": pending, "petition": public, "meeting": upcoming,
               "held": held, "later": later}  # fmt: skip


@pytest.mark.parametrize("name", sorted(PUBLIC_CHANGES))
def test_a_public_change_appends_one_entry(world, name):  # type: ignore[no-untyped-def]
    call, kind, uri, role = PUBLIC_CHANGES[name]
    before = RecordEntry.objects.count()
    with time_machine.travel(T0 + DAY, tick=False):
        call(world)
    assert RecordEntry.objects.count() == before + 1
    entry = RecordEntry.objects.latest("sequence")
    assert (entry.kind, entry.role, entry.official_name) == (kind, role, "")
    assert uri in entry.object_uri
    if role == "government":
        assert entry.organisation == "Ministry of Demo Affairs"


def test_private_and_draft_changes_append_nothing(world):  # type: ignore[no-untyped-def]
    cast, idea = world["cast"], world["proposal"]
    before = RecordEntry.objects.count()
    with time_machine.travel(T0 + DAY, tick=False):
        services.support_add(proposal=idea, user=cast.cso_member)
        services.support_remove(proposal=idea, user=cast.cso_member)
        services.follow_set(user=cast.cso_member, target=idea)
        services.flag_create(user=cast.cso_member, target=idea)
        services.phase_add(
            consultation=world["draft"], name="Q", start=T0, end=T0 + DAY, actions=[]
        )
        services.reconcile_counters()
        started = services.petition_create(
            consultation=world["petition"].consultation, author=cast.cso_member, title="Held",
            body="Until a moderator approves it.",
        )  # fmt: skip
        signed = services.signature_create(petition=world["petition"], email="ana@example.org")
        token = services.signature_token(signed.signature)
        services.signature_link_resend(token=token)
        services.signature_confirm(token=token)  # 1 of 3: below the threshold
        meeting(world["draft"])
    assert started.moderation == "pending"
    assert RecordEntry.objects.count() == before


def test_every_participation_service_is_classified() -> None:
    found = participation_services()
    named = {f"participation.{n}" for n in PUBLIC_CHANGES} | set(NO_ENTRY)
    assert found == named
