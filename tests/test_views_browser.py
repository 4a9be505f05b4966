"""The pictures in a real browser (headless Chromium, tests/browser.py) on a live server on 127.0.0.1: the timeline,
the neighbourhood graph of entity pages, the chart and the autocompletion of the query page, and the search page.
Each test follows the marks, nodes and links to where they say they lead, and checks from the browser's network log
that the page fetched nothing from anywhere but 127.0.0.1.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from browser import hosts_of, requested_hosts, requested_urls
from pyoxigraph import RdfFormat, parse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

SCC_2023 = "https://w3id.org/alliance-kg/id/event/scc-2023-01"
KISHIDA = "https://w3id.org/alliance-kg/id/fumio-kishida"


def get_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def wait(driver, condition, seconds: int = 30):
    return WebDriverWait(driver, seconds).until(condition)


def click(driver, element) -> None:
    """Click as a reader would, with the element scrolled to the middle of the window first (vis-timeline's
    panels clip what Selenium's own scrolling leaves at the window's edge)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    on_top = (
        "var r = arguments[0].getBoundingClientRect();"
        "var e = document.elementFromPoint(r.x + Math.min(r.width, 20) / 2, r.y + r.height / 2);"
        "return !!e && arguments[0].contains(e);"
    )
    wait(driver, lambda d: d.execute_script(on_top, element), 10)
    element.click()


# --- the timeline ----------------------------------------------------------------------------------------------


def test_the_timeline_draws_every_mark_as_a_link_to_its_claim(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/timeline")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .vis-item a.mark-link"))
    data = json.loads(browser.find_element(By.ID, "timeline-data").get_attribute("textContent"))
    assert len(data["marks"]) > 60
    links = {
        a.get_attribute("data-mark"): a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "#timeline .vis-item a.mark-link")
    }
    assert set(links) == {m["id"] for m in data["marks"]}  # every mark drawn (the whole span is in view)
    for mark in data["marks"]:
        assert links[mark["id"]] == live_graph_server + mark["href"]
    # one row per source, named by its document
    rows = [a.text.split("\n")[0] for a in browser.find_elements(By.CSS_SELECTOR, "#timeline .vis-label a.source-row")]
    assert rows == ["000", "001", "002", "003", "004"]
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_marks_span_their_precision_and_approximate_dates_their_bounds(browser, live_graph_server):
    browser.get(f"{live_graph_server}/timeline")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .vis-item"))

    def item(mark_id: str) -> dict:
        return browser.execute_script(
            "var t = window.allianceKgTimelines.timeline.timeline; var i = t.itemsData.get(arguments[0]);"
            "var box = document.querySelector('#timeline .vis-item.mark-' + arguments[0]);"
            "function day(d) { return d ? vis.moment(d).format('YYYY-MM-DD') : null; }"
            "return {type: i.type, start: day(i.start), end: day(i.end),"
            " classes: box.className, width: box.getBoundingClientRect().width};",
            mark_id,
        )

    year = item("000-treaty-signing-date-date")  # "1960": the whole year
    assert (year["type"], year["start"], year["end"]) == ("range", "1960-01-01", "1961-01-01")
    assert "precision-year" in year["classes"]
    day = item("000-scc-2023-date-date")  # "Jan. 11": a day, a point
    assert (day["type"], day["start"], day["end"]) == ("point", "2023-01-11", None)
    week = item("000-visit-2023-date-date")  # "last week": its bounds, marked approximate
    assert (week["type"], week["start"], week["end"]) == ("range", "2023-01-09", "2023-01-16")
    assert "approximate" in week["classes"]
    document = item("document-004-issued")  # document 004's own date: 2022, inferred between bounds
    assert (document["start"], document["end"]) == ("2022-01-21", "2023-01-01") and "approximate" in document["classes"]
    browser.execute_script("window.allianceKgTimelines.timeline.timeline.setWindow('1959-01-01', '1962-01-01')")
    wait(browser, lambda d: item("000-treaty-signing-date-date")["width"] > 300)  # a year is wide at this scale


