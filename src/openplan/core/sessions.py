"""Django's database sessions, read with one plain statement instead of a compiled ORM query.

Every signed-in request reads its session; the ORM's ``get()`` costs about 700 Python function
calls more than the statement itself (ADR 0012). Writing, expiry and everything else stay
Django's (``SESSION_ENGINE = "openplan.core.sessions"``)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

# The table of django.contrib.sessions.models.Session (tests/core/test_sessions.py checks it).
SELECT = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The unexpired session row (only its data is read), or None (then no key)."""
        key = self.session_key
        if key is not None:
            with connections[router.db_for_read(self.model)].cursor() as cursor:
                cursor.execute(SELECT, [key, timezone.now()])
                row = cursor.fetchone()
            if row is not None:
                return self.model(session_key=key, session_data=row[0])
        self._session_key = None
        return None
