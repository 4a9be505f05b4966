"""The pages in a real browser: headless Chromium, driven by Selenium, against a live server on 127.0.0.1.

Chromium and its driver are Debian's (`make system-deps` installs them); Selenium is told where the driver is, so
it never downloads one. The browser's network log shows that the pages fetch nothing from anywhere else. The browser (the `browser` fixture)
is set up in tests/browser.py.
"""

from __future__ import annotations

import pytest
from browser import requested_hosts
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

FLAGSHIP_DOMAINS = ["air", "land", "maritime", "cyber", "space", "space", "space"]

pytestmark = pytest.mark.browser


def result_rows(driver) -> list[list[str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table.dataTable tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def test_query_page_runs_the_article_v_example(browser, live_graph_server):
    browser.get_log("performance")  # start from an empty log
    browser.get(f"{live_graph_server}/sparql")
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    endpoint = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .controlbar input.autocomplete")
    assert endpoint.get_attribute("value") == f"{live_graph_server}/sparql"

    browser.find_element(By.ID, "example-article_v_domains").click()
    wait.until(lambda d: len(result_rows(d)) >= len(FLAGSHIP_DOMAINS))
    header = [
        cell.text.strip() for cell in browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table thead th")
    ]
    column = header.index("domain")
    domains = [row[column].split('"')[1] if '"' in row[column] else row[column] for row in result_rows(browser)]
    assert domains == FLAGSHIP_DOMAINS

    # the graph's IRIs in the results lead to this server's pages, not to w3id.org
    sources = browser.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table tbody a[href*='/doc/']")
    assert sources and all(a.get_attribute("href").startswith(f"{live_graph_server}/doc/") for a in sources)
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_document_page_highlights_a_quote(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/doc/000#quote-000-article-v-space-1")
    marks = browser.find_elements(By.CSS_SELECTOR, "#text mark[data-quotes~='quote-000-article-v-space-1']")
    text = "".join(mark.text for mark in marks)
    assert text.startswith("The Security Consultative Committee clarified that the scope of Article V")
    assert text.endswith("includes attacks from space.")

    marks[0].click()  # the passage lists the claims it supports
    popup = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".claim-popup"))
    link = popup.find_element(By.CSS_SELECTOR, "a[href$='/claim/000-article-v-space']")
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/claim/000-article-v-space"))
    assert "includes attacks from space" in browser.find_element(By.TAG_NAME, "main").text
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_entity_page_shows_facts_with_their_quotes_and_sources(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/id/us-japan-security-treaty/art_5")
    main = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "main"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Article V")
    groups = {
        group.find_element(By.TAG_NAME, "h3").text: group
        for group in main.find_elements(By.CSS_SELECTOR, "section.fact-group")
    }
    assert "covers domain" in groups
    coverage = groups["covers domain"].text
    for domain in ("land", "air", "maritime", "cyber", "space"):
        assert domain in coverage
    assert "includes attacks from space" in coverage  # the quote of document 000
    # each quote links to its passage on the source document's page, and following it shows the passage
    link = groups["covers domain"].find_element(By.CSS_SELECTOR, "a[href*='/doc/001#quote-']")
    link.click()
    WebDriverWait(browser, 10).until(lambda d: "/doc/001" in d.current_url)
    fragment = browser.current_url.split("#", 1)[1]
    marks = browser.find_elements(By.CSS_SELECTOR, f"#text mark[data-quotes~='{fragment}']")
    assert "outer space could invoke Article 5" in "".join(mark.text for mark in marks)
    assert requested_hosts(browser) == {"127.0.0.1"}
