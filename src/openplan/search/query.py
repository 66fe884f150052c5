"""What a person types, turned into a full-text query for either backend, and highlighted
results turned into safe HTML."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

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


@lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    """A word as the SQLite tokenizer compares it: case and accents dropped (cached: texts
    repeat their words, and a page marks twenty of them)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mark_matches(text: str, words: list[str], window: int | None = None) -> str:
    """``text`` with every word that starts with one of ``words`` (accents and case ignored)
    between the match markers; with ``window``, only about that many words around the first
    match, with "…" where the text was cut. The text is read only as far as the window needs."""
    prefixes = tuple(_folded(word) for word in words)

    def hit(token: re.Match[str]) -> bool:
        return _folded(token.group()).startswith(prefixes)

    if window is None:
        marks = WORD.sub(lambda t: f"{MARK_START}{t[0]}{MARK_END}" if hit(t) else t[0], text)
        return marks.strip()
    tokens, first = _read_to_window(text, hit, window)
    if not tokens:
        return text[:200]
    start = max(0, (first or 0) - window // 3)
    end = min(len(tokens), start + window)
    pieces, position = [], tokens[start].start()
    for token in tokens[start:end]:
        word = token.group()
        pieces.append(text[position : token.start()])
        pieces.append(f"{MARK_START}{word}{MARK_END}" if hit(token) else word)
        position = token.end()
    cut_after = end < len(tokens)
    pieces.append("" if cut_after else text[position:])
    return ("…" if start > 0 else "") + "".join(pieces).strip() + ("…" if cut_after else "")


def _read_to_window(
    text: str, hit: Callable[[re.Match[str]], bool], window: int
) -> tuple[list[re.Match[str]], int | None]:
    """The words of ``text`` up to one past the window around the first match (all of them if
    nothing matches), and the first match's index."""
    tokens: list[re.Match[str]] = []
    first = None
    for token in WORD.finditer(text):
        tokens.append(token)
        if first is None and hit(token):
            first = len(tokens) - 1
        if first is not None and len(tokens) > max(0, first - window // 3) + window:
            break
    return tokens, first
