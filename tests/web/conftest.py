"""Real things for the web tests: a knowledge base built by the real pipeline on the seeds (plus an
article full of markup), an in-process ASGI client, and a real `recoupe serve` for the browser."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from web_support import RECOUPE, SEEDS, XSS, TestClient, free_port

from recoupe import pipeline
from recoupe.store import open_store
from recoupe.web import create_app


@pytest.fixture(scope="session")
def web_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed knowledge base, built once by the real pipeline, with the markup article added."""
    folder = tmp_path_factory.mktemp("web-kb")
    (folder / "xss.jsonl").write_text(json.dumps(XSS, ensure_ascii=False) + "\n", encoding="utf-8")
    store = open_store(folder / "kb.db")
    settings = pipeline.Settings(today=date(2024, 12, 31))
    report = pipeline.ingest([str(SEEDS), str(folder / "xss.jsonl")], store, settings)
    store.close()
    assert not report.rejected and len(report.ingested) == 6
    return folder / "kb.db"


@pytest.fixture
def kb_copy(web_kb: Path, tmp_path: Path) -> Path:
    """A copy of the seed knowledge base a test may write to."""
    target = tmp_path / "kb.db"
    with sqlite3.connect(web_kb) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


@pytest.fixture(scope="session")
def client(web_kb: Path) -> Iterator[TestClient]:
    """An in-process client of the read-only app over the seed knowledge base."""
    with TestClient(create_app(web_kb)) as c:
        yield c


@pytest.fixture(scope="session")
def export_data(client: TestClient) -> dict:  # type: ignore[type-arg]
    """The knowledge base's export, as the API serves it."""
    data: dict = client.get("/api/export").json()  # type: ignore[type-arg]
    return data


@pytest.fixture(scope="session")
def server(web_kb: Path) -> Iterator[str]:
    """A real `recoupe serve` in a subprocess on a free local port; its base URL."""
    port = free_port()
    process = subprocess.Popen([str(RECOUPE), "serve", "--db", str(web_kb), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                pytest.fail(f"recoupe serve exited: {process.stdout.read() if process.stdout else ''}")
            try:
                with urllib.request.urlopen(f"{base}/api/dashboard", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("recoupe serve did not answer within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(10)
