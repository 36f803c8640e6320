"""The JSON API over a real seed knowledge base, in process: error shape, pages, twins, search, filters, POST."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web_support import XSS, XSS_ID, TestClient

from recoupe.web import create_app

ERROR_KEYS = {"status", "code", "message"}
PAGES = ["/", "/documents", "/entities", "/stories", "/timeline", "/graph", "/checks", "/search?q=Corée"]


def assert_error(response: Any, status: int, code: str) -> str:
    """The one error shape: {"error": {"status", "code", "message"}} and nothing else."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    message: str = body["error"]["message"]
    assert len(message) > 20
    return message


def test_every_error_has_the_one_shape(client: TestClient) -> None:
    assert "openapi.json" in assert_error(client.get("/api/no-such-route"), 404, "not_found")
    assert "/api/documents" in assert_error(client.get("/api/documents/no-such-doc"), 404, "not_found")
    assert "/api/entities" in assert_error(client.get("/api/entities/e999999"), 404, "not_found")
    assert "/api/stories" in assert_error(client.get("/api/stories/s999999"), 404, "not_found")
    assert "limit" in assert_error(client.get("/api/documents?limit=0"), 422, "invalid_request")
    assert "offset" in assert_error(client.get("/api/entities?offset=-1"), 422, "invalid_request")
    assert "date_from" in assert_error(client.get("/api/timeline?date_from=yesterday"), 422, "invalid_request")
    assert "q" in assert_error(client.get("/api/search"), 422, "invalid_request")
    assert "DELETE" in assert_error(client.delete("/api/documents"), 405, "method_not_allowed")
    assert "RECOUPE_TOKEN" in assert_error(client.post("/api/documents", json=[{"text": "Bonjour."}]), 403,
                                           "forbidden")
    assert_error(client.post("/api/documents", json={"not": "a list"}), 422, "invalid_request")
    not_json = client.post("/api/documents", content=b"\xff[", headers={"content-type": "application/json"})
    assert "JSON array" in assert_error(not_json, 400, "bad_request")


