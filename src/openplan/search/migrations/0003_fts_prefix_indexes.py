"""SQLite: prefix indexes of 2 to 12 characters, so that a word typed in part is read like one
word (``openplan.search.fulltext.PREFIXES``). Nothing changes on PostgreSQL."""

from typing import Any

from django.db import migrations

from openplan.search import fulltext


def _rebuild(prefixes: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in fulltext.sqlite_fts_rebuild(prefixes):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(
            _rebuild(fulltext.PREFIXES), _rebuild(fulltext.PREFIXES_V1), elidable=False
        )
    ]
