"""The dashboard in Chromium: axe-core on every page type at desktop and phone widths,
keyboard use of the map and of the sortable table, screenshots (saved to look at)."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"national": "/", "national-indicator": "/?indicateur=end_to_end&classement=1",
         "profile": "/collectivites/S01/", "profile-not-measured": "/collectivites/S08/",
         "contest": "/collectivites/S01/signaler/", "themes": "/thematiques/", "theme": "/thematiques/solidarites/",
         "comparison": "/comparaison/", "methodology": "/methodologie/", "opendata": "/donnees/",
         "accessibility": "/accessibilite/"}
SHOTS = Path(os.environ.get("BAROMETRE_SCREENSHOTS", "/tmp/barometre-dashboard-screenshots"))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_and_layout_on_every_page_type(browser, server, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, path in PAGES.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(server + path)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        violations = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                      for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        if violations or overflow > 0:
            problems[name] = {"axe": violations, "overflow_px": overflow}
        context.close()
    assert problems == {}


def _tab_until(page, predicate, limit=400):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return True
    return False


def test_map_is_keyboard_usable(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    assert _tab_until(page, "document.activeElement.closest('svg.bm-map') !== null")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label and "(" in label and "\u00a0:" in label
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href.split('?')[0]}**")
    assert page.locator("h1").count() == 1
    page.close()


def test_table_is_keyboard_sortable(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    found = _tab_until(page, "document.activeElement.closest('#tableau th') !== null && "
                             "document.activeElement.textContent.includes('Numérisation')")
    assert found
    page.keyboard.press("Enter")
    page.wait_for_url("**tri=sdi**")
    assert page.locator("#tableau th[aria-sort='descending']").inner_text().startswith("Numérisation")
    # Measured rows only: a collectivité not measured spans the indicator columns with its reason.
    values = page.locator("#tableau tbody tr:not(:has(td[colspan])) td:nth-child(3)").all_inner_texts()
    numbers = [float(v.replace(",", ".")) for v in values if v[0].isdigit()]
    assert numbers == sorted(numbers, reverse=True) and numbers
    page.close()
