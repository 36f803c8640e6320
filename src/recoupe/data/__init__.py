"""Data files shipped with recoupe: vocabularies and the knowledge base, read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it (10x faster on the knowledge base), else the pure one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed content of a bundled YAML file in this folder ("quotes.yaml", "roles.yaml" ...)."""
    return yaml.load(resources.files(__name__).joinpath(name).read_text("utf-8"), Loader=_LOADER)
