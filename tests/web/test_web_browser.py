"""The web app in a real headless chromium (Debian's, driven by Playwright) against a real `recoupe serve`."""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from web_support import CHROMIUM, XSS_ID

if not CHROMIUM.exists():
    reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install -y chromium); .ci/run installs it"
    if os.environ.get("RECOUPE_REQUIRE_BROWSER"):  # set by .ci/run: in CI a missing browser is a failure
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Watched:
    """A page and everything it complained about: console errors, uncaught errors, dialogs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield Watched(context.new_page())
    context.close()


def api(server: str, path: str) -> Any:
    with urllib.request.urlopen(server + path, timeout=30) as r:
        return json.loads(r.read())


def test_pages_load_without_console_errors(server: str, watched: Watched) -> None:
    entity = api(server, "/api/entities?limit=1")["items"][0]["id"]
    doc = api(server, "/api/documents?limit=1")["items"][0]["id"]
    for path in ("/", "/documents", f"/documents/{urllib.parse.quote(doc)}", "/entities", f"/entities/{entity}",
                 "/stories", "/timeline", "/graph", "/checks", "/search?q=Russie", "/no-such-page"):
        response = watched.page.goto(server + path)
        assert response is not None
        assert response.status == (404 if path == "/no-such-page" else 200), path
        if path == "/no-such-page":  # the expected 404 itself is logged as a console error
            watched.errors = [e for e in watched.errors if "404" not in e]
        assert watched.page.locator("header.top nav a").count() == 7, path
    assert watched.errors == []


def test_a_claim_links_to_its_highlighted_words(server: str, watched: Watched) -> None:
    page = watched.page
    conflicting = api(server, "/api/checks?status=conflicting&limit=1")["items"]
    if conflicting:
        page.goto(server + "/checks")
        link = page.locator("article.check.s-conflicting a.claim-link").first
    else:  # until the checks stage lands: a quote on an entity page is the same kind of link
        putin = api(server, "/api/search?q=Poutine&kind=entity&limit=1")["items"][0]["key"]
        page.goto(f"{server}/entities/{putin}")
        link = page.locator("h2:text('Quotes') + ul a").first
    claim_text = link.inner_text().strip("«»")
    link.click()
    page.wait_for_url("**/documents/**?hl=*")
    highlighted = page.locator(".hl")
    assert highlighted.count() == 1
    assert highlighted.inner_text() == claim_text
    start, end = page.url.split("hl=")[1].split("#")[0].split("-")
    assert highlighted.get_attribute("id") == f"span-{start}-{end}"
    box = highlighted.bounding_box()
    assert box is not None and 0 <= box["y"] <= 800, "the highlight is not scrolled into view"
    assert watched.errors == []


def test_search_finds_an_entity(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/")
    page.fill("header form.search input[name=q]", "poutine")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=poutine")
    hit = page.locator("li.k-entity a").first
    assert hit.inner_text() == "Vladimir Poutine"
    hit.click()
    assert page.locator("h1").inner_text().startswith("Vladimir Poutine")
    assert page.locator("ul.mentions li").count() > 0
    assert watched.errors == []


def test_the_timeline_shows_dates_in_order(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/timeline?limit=500")
    dates = page.locator("ol.timeline time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    shown = page.locator("ol.timeline time").all_inner_texts()
    assert len(dates) > 10 and dates == shown
    assert dates == sorted(dates)
    page.select_option("select[name=kind]", "time")
    page.fill("input[name=date_from]", "2024-10-24")
    page.click("form.filters button")
    narrowed = page.locator("ol.timeline time").all_inner_texts()
    assert narrowed and narrowed == sorted(narrowed) and min(narrowed) >= "2024-10-24"
    assert watched.errors == []


def test_an_article_full_of_markup_renders_inert(server: str, watched: Watched) -> None:
    page = watched.page
    macron = api(server, "/api/search?q=Macron&kind=entity&limit=1")["items"][0]["key"]
    for path in ("/", "/documents", f"/documents/{XSS_ID}", f"/entities/{macron}", "/search?q=cliquez",
                 "/timeline?date_from=2024-11-04&date_to=2024-11-05"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned") is None, path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.locator("[onerror]").count() == 0, path
        scripts = page.locator("script").evaluate_all("els => els.map(e => e.getAttribute('src'))")
        assert scripts == ["/static/app.js"], path
    page.goto(f"{server}/documents/{XSS_ID}")
    assert "<script>window.__pwned='quote'</script>" in page.locator("article.text").inner_text()
    page.get_by_text("cliquez ici").first.click()  # text, not a link: nothing happens
    assert page.evaluate("() => window.__pwned") is None
    assert watched.dialogs == [] and watched.errors == []
