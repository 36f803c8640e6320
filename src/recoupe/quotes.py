"""Quotes stage: direct, partial, block and reported quotes, each with its speaker."""

from __future__ import annotations

from typing import Any

from recoupe.records import Document, LocalEntity, Quote


def find_quotes(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...]) -> tuple[Quote, ...]:
    """Every quote of the document with the local entity that said it, or None."""
    return ()
