"""The full-text index beside ``search_searchdocument``: FTS5 on SQLite, tsvector + GIN on
PostgreSQL (see ``openplan.search.fulltext``)."""

from typing import Any

from django.db import migrations

from openplan.search import fulltext


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": fulltext.SQLITE_CREATE, "postgresql": fulltext.POSTGRES_CREATE}),
            _run({"sqlite": fulltext.SQLITE_DROP, "postgresql": fulltext.POSTGRES_DROP}),
        )
    ]