def test_the_error_shape_is_in_the_openapi_description(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["components"]["schemas"]["ErrorBody"]["properties"]) == {"error"}
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for status in ("404", "422"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorBody"), (method, path, status)
    assert "/api/documents" in spec["paths"] and "post" in spec["paths"]["/api/documents"]
    assert not any(p == "/" or p.startswith("/documents") for p in spec["paths"])  # pages are not the API


def test_html_errors_are_pages_with_the_same_status(client: TestClient) -> None:
    r = client.get("/documents/no-such-doc")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no-such-doc" in r.text


def test_lists_paginate_with_limit_offset_and_total(client: TestClient, export_data: dict[str, Any]) -> None:
    total = len(export_data["entities"])
    seen: list[str] = []
    for offset in range(0, total, 7):
        page = client.get(f"/api/entities?limit=7&offset={offset}").json()
        assert (page["total"], page["limit"], page["offset"]) == (total, 7, offset)
        seen += [e["id"] for e in page["items"]]
    assert sorted(seen) == sorted(e["id"] for e in export_data["entities"])  # every one once
    html = client.get("/entities?limit=7&offset=7").text
    assert 'rel="next"' in html and 'rel="prev"' in html and f"8–14 of {total}" in html


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', page.text)
    assert twin, f"{path} has no JSON twin"
    data = client.get(twin.group(1).replace("&amp;", "&"))
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert isinstance(data.json(), dict)


def test_document_spans_point_at_their_words_and_cover_every_extraction(client: TestClient,
                                                                       export_data: dict[str, Any]) -> None:
    for d in export_data["documents"]:
        data = client.get(f"/api/documents/{d['id']}").json()
        text = data["document"]["text"]
        assert all(text[s["start"]:s["end"]] == s["text"] for s in data["spans"])
        kinds = [s["kind"] for s in data["spans"]]
        expected = {"entity": sum(m["doc"] == d["id"] for e in export_data["entities"] for m in e["mentions"])}
        for key, kind in (("quotes", "quote"), ("figures", "figure"), ("times", "time"), ("roles", "role")):
            expected[kind] = sum(x["doc"] == d["id"] for x in export_data[key])
        assert {k: kinds.count(k) for k in expected} == expected


def test_every_span_is_an_anchor_in_the_document_view(client: TestClient, export_data: dict[str, Any]) -> None:
    doc = max(export_data["documents"], key=lambda d: len(d["text"]))
    spans = client.get(f"/api/documents/{doc['id']}").json()["spans"]
    html = client.get(f"/documents/{doc['id']}").text
    anchors = set(re.findall(r'id="(span-\d+-\d+)"', html))
    assert {f"span-{s['start']}-{s['end']}" for s in spans} <= anchors | {None}


def test_search_finds_an_entity_by_an_alias_without_accents(client: TestClient,
                                                            export_data: dict[str, Any]) -> None:
    putin = next(e for e in export_data["entities"] if "Vladimir Putin" in e["aliases"])
    hits = client.get("/api/search?q=putin&kind=entity").json()
    assert [h["key"] for h in hits["items"]][:1] == [putin["id"]]
    korea = client.get("/api/search?q=coree+du+nord&kind=document").json()
    with_korea = {m["doc"] for e in export_data["entities"] if e["name"] == "Corée du Nord" for m in e["mentions"]}
    assert {h["doc"] for h in korea["items"]} == with_korea
    assert any(part["match"] for h in korea["items"] for part in h["snippet"])


def test_filters_narrow_documents_by_entity_date_and_outlet(client: TestClient,
                                                            export_data: dict[str, Any]) -> None:
    macron = next(e for e in export_data["entities"] if e["name"] == "Emmanuel Macron")
    docs = client.get(f"/api/documents?entity={macron['id']}").json()["items"]
    assert [d["id"] for d in docs] == [XSS_ID]
    dated = client.get("/api/documents?date_from=2024-10&date_to=2024-10-31").json()["items"]
    expected = sorted(d["id"] for d in export_data["documents"] if (d["published"] or "")[:7] == "2024-10")
    assert sorted(d["id"] for d in dated) == expected and expected
    assert [d["id"] for d in client.get("/api/documents", params={"outlet": XSS["outlet"]}).json()["items"]] == [
        XSS_ID]


def test_the_timeline_is_in_date_order(client: TestClient) -> None:
    items = client.get("/api/timeline?limit=500").json()["items"]
    dates = [r["date"] for r in items]
    assert len(dates) > 10 and dates == sorted(dates)
    narrowed = client.get("/api/timeline?date_from=2024-10&date_to=2024-10").json()["items"]
    assert narrowed and all(r["date"].startswith("2024-10") for r in narrowed)


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for path in ("/", "/api/dashboard", "/api/nope", "/static/style.css"):
        csp = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_markup_in_an_article_is_escaped_in_every_page(client: TestClient, export_data: dict[str, Any]) -> None:
    macron = next(e for e in export_data["entities"] if e["name"] == "Emmanuel Macron")
    for path in ("/", "/documents", f"/documents/{XSS_ID}", f"/entities/{macron['id']}", "/search?q=cliquez",
                 "/timeline?date_from=2024-11-04&date_to=2024-11-05"):
        html = client.get(path).text
        assert "window.__pwned" in html, path  # the text is there …
        assert "<script>window" not in html and "<img src=x" not in html and 'href="javascript:' not in html, path
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>'], path


def test_adding_articles_needs_the_token_and_updates_pages_and_search(kb_copy: Path) -> None:
    article = {"id": "api-1", "title": "Sommet à Oulan-Bator", "published": "2024-11-20",
               "text": "Sommet à Oulan-Bator\n\nLe président mongol Ukhnaagiin Khürelsükh a reçu mercredi à "
                       "Oulan-Bator le ministre japonais des Affaires étrangères pour parler de la Corée du Nord."}
    with TestClient(create_app(kb_copy, token="s3cret")) as c:
        before = c.get("/api/dashboard").json()["counts"]["documents"]
        assert_error(c.post("/api/documents", json=[article]), 401, "unauthorized")
        assert_error(c.post("/api/documents", json=[article], headers={"Authorization": "Bearer nope"}), 401,
                     "unauthorized")
        assert c.get("/api/search?q=Khurelsukh").json()["total"] == 0
        r = c.post("/api/documents", json=[article, {"id": "empty", "text": "   "}],
                   headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["ingested"] == ["api-1"] and len(report["rejected"]) == 1
        assert "text" in report["rejected"][0]["reason"]
        assert c.get("/api/dashboard").json()["counts"]["documents"] == before + 1  # the cache saw the change
        assert c.get("/api/documents/api-1").json()["document"]["published"] == "2024-11-20"
        assert [h["doc"] for h in c.get("/api/search?q=Khurelsukh&kind=document").json()["items"]] == ["api-1"]
        again = c.post("/api/documents", json=[article], headers={"Authorization": "Bearer s3cret"}).json()
        assert again["unchanged"] == ["api-1"]


def test_the_token_comes_from_the_environment(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOUPE_TOKEN", "from-env")
    with TestClient(create_app(kb_copy)) as c:
        r = c.post("/api/documents", json=[{"text": "x"}], headers={"Authorization": "Bearer wrong"})
        assert_error(r, 401, "unauthorized")
        assert r.headers["www-authenticate"] == "Bearer"


def test_an_empty_knowledge_base_renders_every_page(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "empty.db")) as c:
        for path in PAGES:
            r = c.get(path)
            assert r.status_code == 200, path
        assert "No cross-source checks" in c.get("/checks").text
        assert c.get("/api/timeline").json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
