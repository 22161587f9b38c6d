"""Fixtures for browser tests: the whole platform as real processes, and a Playwright page.

These tests run in their own pytest invocation, without eventlet, because
Playwright's synchronous API needs an unpatched standard library. The
platform starts the way ``make run`` starts it: ``manage`` migrates,
declares queues and seeds, then honcho runs the Procfile's processes,
here on free loopback ports with a database, vhost and bucket of their own.
"""

import os
import secrets
import uuid

import pytest

from e2e import platform as platform_support

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    """The running platform: ``base_url``, ``admin_password``, ``api`` and ``env``."""
    folder = tmp_path_factory.mktemp("platform")
    running = platform_support.Platform(folder, admin_password="e2e-" + secrets.token_urlsafe(12))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, platform):
    """A phone-sized page in a fresh browser context (empty storage), Thai first."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, locale="th-TH", timezone_id="Asia/Bangkok", base_url=platform.base_url
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def unique():
    """A short random suffix for names that must not collide between tests."""
    return uuid.uuid4().hex[:8]
