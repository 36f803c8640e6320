"""Screenshots of the web app's main pages for the README and docs/web.md (Playwright + Debian's chromium).

    .venv/bin/python scripts/screenshots.py                # builds a fresh seed knowledge base first
    .venv/bin/python scripts/screenshots.py --db recoupe.db

It starts the real `recoupe serve` on a free local port, visits each page in headless chromium and
writes docs/screenshots/*.png. Nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RECOUPE = str(Path(sys.executable).parent / "recoupe")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(url) as response:  # our own local server
        return json.loads(response.read())  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="knowledge base (default: a fresh one built from corpus/seeds)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "seeds.db"
        if args.db is None:
            subprocess.run([RECOUPE, "ingest", str(ROOT / "corpus" / "seeds"), "--db", str(db), "--quiet"], check=True)
        port = free_port()
        server = subprocess.Popen([RECOUPE, "serve", "--db", str(db), "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    get_json(f"{base}/api/dashboard")
                    break
                except OSError:
                    time.sleep(0.2)
            shoot(base, args.out)
        finally:
            server.terminate()
            server.wait(10)


def shoot(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    entity = get_json(f"{base}/api/search?q=Poutine&kind=entity&limit=1")["items"][0]["key"]
    checks = get_json(f"{base}/api/checks?limit=1")["items"]
    # Until the checks stage lands, a quote stands in for a claim.
    claim = checks[0]["claims"][0] if checks else get_json(f"{base}/api/entities/{entity}")["quotes"][0]
    pages = {
        "dashboard": "/",
        "document": f"/documents/{claim['doc']}?hl={claim['start']}-{claim['end']}",
        "checks": "/checks",
        "entity": f"/entities/{entity}",
        "timeline": "/timeline",
        "graph": "/graph",
        "search": "/search?q=soldats+nord-cor%C3%A9ens",
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        for name, path in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.screenshot(path=str(out / f"{name}.png"))
            print(f"wrote {out / (name + '.png')}")
        browser.close()


if __name__ == "__main__":
    main()
