"""The database side of search: the SQL that builds the full-text index (migration 0002) and
the SQL that queries it. One interface, two backends:

- SQLite: an external-content FTS5 table over ``search_searchdocument``, tokenizer
  ``unicode61 remove_diacritics 2`` (accent-insensitive), kept in step by triggers;
- PostgreSQL: a ``tsvector`` column filled by a trigger, with one text search configuration per
  language that has a Snowball stemmer (English, Spanish, Italian, French), each passing words
  through ``unaccent`` first; other languages (Latvian) use ``openplan_simple``.
"""

from __future__ import annotations

STEMMED = {"en": "english", "es": "spanish", "it": "italian", "fr": "french"}
SIMPLE = "openplan_simple"
CONFIGS = [SIMPLE, *(f"openplan_{name}" for name in STEMMED.values())]
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters, replaced by <mark> later


def config_for(language: str) -> str:
    """The PostgreSQL text search configuration for a language code ("es", "lv", "pt-br")."""
    name = STEMMED.get(language.split("-")[0].lower())
    return f"openplan_{name}" if name else SIMPLE


# FTS5 answers a prefix query ("govern"*) from a prefix index of that length, read lazily like
# one word, and otherwise merges the lists of every word with that prefix, all of them, before
# the first row: 10 to 35 ms for a common word at 100,000 commitments, against about 1 ms with
# the index (ADR 0009). Indexes of 2 to 12 characters cost 2.7 times the index's size.
PREFIXES_V1 = "2 3"  # migration 0002
PREFIXES = "2 3 4 5 6 7 8 9 10 11 12"  # migration 0003


def sqlite_fts_table(prefixes: str) -> str:
    return f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='{prefixes}')"""


def sqlite_fts_rebuild(prefixes: str) -> list[str]:
    """Make the table again with other prefix indexes (the triggers name it and stay)."""
    return [
        "DROP TABLE search_fts",
        sqlite_fts_table(prefixes),
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


SQLITE_CREATE = [
    sqlite_fts_table(PREFIXES_V1),
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {SIMPLE} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {SIMPLE} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    *(
        statement
        for name in STEMMED.values()
        for statement in (
            f"CREATE TEXT SEARCH CONFIGURATION openplan_{name} (COPY = {name})",
            f"ALTER TEXT SEARCH CONFIGURATION openplan_{name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {name}_stem",
        )
    ),
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    # The language's stemmed words, plus the plain words so that a query in another language
    # still finds them; the title weighs more than the body.
    f"""CREATE FUNCTION search_document_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector := setweight(to_tsvector(NEW.config::regconfig, NEW.title), 'A')
            || setweight(to_tsvector(NEW.config::regconfig, NEW.body), 'B');
        IF NEW.config <> '{SIMPLE}' THEN
            NEW.vector := NEW.vector
                || setweight(to_tsvector('{SIMPLE}', NEW.title), 'A')
                || setweight(to_tsvector('{SIMPLE}', NEW.body), 'B');
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE
        ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector()""",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}" for config in CONFIGS),
]

# PostgreSQL keeps a ``tsvector`` of more than about 2 kB out of line (TOAST) by default, so
# testing one document read three or four more pages. A broad query's probe tests the newest
# documents one by one until 1,001 match: with the vectors kept in the row (compressed),
# 3,127 pages instead of 27,352 and 9 ms instead of 37 for "citta" at 100,000 commitments
# (migration 0004, ADR 0013). The texts stay out of line; only the page's rows read them.
POSTGRES_VECTOR_IN_ROW = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN",
    # Rows keep how they were stored until written again: write them (the trigger recomputes
    # the vector), then fresh statistics for the planner.
    "UPDATE search_searchdocument SET body = body",
    "ANALYZE search_searchdocument",
]
POSTGRES_VECTOR_OUT_OF_ROW = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED",
]