def test_sources_that_disagree_are_linked_and_a_mark_opens_its_claim_and_quote(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/timeline?from=2022-12-20&to=2023-01-20")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .vis-item.mark-003-scc-2023-date-bounds"))
    # the 2+2: documents 000 and 001 date it Jan. 11, document 003 "a fortnight before" Jan. 13 — both kept, joined
    lines = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.disagreement-overlay line.disagreement-link"))
    pairs = {line.get_attribute("data-marks") for line in lines}
    assert pairs == {
        "000-scc-2023-date-date 003-scc-2023-date-bounds",
        "001-scc-2023-date-date 003-scc-2023-date-bounds",
    }
    for mark in ("000-scc-2023-date-date", "001-scc-2023-date-date", "003-scc-2023-date-bounds"):
        assert "disputed" in browser.find_element(By.CSS_SELECTOR, f"#timeline .vis-item.mark-{mark}").get_attribute(
            "class"
        )

    click(browser, browser.find_element(By.CSS_SELECTOR, "#timeline a.mark-link[data-mark='003-scc-2023-date-bounds']"))
    panel = wait(
        browser,
        lambda d: (
            d.find_element(By.ID, "timeline-details")
            if d.find_element(By.ID, "timeline-details").is_displayed()
            else None
        ),
    )
    assert "Just a fortnight before Kishida’s arrival" in panel.find_element(By.CSS_SELECTOR, "blockquote q").text
    assert "Sources disagree" in panel.text and "2023-01-11" in panel.text
    assert browser.current_url.startswith(f"{live_graph_server}/timeline")  # the click opened the details, not a page
    selected = browser.execute_script("return window.allianceKgTimelines.timeline.timeline.getSelection()")
    assert sorted(selected) == ["000-scc-2023-date-date", "001-scc-2023-date-date", "003-scc-2023-date-bounds"]

    passage = panel.find_element(By.CSS_SELECTOR, "a.quote-link").get_attribute("href")
    assert passage.startswith(f"{live_graph_server}/doc/003#quote-003-scc-2023-date-")
    click(browser, panel.find_element(By.CSS_SELECTOR, "a.claim-link"))
    wait(browser, lambda d: d.current_url == f"{live_graph_server}/claim/003-scc-2023-date")
    assert "Just a fortnight before Kishida’s arrival" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(passage)
    fragment = passage.split("#", 1)[1]
    marks = browser.find_elements(By.CSS_SELECTOR, f"#text mark[data-quotes~='{fragment}']")
    assert "a fortnight before" in "".join(m.text for m in marks)
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_the_filters_choose_entity_type_and_source(browser, live_graph_server):
    browser.get(f"{live_graph_server}/timeline")
    form = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "form.timeline-filters"))
    form.find_element(By.CSS_SELECTOR, f"select[name=entity] option[value='{KISHIDA}']").click()
    form.find_element(By.CSS_SELECTOR, "input[name=source][value='https://w3id.org/alliance-kg/doc/003']").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda d: "source=" in d.current_url)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .vis-item a.mark-link"))
    data = json.loads(browser.find_element(By.ID, "timeline-data").get_attribute("textContent"))
    assert data["marks"] and all(
        KISHIDA in m["entities"] and m["source"]["iri"].endswith("/doc/003") for m in data["marks"]
    )
    drawn = browser.find_elements(By.CSS_SELECTOR, "#timeline .vis-item a.mark-link")
    assert len(drawn) == len(data["marks"])
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#timeline .vis-label a.source-row strong")] == [
        "003"
    ]


def test_an_entity_page_has_its_timeline(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/id/event/scc-2023-01")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#entity-timeline .vis-item a.mark-link"))
    marks = {
        a.get_attribute("data-mark") for a in browser.find_elements(By.CSS_SELECTOR, "#entity-timeline a.mark-link")
    }
    assert {"000-scc-2023-date-date", "001-scc-2023-date-date", "003-scc-2023-date-bounds"} <= marks
    whole = browser.find_element(By.CSS_SELECTOR, "#timeline-section a[href*='/timeline?entity=']").get_attribute(
        "href"
    )
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(whole).query)["entity"] == [SCC_2023]
    assert requested_hosts(browser) == {"127.0.0.1"}


