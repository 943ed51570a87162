"""The interactive page in a real browser: headless Chromium (Debian's package, installed by
.ci/run) driven by Playwright for Python (a test dependency; its own browser download is never
used), from file:// with every console message, dialog and network request recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from policykg.graph.network import to_networkx
from policykg.pipeline import build

from .conftest import SOURCES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOSTILE = """# Hostile notes <script>window.__pwned = 1</script>

Turkey <img src=x onerror="window.__pwned = 2"> and Malaysia are close allies of Qatar.
"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def essays(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page")
    build([SOURCES], out)
    return out


def open_page(browser, html: Path):
    """The page loaded from file://, with its console errors, dialogs and requests recorded."""
    page = browser.new_page()
    seen = {"errors": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(html.as_uri())
    page.wait_for_function("typeof network !== 'undefined' && network.body !== undefined")
    return page, seen


def test_the_page_loads_offline_with_no_error_and_the_graph_s_counts(browser, essays, tmp_path):
    page, seen = open_page(browser, essays / "graph.html")
    net = to_networkx(Graph().parse(essays / "graph.ttl"))
    assert page.evaluate("nodes.length") == net.number_of_nodes()
    assert page.evaluate("edges.length") == net.number_of_edges()
    assert seen["errors"] == []
    assert [u for u in seen["requests"] if not u.startswith("file://")] == []
    page.screenshot(path=str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 10_000
    page.close()


def test_a_hostile_document_shows_its_markup_as_text(browser, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    build([sources], tmp_path / "out")
    page, seen = open_page(browser, tmp_path / "out" / "graph.html")
    assert page.evaluate("window.__pwned") is None
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert page.locator("script", has_text="__pwned").count() == 0
    assert page.locator("img[src='x']").count() == 0
    page.close()
