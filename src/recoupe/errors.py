"""The exceptions recoupe's library code raises; each interface translates them once."""

from __future__ import annotations


class RecoupeError(Exception):
    """Base class: the message says what happened and how to fix it."""


class InputError(RecoupeError):
    """One input cannot be read as an article (bad encoding, no text, bad JSON, ...)."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class KnowledgeBaseError(RecoupeError):
    """A knowledge-base file is malformed."""


class StoreError(RecoupeError):
    """The knowledge-base store cannot be opened, migrated or written."""


class ModelError(RecoupeError):
    """The spaCy model cannot be loaded."""


class ExportError(RecoupeError):
    """An export or briefing cannot be written as asked (unknown format or language, bad target)."""
