"""E-petitions through the services: held until a moderator approves, signatures counted only
once confirmed by the emailed link, once per address and per account, the threshold setting the
answer's deadline once; and every kind of bad input refused with a clear message and nothing
counted twice or lost."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from openplan.core.record.models import EntryKind, RecordEntry
from openplan.participation import services
from openplan.participation.models import Petition, Signature
from openplan.participation.services.record import petition_snapshot
from openplan.participation.states import Moderation
from tests.participation.world import DAY, T0, open_consultation, petition, petition_consultation

pytestmark = pytest.mark.django_db
NOW = T0 + DAY


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return petition_consultation(threshold=3)


@pytest.fixture
def public(consultation, cast):  # type: ignore[no-untyped-def]
    return petition(consultation, cast.participant, cast.moderator)


def token_in_mail(to: str) -> str:
    """The token of the latest confirmation link mailed to ``to``."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(r"/consultations/signatures/([^/\s]+)/", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation link to {to}")


def committed(service, **kwargs):  # type: ignore[no-untyped-def]
    """Run the service and then its on-commit work (the emails), as after a real commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(**kwargs)


def sign(petition_: Petition, email: str, **kwargs):  # type: ignore[no-untyped-def]
    return committed(services.signature_create, petition=petition_, email=email, **kwargs)


def confirm(token: str):  # type: ignore[no-untyped-def]
    return committed(services.signature_confirm, token=token)


def test_a_petition_is_held_until_a_moderator_approves_it(consultation, cast):  # type: ignore[no-untyped-def]
    before = RecordEntry.objects.count()
    held = services.petition_create(
        consultation=consultation, author=cast.participant, title="Sundays", body="Open them."
    )
    assert held.moderation == Moderation.PENDING and held.threshold == 3
    assert RecordEntry.objects.count() == before  # not public yet: nothing recorded
    with pytest.raises(ValidationError, match="cannot be signed"):
        sign(held, "ana@example.org")
    services.content_approve(target=held, moderator=cast.moderator)
    held.refresh_from_db()
    assert held.moderation == Moderation.VISIBLE
    entry = RecordEntry.objects.latest("sequence")
    assert (entry.kind, entry.object_uri) == (EntryKind.PUBLICATION, held.get_absolute_url())
    assert (entry.organisation, entry.role, entry.official_name) == ("", "", "")


def test_the_threshold_comes_from_the_consultation_or_the_setting(cast, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_PETITION_THRESHOLD = 250
    consultation = petition_consultation(threshold=None)
    assert petition(consultation, cast.participant, cast.moderator).threshold == 250


def test_a_signature_counts_only_once_confirmed(public):  # type: ignore[no-untyped-def]
    signed = sign(public, " Ana@Example.org ", name="Ana", show_name=True)
    assert not signed.confirmed
    assert signed.signature.email == "ana@example.org"
    public.refresh_from_db()
    assert public.signatures_count == 0
    token = token_in_mail("ana@example.org")
    signature, counted = confirm(token)
    assert counted and signature.is_confirmed
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_confirming_twice_counts_once(public):  # type: ignore[no-untyped-def]
    sign(public, "ana@example.org")
    token = token_in_mail("ana@example.org")
    confirm(token)
    _signature, counted = confirm(token)
    assert not counted
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_signing_twice_with_one_address_counts_once_and_tells_by_mail(public):  # type: ignore[no-untyped-def]
    sign(public, "ana@example.org")
    sign(public, "ANA@example.org")  # not confirmed yet: a new link
    assert Signature.objects.filter(petition=public).count() == 1
    confirm(token_in_mail("ana@example.org"))
    mail.outbox.clear()
    sign(public, "ana@example.org")  # confirmed already: the email says so
    assert mail.outbox and "already" in mail.outbox[0].subject
    assert Signature.objects.filter(petition=public).count() == 1
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_a_signed_in_person_with_a_verified_address_counts_at_once(public, cast):  # type: ignore[no-untyped-def]
    signed = sign(public, cast.cso_member.email, user=cast.cso_member)
    assert signed.confirmed
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="already signed"):
        sign(public, cast.cso_member.email, user=cast.cso_member)
    with pytest.raises(ValidationError, match="already signed"):  # another address, same account
        sign(public, "other@example.org", user=cast.cso_member)
    assert not mail.outbox
    public.refresh_from_db()
    assert public.signatures_count == 1


def test_an_address_another_account_signed_with_is_answered_by_email_only(public, cast):  # type: ignore[no-untyped-def]
    sign(public, cast.cso_member.email, user=cast.cso_member)
    mail.outbox.clear()
    signed = sign(public, cast.cso_member.email, user=cast.participant)  # tells nothing
    assert not signed.confirmed
    assert [m.to for m in mail.outbox] == [[cast.cso_member.email]]
    assert "already" in mail.outbox[0].subject
    public.refresh_from_db()
    assert public.signatures_count == 1 == Signature.objects.count()


def test_one_signature_per_address_and_per_account_are_database_rules(public, cast):  # type: ignore[no-untyped-def]
    Signature.objects.create(petition=public, email="x@example.org", user=cast.participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=public, email="x@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=public, email="y@example.org", user=cast.participant)
    Signature.objects.create(petition=public, email="z@example.org")  # no account: fine


def test_an_expired_link_counts_nothing_and_a_new_one_can_be_asked_for(public, frozen, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_SIGNATURE_LINK_HOURS = 2
    sign(public, "ana@example.org")
    old = token_in_mail("ana@example.org")
    frozen.shift(3 * 3600)
    with pytest.raises(ValidationError, match="expired") as error:
        confirm(old)
    assert error.value.code == "expired"
    public.refresh_from_db()
    assert public.signatures_count == 0
    mail.outbox.clear()
    committed(services.signature_link_resend, token=old)
    fresh = token_in_mail("ana@example.org")
    assert fresh != old
    confirm(fresh)
    public.refresh_from_db()
    assert public.signatures_count == 1
    _signature, counted = confirm(old)  # an old link of a counted one
    assert not counted


@pytest.mark.parametrize("token", ["nonsense", "", "a:b:c", "x" * 500])
def test_a_bad_link_is_refused_clearly(public, token):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="not valid"):
        confirm(token)


def test_signing_outside_a_signing_phase_is_refused(cast, frozen):  # type: ignore[no-untyped-def]
    consultation = open_consultation(
        phases=[("Petitions", 0, 2, ["petition", "sign"]), ("Proposals", 2, 5, ["propose"])]
    )
    started = petition(consultation, cast.participant, cast.moderator)
    sign(started, "ana@example.org")
    token = token_in_mail("ana@example.org")
    frozen.shift(2 * DAY)  # the signing phase is over
    with pytest.raises(ValidationError, match="cannot be signed at the moment"):
        sign(started, "bob@example.org")
    with pytest.raises(ValidationError, match="cannot be signed at the moment"):
        confirm(token)
    with pytest.raises(ValidationError, match="new petitions"):
        services.petition_create(
            consultation=consultation, author=cast.participant, title="t", body="b"
        )
    started.refresh_from_db()
    assert started.signatures_count == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "valid email"),
        ("email", "", "valid email"),
        ("email", "a" * 64 + "@" + "b" * 300 + ".org", "valid email"),
        ("name", "<script>alert(1)</script>", "plain text"),
        ("name", "n" * 101, "under 100"),
    ],
)
def test_bad_signing_input_is_refused(public, field, value, message):  # type: ignore[no-untyped-def]
    data = {"email": "ana@example.org", "name": "Ana", field: value}
    with pytest.raises(ValidationError, match=message):
        sign(public, **data)
    assert not Signature.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("t" * 201, "body", "under 200"),
        ("Title", "b" * 10_001, "under 10000"),
        ("Title", "<script>alert(1)</script>", "Scripts"),
        ("Title", "   ", "required"),
    ],
)
def test_oversized_or_script_laden_petitions_are_refused(consultation, cast, title, body, message):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        services.petition_create(
            consultation=consultation, author=cast.participant, title=title, body=body
        )
    assert not Petition.objects.exists()


def test_reaching_the_threshold_sets_the_deadline_once_and_tells_the_organisation(public, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_PETITION_ANSWER_DAYS = 30
    for name in ("a", "b", "c", "d"):
        sign(public, f"{name}@example.org")
    tokens = {name: token_in_mail(f"{name}@example.org") for name in "abcd"}
    mail.outbox.clear()
    for name in ("a", "b", "c"):
        confirm(tokens[name])
    public.refresh_from_db()
    assert public.signatures_count == 3
    assert public.threshold_reached_at == NOW
    assert public.answer_due == NOW + 30 * DAY
    entry = RecordEntry.objects.latest("sequence")
    assert (entry.kind, entry.object_uri) == (EntryKind.STATUS, public.get_absolute_url())
    assert petition_snapshot(public)["answer_due"] == public.answer_due.isoformat()
    coordinator_mail = [m for m in mail.outbox if "needs your answer" in m.subject]
    assert len(coordinator_mail) == 1
    before = RecordEntry.objects.count()
    confirm(tokens["d"])
    public.refresh_from_db()
    assert (public.signatures_count, public.threshold_reached_at) == (4, NOW)
    assert RecordEntry.objects.count() == before  # reached once, recorded once


def test_overdue_and_answered(public, frozen, cast):  # type: ignore[no-untyped-def]
    for name in ("a", "b", "c"):
        sign(public, f"{name}@example.org")
        confirm(token_in_mail(f"{name}@example.org"))
    public.refresh_from_db()
    assert not public.is_overdue
    frozen.shift(91 * DAY)
    assert public.is_overdue
    services.petition_answer_set(petition=public, text="We will open on Sundays from May.")
    public = Petition.objects.get(pk=public.pk)
    assert not public.is_overdue and public.answer is not None
    assert public.answer.organisation_name == "Ministry of Demo Affairs"
    with pytest.raises(ValidationError, match="Scripts"):
        services.petition_answer_set(petition=public, text="<iframe src=x>")


def test_reconcile_counters_fixes_signature_drift(public):  # type: ignore[no-untyped-def]
    sign(public, "a@example.org")
    confirm(token_in_mail("a@example.org"))
    sign(public, "b@example.org")  # not confirmed: not counted
    Petition.objects.filter(pk=public.pk).update(signatures_count=7)
    drift = services.reconcile_counters()
    assert drift.signatures == [(public.pk, 7, 1)]
    public.refresh_from_db()
    assert public.signatures_count == 1
    assert services.reconcile_counters().fixed == 0


def test_erasure_keeps_confirmed_signatures_counted_without_the_person(public, cast):  # type: ignore[no-untyped-def]
    from openplan.accounts.services import account_erase
    from openplan.core.personal_data import sections
    from tests.factories import UserFactory

    person = UserFactory(display_name="Cecilia")
    sign(public, person.email, user=person, name="Cecilia", show_name=True)
    second = petition(public.consultation, cast.participant, cast.moderator, title="Another")
    sign(second, person.email)  # signed without logging in, not confirmed
    exported = sections(person)["participation"]["petition_signatures"]
    assert {s["petition"] for s in exported} == {public.pk, second.pk}
    account_erase(user=person)
    kept = Signature.objects.get(petition=public)
    assert (kept.email, kept.name, kept.user, kept.is_confirmed) == (None, "", None, True)
    assert not Signature.objects.filter(petition=second).exists()
    public.refresh_from_db()
    assert public.signatures_count == 1
    assert services.reconcile_counters().fixed == 0


def test_unconfirmed_signatures_are_purged_after_their_links_expired(public, frozen, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_SIGNATURE_LINK_HOURS = 24
    sign(public, "late@example.org")
    sign(public, "counted@example.org")
    confirm(token_in_mail("counted@example.org"))
    frozen.shift(7 * DAY)  # the link expired 6 days ago: a new one can still be asked for
    assert services.signatures_purge_unconfirmed() == 0
    frozen.shift(2 * DAY)
    assert services.signatures_purge_unconfirmed() == 1
    assert list(Signature.objects.values_list("email", flat=True)) == ["counted@example.org"]
    public.refresh_from_db()
    assert public.signatures_count == 1
