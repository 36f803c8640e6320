"""Data files shipped with recoupe: vocabularies and the knowledge base, read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed content of a bundled YAML file in this folder ("quotes.yaml", "roles.yaml" ...)."""
    return yaml.safe_load(resources.files(__name__).joinpath(name).read_text("utf-8"))
