"""The web app and JSON API over a knowledge base (`recoupe serve`); see docs/web.md."""

from recoupe.web.app import create_app

__all__ = ["create_app"]
