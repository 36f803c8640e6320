"""recoupe: source-attributed news intelligence that cross-checks its sources."""

__version__ = "0.1.0"
