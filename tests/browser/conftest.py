"""Browser tests: Debian's Chromium driven by Playwright against a live portal with real data."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("DUTYLISTS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
# Chromium's own background traffic has nowhere to go on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests on a machine without Chromium, but never in CI, where .ci/run installs it."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"未找到 {CHROMIUM}：apt-get install chromium 后可运行浏览器测试")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Playwright's sync API runs an event loop)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def portal(live_server, transactional_db) -> str:
    """The live portal's base URL, with the bundled lists imported."""
    from django.core.management import call_command

    call_command("import_list", *sorted(map(str, FIXTURES_DIR.glob("*.txt"))), stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def page(browser, request):
    """A desktop-sized page; its screenshot is saved under test-artifacts/browser/ by `shoot`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def shoot():
    """Save a full-page screenshot named after what it shows."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
