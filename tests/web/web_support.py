"""What the web tests share besides fixtures: the markup article, the test client, a free port."""

from __future__ import annotations

import socket
import sys
import warnings
from pathlib import Path

with warnings.catch_warnings():  # Starlette asks for httpx2; its TestClient still runs on httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus" / "seeds"
RECOUPE = Path(sys.executable).parent / "recoupe"
CHROMIUM = Path("/usr/bin/chromium")
XSS_ID = "xss-article"
# An article whose every field carries markup: it must render as text everywhere, never run.
XSS = {
    "id": XSS_ID,
    "title": "<script>window.__pwned='title'</script>Emmanuel Macron à Paris",
    "outlet": "<img src=x onerror=\"window.__pwned='outlet'\">",
    "published": "2024-11-05",
    "url": "javascript:window.__pwned='url'",
    "text": ("Le président Emmanuel Macron a déclaré mardi à Paris : « <script>window.__pwned='quote'</script> "
             "nous tiendrons bon ». Un lien <a href=\"javascript:window.__pwned='link'\">cliquez ici</a> "
             "circulait sur les réseaux, avec une image <img src=x onerror=\"window.__pwned='img'\"> et "
             "l'annonce de 3 000 manifestants selon la police.\n\nLe ministère de l'Intérieur a démenti "
             "le 4 novembre 2024."),
}



def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


__all__ = ["CHROMIUM", "RECOUPE", "ROOT", "SEEDS", "XSS", "XSS_ID", "TestClient", "free_port"]
