"""Search every table of the database for text: the erasure tests' witness."""

from __future__ import annotations

import json

from django.contrib.sessions.backends.db import SessionStore
from django.db import connection


def rows_mentioning(*needles: str) -> list[tuple[str, str]]:
    """Every (table, start of row) in the database whose text contains one of the needles,
    case-insensitively. Session data is decoded first, since it is stored encoded."""
    wanted = tuple(needle.lower() for needle in needles)
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=True):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                if table == "django_session":
                    data = SessionStore().decode(row[columns.index("session_data")])
                    text += " " + json.dumps(data, default=str)
                if any(needle in text.lower() for needle in wanted):
                    found.append((table, text[:300]))
    return found
