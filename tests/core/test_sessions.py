"""The session store: Django's database sessions, read with one plain statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from openplan.core.sessions import SELECT, SessionStore

pytestmark = pytest.mark.django_db


def test_it_is_the_engine_and_reads_the_sessions_table() -> None:
    assert settings.SESSION_ENGINE == "openplan.core.sessions"
    assert f"FROM {Session._meta.db_table} " in SELECT


def test_it_reads_what_django_wrote_and_writes_what_django_reads() -> None:
    theirs = DjangoStore()
    theirs.update({"_auth_user_id": "7", "seen": [1, 2]})
    theirs.save()
    ours = SessionStore(theirs.session_key)
    assert ours.load() == {"_auth_user_id": "7", "seen": [1, 2]}
    assert ours.session_key == theirs.session_key
    ours["seen"] = [3]
    ours.save()
    assert DjangoStore(theirs.session_key).load()["seen"] == [3]


def test_an_expired_or_unknown_session_is_empty_and_loses_its_key() -> None:
    store = SessionStore()
    store["x"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("a" * 32)
    assert unknown.load() == {} and unknown.session_key is None
