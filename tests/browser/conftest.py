"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, at a phone size."""

import json
import os
from pathlib import Path

import pytest

from tests.factories import CHROMIUM, CHROMIUM_ARGS, PHONE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium package)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_phone(chromium, live_server):
    """new_phone() -> a fresh phone-size page (its own context: cookies, storage) on the live server."""
    contexts = []

    def _new_phone(**overrides):
        context = chromium.new_context(base_url=live_server.url, **{**PHONE, **overrides})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        return page

    yield _new_phone
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_phone):
    return new_phone()


def login_as(page, username, password="jangkau-demo"):
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def axe_violations(page, context=None):
    """Run axe-core (from node_modules, installed by make) on the page; returns its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through DevTools: the page's CSP rightly refuses inline scripts
    result = page.evaluate("async (ctx) => await axe.run(ctx || document, {resultTypes: ['violations']})", context)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=1)


def tap_targets_too_small(page, minimum=44):
    """Visible links, buttons and inputs smaller than minimum x minimum CSS px (inline text links excepted)."""
    return page.evaluate(
        """(min) => {
      const out = [];
      for (const el of document.querySelectorAll('a, button, input, select, textarea, summary')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || el.type === 'hidden' || r.right <= 0 || r.bottom <= 0) continue;
        if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.closest('p, li, td')) continue;
        if (el.type === 'checkbox' || el.type === 'radio') {
          const label = el.labels && el.labels[0];
          const lr = label ? label.getBoundingClientRect() : r;
          if (Math.max(r.height, lr.height) >= min - 0.5) continue;
        }
        if (r.width < min - 0.5 || r.height < min - 0.5)
          out.push((el.id || el.name || el.textContent.trim()).slice(0, 40) + ' '
                   + Math.round(r.width) + 'x' + Math.round(r.height));
      }
      return out;
    }""",
        minimum,
    )


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_screen(page, name=None):
    """What every screen owes a worker's phone: no axe-core violation, tap targets of 44 px, no
    sideways scrolling at 360 px; with a name, a full-page screenshot in tests/artifacts/."""
    assert_accessible(page)
    assert tap_targets_too_small(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    if name:
        screenshot(page, name)
