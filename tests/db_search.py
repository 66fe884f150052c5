"""Search every table of the database for text: the erasure tests' witness."""

from __future__ import annotations

from django.db import connection


def rows_mentioning(*needles: str) -> list[tuple[str, str]]:
    """Every (table, start of row) in the database whose text contains one of the needles."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                if any(needle.lower() in text for needle in needles):
                    found.append((table, text[:200]))
    return found