# --- the neighbourhood graph -----------------------------------------------------------------------------------


def graph_nodes(browser) -> list[dict]:
    return browser.execute_script(
        "var cy = window.allianceKgGraphs.neighbourhood; var box = cy.container().getBoundingClientRect();"
        "return cy.nodes().map(function (n) { var p = n.renderedPosition();"
        " return {id: n.id(), label: n.data('label'), href: n.data('href'), x: p.x, y: p.y}; });"
    )


def test_the_neighbourhood_graph_is_the_construct_it_shows(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/id/fumio-kishida")
    wait(browser, lambda d: d.execute_script("return !!(window.allianceKgGraphs || {}).neighbourhood"))
    nodes = {n["id"]: n for n in graph_nodes(browser)}
    edges = browser.execute_script(
        "return window.allianceKgGraphs.neighbourhood.edges().map(function (e) {"
        " return [e.source().id(), e.data('relation'), e.target().id(), e.data('label')]; });"
    )
    # the page's CONSTRUCT, run on the endpoint, answers the same nodes and relations
    query = browser.find_element(By.CSS_SELECTOR, "details.construct code").get_attribute("textContent")
    url = f"{live_graph_server}/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as response:
        triples = [q.triple for q in parse(response.read(), format=RdfFormat.N_TRIPLES)]
    label, kind = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    links = {
        (t.subject.value, t.predicate.value, t.object.value) for t in triples if t.predicate.value not in (label, kind)
    }
    assert {(s, p, o) for s, p, o, _ in edges} == links
    assert set(nodes) == {KISHIDA} | {x for s, _, o in links for x in (s, o)}
    assert (
        "https://w3id.org/alliance-kg/id/event/kishida-biden-summit-2023-01",
        "https://w3id.org/alliance-kg/ontology#participant",
        KISHIDA,
        "participant",
    ) in [tuple(e) for e in edges]
    # every node is a link to its page here
    for node in nodes.values():
        assert node["href"] == "/" + node["id"].removeprefix("https://w3id.org/alliance-kg/")
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_clicking_a_node_opens_its_page(browser, live_graph_server):
    browser.get(f"{live_graph_server}/id/fumio-kishida")
    wait(browser, lambda d: d.execute_script("return !!(window.allianceKgGraphs || {}).neighbourhood"))
    browser.execute_script("document.getElementById('neighbourhood').scrollIntoView()")
    target = next(n for n in graph_nodes(browser) if n["id"].endswith("/prime-minister-of-japan"))
    canvas = browser.find_element(By.ID, "neighbourhood")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(target["x"] - size["width"] / 2), int(target["y"] - size["height"] / 2)
    ).click().perform()
    wait(browser, lambda d: d.current_url == f"{live_graph_server}/id/prime-minister-of-japan")
    assert browser.find_element(By.TAG_NAME, "h1").text == target["label"]


def test_a_large_neighbourhood_draws_sixty_nodes_and_lists_the_rest(browser, live_graph_server):
    browser.get(f"{live_graph_server}/id/japan")
    wait(browser, lambda d: d.execute_script("return !!(window.allianceKgGraphs || {}).neighbourhood"))
    drawn = graph_nodes(browser)
    assert len(drawn) == 60
    rest = browser.find_elements(By.CSS_SELECTOR, "details.neighbours-rest dd a")
    hidden = {a.get_attribute("href").removeprefix(live_graph_server) for a in rest}
    assert hidden and hidden.isdisjoint({n["href"] for n in drawn})
    summary = browser.find_element(By.CSS_SELECTOR, "details.neighbours-rest summary").text
    assert summary == f"{len(hidden)} more, not drawn"
    browser.find_element(By.LINK_TEXT, "Draw them all").click()
    wait(browser, lambda d: "nodes=500" in d.current_url)
    wait(browser, lambda d: d.execute_script("return !!(window.allianceKgGraphs || {}).neighbourhood"))
    assert len(graph_nodes(browser)) == 60 + len(hidden)


