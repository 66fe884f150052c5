"""PostgreSQL: the documents' ``tsvector`` kept in the row, compressed, rather than out of line
(``openplan.search.fulltext.POSTGRES_VECTOR_IN_ROW``, ADR 0013). Existing documents are written
again: about two minutes at 100,000 commitments on two cores. Nothing changes on SQLite."""

from typing import Any

from django.db import migrations

from openplan.search import fulltext


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fts_prefix_indexes")]

    operations = [
        migrations.RunPython(
            _run(fulltext.POSTGRES_VECTOR_IN_ROW),
            _run(fulltext.POSTGRES_VECTOR_OUT_OF_ROW),
            elidable=False,
        )
    ]
