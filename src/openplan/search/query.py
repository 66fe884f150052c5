"""What a person types, turned into a full-text query for either backend, and highlighted
results turned into safe HTML."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openplan.search.fulltext import MARK_END, MARK_START, SIMPLE, config_for

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(text: str) -> list[str]:
    """The words of ``text`` (letters and digits only, so nothing reaches the query syntax)."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def sqlite_match(words: list[str], column: str = "") -> str:
    """FTS5: every word, each as a prefix ("particip" finds "participación"); with ``column``,
    in that column."""
    match = " ".join(f'"{word}"*' for word in words)
    return f"{{{column}}} : ({match})" if column else match


def postgres_tsquery(words: list[str], language: str, weight: str = "") -> tuple[str, list[str]]:
    """PostgreSQL: every word as a prefix, read plainly (accents dropped) and, where the
    searcher's language has a stemmer, also stemmed, so that "publishing" finds "published"
    in documents of that language. ``weight`` "A" keeps the words of titles only."""
    text = " & ".join(f"{word}:*{weight}" for word in words)
    configs = list(dict.fromkeys([SIMPLE, config_for(language)]))
    sql = " || ".join(f"to_tsquery('{config}', %s)" for config in configs)
    return f"({sql})", [text] * len(configs)


def highlighted(text: str) -> SafeString:
    """Escape ``text`` and turn the database's match markers into ``<mark>`` elements."""
    html = str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # nosec B308 B703 # noqa: S308 - escaped above; only our own markers become tags


def _folded(word: str) -> str:
    """A word as the SQLite tokenizer compares it: case and accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mark_matches(text: str, words: list[str], window: int | None = None) -> str:
    """``text`` with every word that starts with one of ``words`` (accents and case ignored)
    between the match markers; with ``window``, only about that many words around the first
    match, with "…" where the text was cut."""
    folded = [_folded(word) for word in words]
    tokens = list(WORD.finditer(text))
    hits = [i for i, token in enumerate(tokens) if _folded(token.group()).startswith(tuple(folded))]
    start, end = 0, len(tokens)
    if window is not None and tokens:
        first = hits[0] if hits else 0
        start = max(0, first - window // 3)
        end = min(len(tokens), start + window)
    if not tokens:
        return text if window is None else text[:200]
    chosen = set(hits)
    pieces, position = [], tokens[start].start() if window is not None else 0
    for i in range(start, end):
        token = tokens[i]
        pieces.append(text[position : token.start()])
        word = token.group()
        pieces.append(f"{MARK_START}{word}{MARK_END}" if i in chosen else word)
        position = token.end()
    pieces.append(text[position:] if window is None or end == len(tokens) else "")
    cut_before = window is not None and start > 0
    cut_after = window is not None and end < len(tokens)
    return ("…" if cut_before else "") + "".join(pieces).strip() + ("…" if cut_after else "")
