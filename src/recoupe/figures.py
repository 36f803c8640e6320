"""Figures stage: counted quantities with ranges, qualifiers, units and sources."""

from __future__ import annotations

from typing import Any

from recoupe.records import Document, Figure, LocalEntity, Quote


def find_figures(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
                 quotes: tuple[Quote, ...]) -> tuple[Figure, ...]:
    """The counted quantities of a document, each with its source when the clause is attributed."""
    return ()