# --- the query page: a chart of the results, and autocompletion ----------------------------------------------


def test_the_query_page_charts_a_select_answer(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/sparql")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    browser.find_element(By.ID, "example-claims_per_document").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr table.dataTable tbody tr"))
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr .select_chart").click()
    canvas = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".tabPanel.active .akg-chart canvas"))
    chart = browser.execute_script(
        "var c = Chart.getChart(arguments[0]); return {type: c.config.type, labels: c.data.labels,"
        " series: c.data.datasets.map(function (d) { return [d.label, d.data]; })};",
        canvas,
    )
    answer = get_json(f"{live_graph_server}/api/queries/claims_per_document")
    variables = answer["head"]["vars"]
    rows = answer["results"]["bindings"]
    label_column = next(v for v in variables if rows[0][v].get("datatype", "").endswith("#integer") is False)
    value_column = next(v for v in variables if rows[0][v].get("datatype", "").endswith("#integer"))
    assert chart["type"] == "bar"
    assert len(chart["labels"]) == len({r[label_column]["value"] for r in rows})
    assert sum(chart["series"][0][1]) == sum(int(r[value_column]["value"]) for r in rows)
    assert requested_hosts(browser) == {"127.0.0.1"}


def type_in_a_new_tab(browser, server: str, name: str, prefix: str, typed: str):
    """Open a tab of the query editor holding `PREFIX <prefix>` and an open WHERE clause, type `typed` at its end
    as a reader does, and wait for the completions offered; the editor's textarea and the hints' texts."""
    browser.get(f"{server}/sparql")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    start = f"PREFIX {prefix}\nSELECT * WHERE {{\n  "
    browser.execute_script(
        "window.allianceKgYasgui.addTab(true, {name: arguments[0]});"
        "var yasqe = window.allianceKgYasgui.getTab().getYasqe();"
        "yasqe.setValue(arguments[1]); yasqe.focus(); yasqe.getDoc().setCursor({line: 2, ch: arguments[1].length});",
        name,
        start,
    )
    editor = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .CodeMirror textarea")
    editor.send_keys(typed)
    hints = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    return editor, [h.text for h in hints]


def test_the_editor_completes_akg_cov_with_covers_domain_from_this_server(browser, live_graph_server):
    browser.get_log("performance")
    prefix = "akg: <https://w3id.org/alliance-kg/ontology#>"
    editor, offered = type_in_a_new_tab(browser, live_graph_server, "completion", prefix, "?article akg:cov")
    assert offered[0] == "akg:coversDomain"
    editor.send_keys(Keys.ENTER)
    value = browser.execute_script("return window.allianceKgYasgui.getTab().getYasqe().getValue()")
    assert value.endswith("?article akg:coversDomain")
    urls = requested_urls(browser)
    completion_requests = [u for u in urls if "/api/completions" in u]
    assert completion_requests and all(u.startswith(live_graph_server) for u in completion_requests)
    assert hosts_of(urls) == {"127.0.0.1"}


def test_the_editor_completes_entities_by_label(browser, live_graph_server):
    prefix = "id: <https://w3id.org/alliance-kg/id/>"
    _, offered = type_in_a_new_tab(browser, live_graph_server, "entities", prefix, "id:kishi")
    assert offered[0] == "id:fumio-kishida"  # found by the label "Fumio Kishida"


# --- search ------------------------------------------------------------------------------------------------------


def test_the_header_search_finds_kishida_and_leads_to_his_page(browser, live_graph_server):
    browser.get_log("performance")
    browser.get(f"{live_graph_server}/ontology")
    box = browser.find_element(By.CSS_SELECTOR, "header.site form.site-search input[name=q]")
    box.send_keys("Kishida", Keys.ENTER)
    first = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "ol.search-results li a.result-name"))
    assert first.text == "Fumio Kishida"
    assert browser.find_element(By.CSS_SELECTOR, "ol.search-results li .type").text == "Person"
    first.click()
    wait(browser, lambda d: d.current_url == f"{live_graph_server}/id/fumio-kishida")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Fumio Kishida"
    assert requested_hosts(browser) == {"127.0.0.1"}
