"""Headless Chromium driven by Selenium, for the browser tests and the documentation's screenshots.

Chromium and its driver are Debian's (`make system-deps` installs them); Selenium is told where the driver is, so
it never downloads one. The performance log records every request a page makes, so a test can show that nothing
was fetched from anywhere but the server under test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextmanager
def chromium(width: int = 1400, height: int = 1800) -> Iterator[webdriver.Chrome]:
    """A headless Chromium that logs the network requests of its pages."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--no-first-run")
    options.add_argument("--disable-background-networking")  # no update checks, no component downloads
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver) -> list[str]:
    """Every URL the page requested since the log was last read (data: and blob: URLs included)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def hosts_of(urls: list[str]) -> set[str]:
    """The hosts of web URLs (data: and blob: URLs have none)."""
    return {urlsplit(url).hostname for url in urls if urlsplit(url).scheme in ("http", "https", "ws", "wss")}


def requested_hosts(driver) -> set[str]:
    """Hosts of every request the page made since the log was last read."""
    return hosts_of(requested_urls(driver))


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (a pytest plugin of tests/conftest.py)."""
    if not available():
        pytest.fail("Debian packages chromium and chromium-driver are needed: `make system-deps` installs them")
    with chromium() as driver:
        yield driver
