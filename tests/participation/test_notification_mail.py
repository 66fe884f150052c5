"""Notification emails: at once or in a daily digest (each notification mailed once), in the
person's language, plain text and HTML, with an unsubscribe link that works without logging
in (RFC 8058 one-click POST; a GET changes nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openplan.participation import services
from openplan.participation.models import Notification, NotificationSettings
from openplan.participation.services.notification_mail import SALT
from tests.factories import UserFactory
from tests.participation.world import T0, open_consultation

pytestmark = pytest.mark.django_db
NOW = T0 + dt.timedelta(days=3)


def _notify(user: Any, title: str = "Budgets", at: dt.datetime | None = None) -> Notification:
    return Notification.objects.create(
        user=user, event="proposal.comment", title=title, url="/consultations/proposals/1/",
        created_at=at or timezone.now(), content_type_id=1, object_id=1,
    )  # fmt: skip


@pytest.fixture
def person() -> Any:
    return UserFactory(email="ana@example.org", preferred_language="es")


def _choose(user: Any, email: str) -> None:
    with time_machine.travel(NOW - dt.timedelta(hours=6), tick=False):
        services.notification_settings_set(user=user, email=email)


def test_the_default_is_no_email(person, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    services.follow_set(user=person, target=consultation)
    # At T0: a public consultation's new phase cannot start in the past.
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.phase_add(consultation=consultation, name="More", start=T0, end=NOW,
                           actions=["comment"])  # fmt: skip
    assert Notification.objects.filter(user=person).count() == 1
    assert services.digests_send() == {"emails": 0, "notifications": 0}
    assert mail.outbox == []


def test_immediate_mail_is_sent_by_the_fan_out_task_in_the_persons_language(  # type: ignore[no-untyped-def]
    person, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(T0 - dt.timedelta(hours=1), tick=False):  # chosen before the change
        services.notification_settings_set(user=person, email="immediate")
    consultation = open_consultation()
    services.follow_set(user=person, target=consultation)
    # At T0: a public consultation's new phase cannot start in the past.
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.phase_add(consultation=consultation, name="More", start=T0, end=NOW,
                           actions=["comment"])  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "tiene una nueva fase" in message.subject  # Spanish, the person's language
    assert consultation.get_absolute_url() in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and consultation.get_absolute_url() in str(html)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Notification.objects.get(user=person).emailed_at is not None
    assert services.notifications_mail(user=person, digest=False) == 0  # mailed once


def test_digest_run_twice_sends_one_mail(person) -> None:  # type: ignore[no-untyped-def]
    _choose(person, "daily")
    other = UserFactory()
    _choose(other, "immediate")  # not in the digest
    with time_machine.travel(NOW, tick=False):
        for title in ("One", "Two", "Three"):
            _notify(person, title)
        _notify(other)
        read = _notify(person, "Read already")
        read.read_at = timezone.now()
        read.save()
        assert services.digests_send() == {"emails": 1, "notifications": 3}
        assert services.digests_send() == {"emails": 0, "notifications": 0}
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert all(t in message.body for t in ("One", "Two", "Three"))
    assert "Read already" not in message.body
    assert Notification.objects.filter(user=person, emailed_at__isnull=True).count() == 1


def test_one_digest_a_day_even_when_run_hourly(person) -> None:  # type: ignore[no-untyped-def]
    _choose(person, "daily")
    with time_machine.travel(NOW, tick=False):
        _notify(person, "Morning")
        call_command("send-digests")
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        _notify(person, "Noon")
        call_command("send-digests")
    with time_machine.travel(NOW + dt.timedelta(hours=21), tick=False):
        call_command("send-digests")
    assert [("Morning" in m.body, "Noon" in m.body) for m in mail.outbox] == [
        (True, False),
        (False, True),
    ]


def test_nothing_from_before_the_choice_or_too_old(person) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW - dt.timedelta(hours=8), tick=False):
        _notify(person, "Before choosing")
    _choose(person, "daily")
    with time_machine.travel(NOW, tick=False):
        assert services.digests_send() == {"emails": 0, "notifications": 0}


def test_a_failed_mail_is_tried_again(person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _choose(person, "daily")
    with time_machine.travel(NOW, tick=False):
        _notify(person)

        def fail(*args: Any, **kwargs: Any) -> int:
            raise OSError("mail server down")

        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
        with pytest.raises(OSError):
            services.digests_send()
        assert Notification.objects.get().emailed_at is None
        monkeypatch.undo()
        assert services.digests_send() == {"emails": 1, "notifications": 1}


# --- unsubscribe ------------------------------------------------------------------------


def _url(token: str) -> str:
    return f"/account/notifications/unsubscribe/{token}/"


def _email_of(user: Any) -> str:
    return NotificationSettings.objects.get(user=user).email


def test_a_get_shows_a_confirmation_and_changes_nothing(person) -> None:  # type: ignore[no-untyped-def]
    services.notification_settings_set(user=person, email="daily")
    response = Client().get(_url(services.unsubscribe_token(person)))
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert _email_of(person) == "daily"


def test_a_post_without_login_or_csrf_unsubscribes(person) -> None:  # type: ignore[no-untyped-def]
    services.notification_settings_set(user=person, email="daily")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _url(services.unsubscribe_token(person)), {"List-Unsubscribe": "One-Click"}
    )  # RFC 8058: the mail program POSTs this body
    assert response.status_code == 200
    assert _email_of(person) == "none"


@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_tampered_and_foreign_tokens_are_refused(person, method: str) -> None:  # type: ignore[no-untyped-def]
    services.notification_settings_set(user=person, email="daily")
    good = services.unsubscribe_token(person)
    forged = signing.dumps({"u": person.pk, "e": "0" * 12}, salt=SALT, compress=True)
    other_salt = signing.dumps({"u": person.pk}, salt="something else")
    for token in ("nonsense", good[:-2] + "xy", forged, other_salt):
        response = getattr(Client(), method)(_url(token))
        assert response.status_code == 400, token
        assert b"not valid" in response.content
    assert _email_of(person) == "daily"


def test_an_expired_token_is_refused(person, settings) -> None:  # type: ignore[no-untyped-def]
    services.notification_settings_set(user=person, email="daily")
    with time_machine.travel(NOW, tick=False):
        token = services.unsubscribe_token(person)
    later = NOW + dt.timedelta(days=settings.OPENPLAN_UNSUBSCRIBE_DAYS + 1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(ValidationError) as refused:
            services.unsubscribe_user(token)
        assert refused.value.code == "expired"
        response = Client().post(_url(token))
    assert response.status_code == 400 and b"expired" in response.content
    assert _email_of(person) == "daily"


def test_a_changed_address_voids_old_links(person) -> None:  # type: ignore[no-untyped-def]
    token = services.unsubscribe_token(person)
    person.email = "new@example.org"
    person.save()
    with pytest.raises(ValidationError):
        services.unsubscribe_user(token)


def test_a_title_on_several_lines_makes_a_one_line_subject(person) -> None:  # type: ignore[no-untyped-def]
    _choose(person, "immediate")
    with time_machine.travel(NOW, tick=False):
        _notify(person, "Imported title\nwith a line break")
        assert services.notifications_mail(user=person, digest=False) == 1
    assert "\n" not in mail.outbox[0].subject and "Imported title" in mail.outbox[0].subject
