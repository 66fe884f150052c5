"""What a person types, turned into a full-text query for either backend, and highlighted
results turned into safe HTML."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openplan.search.fulltext import MARK_END, MARK_START, SIMPLE, config_for

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(text: str) -> list[str]:
    """The words of ``text`` (letters and digits only, so nothing reaches the query syntax)."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def sqlite_match(words: list[str]) -> str:
    """FTS5: every word, each as a prefix ("particip" finds "participación")."""
    return " ".join(f'"{word}"*' for word in words)


def postgres_tsquery(words: list[str], language: str) -> tuple[str, list[str]]:
    """PostgreSQL: every word as a prefix, read plainly (accents dropped) and, where the
    searcher's language has a stemmer, also stemmed, so that "publishing" finds "published"
    in documents of that language."""
    text = " & ".join(f"{word}:*" for word in words)
    configs = list(dict.fromkeys([SIMPLE, config_for(language)]))
    sql = " || ".join(f"to_tsquery('{config}', %s)" for config in configs)
    return f"({sql})", [text] * len(configs)


def highlighted(text: str) -> SafeString:
    """Escape ``text`` and turn the database's match markers into ``<mark>`` elements."""
    html = str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own markers become tags
