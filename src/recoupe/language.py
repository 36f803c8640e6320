"""Language stage: which language a document is written in (lingua, on the whole text)."""

from __future__ import annotations

from functools import cache
from typing import Any

# Languages preloaded: the ones recoupe's sources are written in. Few languages keep lingua fast
# (~2 ms a document) and small (~190 MB); an unlisted language is reported as the closest listed one.
LANGUAGES = ("FRENCH", "ENGLISH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE")
ANALYSED = ("fr",)  # languages the extractors handle today
MIN_CHARS = 20  # lingua is unreliable on a few words ("Tokyo")
SAMPLE_CHARS = 1500  # a few sentences of prose settle the language; the whole text only costs time


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    # Low-accuracy mode reads trigrams only: several times faster, and as sure as the full mode on the
    # paragraphs of prose we give it (it is weak only on a few words, which we never ask about).
    languages = (getattr(Language, name) for name in LANGUAGES)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    if len(text.strip()) < MIN_CHARS:
        return None
    found = _detector().detect_language_of(text[:SAMPLE_CHARS])
    return None if found is None else str(found.iso_code_639_1.name).lower()


def skip_reason(language: str | None) -> str | None:
    """Why the French extractors will not run on a document in this language, or None if they will."""
    if language in ANALYSED:
        return None
    if language is None:
        return "language not detected (text too short); French extractors skipped"
    return f"language is '{language}'; the extractors handle {', '.join(ANALYSED)} only, so they were skipped"
