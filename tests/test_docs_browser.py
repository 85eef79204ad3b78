"""The documentation in a real browser: headless Chromium opens the site from a local HTTP server,
checks that a term page and the claims page render with no console error, and saves screenshots."""

from __future__ import annotations

import functools
import http.server
from collections.abc import Iterator
from pathlib import Path

import pytest

from bbao.claims import read_claims
from bbao.docs import load_documented_graph
from bbao.model import KNOWLEDGE_LEVELS
from programs import program
from servers import local_server

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
By = pytest.importorskip("selenium.webdriver.common.by").By


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(docs_site) -> Iterator[str]:
    """The generated site (built once per test run), served on 127.0.0.1 at a free port."""
    with local_server(functools.partial(_QuietHandler, directory=str(docs_site))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium driven through chromedriver, with a fresh profile and no background traffic."""
    chromium = program("chromium", "chromium")
    driver_path = program("chromedriver", "chromium-driver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def visit(browser, url: str, screenshot: Path) -> None:
    """Open a page, fail on any console error, keep a screenshot of what was shown."""
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(url)
    assert browser.execute_script("return document.readyState") == "complete"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")
    assert errors == []
    assert screenshot.read_bytes().startswith(b"\x89PNG")


def test_term_page_renders(browser, site_url, screenshots):
    visit(browser, f"{site_url}/ontology.html#BBAO_0000010", screenshots / "term-BBAO_0000010.png")
    term = browser.find_element(By.ID, "BBAO_0000010")
    assert term.is_displayed()
    assert term.find_element(By.TAG_NAME, "h3").text.startswith("undercarboxylated osteocalcin")
    assert "Definition" in term.text and "ucOC" in term.text and "Sub Class Of" in term.text
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", term)
    assert -1 < top < 200  # the browser scrolled to the term (to a fraction of a pixel)


def test_claims_page_renders(browser, site_url, screenshots):
    visit(browser, f"{site_url}/claims.html", screenshots / "claims.png")
    claims = read_claims(load_documented_graph())
    links = browser.find_elements(By.CSS_SELECTOR, "table a[href^='claims/BBAC_']")
    assert len({a.get_attribute("href") for a in links}) == len(claims)
    assert browser.find_element(By.TAG_NAME, "table").is_displayed()
    badges = browser.find_elements(By.CSS_SELECTOR, "td > span.level")
    assert len(badges) == len(claims) + len(KNOWLEDGE_LEVELS)  # one per claim, one per row of the legend
    established = next(b for b in badges if b.text == "established")
    hypothesis = next(b for b in badges if b.text == "hypothesis")
    assert established.value_of_css_property("background-color") != hypothesis.value_of_css_property(
        "background-color")
    assert hypothesis.value_of_css_property("font-style") == "italic"


def test_claim_page_and_front_page_render(browser, site_url, screenshots):
    visit(browser, f"{site_url}/claims/BBAC_0000005.html", screenshots / "claim-BBAC_0000005.png")
    assert "noradrenaline" in browser.find_element(By.TAG_NAME, "p").text
    level = browser.find_element(By.CSS_SELECTOR, "p.level-line span.level")
    assert level.is_displayed() and level.text in {name.replace("_", " ") for name in KNOWLEDGE_LEVELS}
    visit(browser, f"{site_url}/index.html", screenshots / "index.png")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Brain-Bone Axis Ontology"
    program("dot", "graphviz")
    image = browser.find_element(By.CSS_SELECTOR, "img.diagram")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 500
