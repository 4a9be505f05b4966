"""`alliance-kg review`: the local review page in headless Chromium (Debian's chromium and chromedriver), on 127.0.0.1.

A reviewer accepts, edits (qualifiers, the quote span by selecting words in the text) and rejects proposals, links
a proposed person to an existing one, and saves; the sources folder then holds what they decided, and the build
checks it. The page fetches nothing from anywhere else, and refuses requests without its token or from another host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alliance_kg.curation import roundtrip
from alliance_kg.curation.add import AddOptions, add_document
from alliance_kg.curation.propose import draft_path
from alliance_kg.curation.propose_command import propose
from alliance_kg.curation.review import TOKEN_HEADER, create_review_app
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.yamlfile import read_yaml
from browser import requested_hosts
from live_server import live_server
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"
TOKEN = "review-token-for-the-tests"


@pytest.fixture
def reviewed(sources_copy):
    added = add_document(FIXTURES / "two-plus-two.txt", sources_copy, AddOptions())
    propose(sources_copy, added.id, None, False, lambda _: None)
    app = create_review_app(sources_copy, added.id, curator=None, token=TOKEN)
    with live_server(app) as url:
        yield sources_copy, added.id, url


def claim_item(browser, claim_id: str):
    return browser.find_element(By.CSS_SELECTOR, f'li.claim[data-id="{claim_id}"]')


def select_in_text(browser, words: str) -> None:
    """Select `words` in the text panel as a reader would (a DOM Range over the text nodes)."""
    browser.execute_script(
        """
        const words = arguments[0];
        const container = document.getElementById("text");
        const whole = container.textContent;
        const start = whole.indexOf(words), end = start + words.length;
        const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
        let seen = 0, range = document.createRange(), node;
        while ((node = walker.nextNode())) {
          const length = node.textContent.length;
          if (seen <= start && start < seen + length) range.setStart(node, start - seen);
          if (seen < end && end <= seen + length) { range.setEnd(node, end - seen); break; }
          seen += length;
        }
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        """,
        words,
    )


def test_review_accept_edit_reject_link_and_save(browser, reviewed):
    sources, document, url = reviewed
    draft = roundtrip.load(draft_path(sources, document))
    browser.get_log("performance")
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text mark"))

    # the text as stored, every proposal highlighted
    text = (sources.root / next(p.name for p in sources.root.glob(f"{document}_*.txt"))).read_text(encoding="utf-8")
    assert browser.execute_script("return document.getElementById('text').textContent") == text
    marked = {
        i for m in browser.find_elements(By.CSS_SELECTOR, "#text mark") for i in m.get_attribute("data-claims").split()
    }
    assert marked == {str(c["id"]) for c in draft["claims"]}
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.claim")) == len(draft["claims"])
    assert requested_hosts(browser) == {"127.0.0.1"}

    # clicking a passage leads to its proposals
    browser.find_element(By.CSS_SELECTOR, "#text mark").click()
    assert browser.find_elements(By.CSS_SELECTOR, "li.claim.current")

    # each proposal says how its rule was measured
    measured = next(c for c in draft["claims"] if "measured" in c["proposal"])
    right, of = measured["proposal"]["measured"]["right"], measured["proposal"]["measured"]["of"]
    meta = claim_item(browser, str(measured["id"])).find_element(By.CSS_SELECTOR, "p.meta").text
    assert f"its rule right {right} of {of} times on annotated texts" in meta

    # accepting by confidence: at the threshold the reviewer sets (0.9), then at 0.8
    browser.find_element(By.ID, "curator").send_keys("Hana Reviewer")
    threshold = browser.find_element(By.ID, "threshold")

    def accept_at(value: str) -> set[str]:
        threshold.clear()
        threshold.send_keys(value)
        browser.find_element(By.ID, "accept-confident").click()
        selector = 'li.claim[data-review="accept"]'
        return {li.get_attribute("data-id") for li in browser.find_elements(By.CSS_SELECTOR, selector)}

    confident = {str(c["id"]): float(c["proposal"]["confidence"]) for c in draft["claims"]}
    at_09 = accept_at("0.9")
    assert at_09 == {i for i, v in confident.items() if v >= 0.9}
    accepted_by_button = accept_at("0.8")
    assert accepted_by_button == {i for i, v in confident.items() if v >= 0.8}
    assert at_09 < accepted_by_button  # the threshold decides: this draft has proposals between 0.8 and 0.9

    # edit: Testkawa's office holding, with the qualifier the reviewer reads in the text
    testkawa = claim_item(browser, "holdsoffice-ren-testkawa-japan-minister-of-defens")
    testkawa.find_element(By.CSS_SELECTOR, 'input[value="accept"]').click()
    qualifiers = testkawa.find_element(By.CSS_SELECTOR, "textarea.qualifiers")
    qualifiers.clear()
    qualifiers.send_keys("asOf: February 18, 2025")
    # edit the quote span: Testmori's holding rests on the words that say it
    testmori = claim_item(browser, "holdsoffice-aiko-testmori-japan-minister-for-forei")
    select_in_text(browser, "Japanese Foreign Minister Aiko Testmori")
    testmori.find_element(By.CSS_SELECTOR, "button.use-selection").click()
    assert testmori.find_element(By.CSS_SELECTOR, "blockquote.quote").text == "Japanese Foreign Minister Aiko Testmori"
    # those words name no day, so the holding is dated by the month of the report (the build claims a day only
    # where a quote names it)
    testmori_qualifiers = testmori.find_element(By.CSS_SELECTOR, "textarea.qualifiers")
    testmori_qualifiers.clear()
    testmori_qualifiers.send_keys("asOf: February 2025")
    # reject: the talks, accept the joint development
    claim_item(browser, "develops-japan-long-range-missiles").find_element(
        By.CSS_SELECTOR, 'input[value="reject"]'
    ).click()
    for claim_id in ("develops-japan-counter-hypersonic-syste", "develops-united-states-counter-hypersonic-syste"):
        claim_item(browser, claim_id).find_element(By.CSS_SELECTOR, 'input[value="accept"]').click()
    # entities: Dana Example is linked to the registry's Antony Blinken, the joint statement rejected with the claims
    # about it, the others accepted
    for li in browser.find_elements(By.CSS_SELECTOR, "li.claim"):
        if "joint-statement" in li.get_attribute("data-id"):
            li.find_element(By.CSS_SELECTOR, 'input[value="reject"]').click()
    for li in browser.find_elements(By.CSS_SELECTOR, "li.entity"):
        if li.get_attribute("data-id").startswith("joint-statement"):
            li.find_element(By.CSS_SELECTOR, 'input[value="reject"]').click()
        elif li.get_attribute("data-id") == "dana-example":
            li.find_element(By.CSS_SELECTOR, 'input[value="link"]').click()
            link = li.find_element(By.CSS_SELECTOR, "input.link")
            link.clear()
            link.send_keys("antony-blinken")
        else:
            li.find_element(By.CSS_SELECTOR, 'input[value="accept"]').click()
    browser.find_element(By.ID, "save").click()
    wait.until(
        lambda d: (
            "accepted" in d.find_element(By.ID, "status").text or "not saved" in d.find_element(By.ID, "status").text
        )
    )
    assert "accepted" in browser.find_element(By.ID, "status").text, browser.find_element(By.ID, "status").text

    annotation = read_yaml(sources.annotations / f"{document}.yaml")
    by_id = {c["id"]: c for c in annotation["claims"]}
    assert {c["accepted_by"] for c in by_id.values()} == {"Hana Reviewer"}
    assert by_id["holdsoffice-ren-testkawa-japan-minister-of-defens"]["qualifiers"]["asOf"] == "February 18, 2025"
    assert (
        by_id["holdsoffice-aiko-testmori-japan-minister-for-forei"]["quote"]
        == "Japanese Foreign Minister Aiko Testmori"
    )
    assert by_id["holdsoffice-aiko-testmori-japan-minister-for-forei"]["qualifiers"]["asOf"] == "February 2025"
    assert "develops-japan-long-range-missiles" not in by_id
    assert not any("joint-statement" in c["id"] for c in by_id.values())
    assert by_id["holdsoffice-dana-example-us-secretary-of-state"]["subject"] == "antony-blinken"
    assert not any("dana-example" in (c["subject"], c["object"]) for c in by_id.values())
    assemble(sources, reason=False)  # the build accepts what the reviewer saved

    # the page comes back with the decisions: accepted passages green, decided claims no longer editable
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, 'li.claim[data-review="accepted"]'))
    assert browser.find_elements(By.CSS_SELECTOR, "#text mark.accepted")
    assert not claim_item(browser, "holdsoffice-ren-testkawa-japan-minister-of-defens").find_elements(
        By.CSS_SELECTOR, "textarea"
    )
    assert claim_item(browser, "develops-japan-long-range-missiles").get_attribute("data-review") == "rejected"


def test_the_review_app_answers_only_its_own_address_and_token(reviewed):
    sources, document, _ = reviewed
    app = create_review_app(sources, document, curator="Someone", token=TOKEN)
    client = app.test_client()
    assert client.get("/", base_url="http://127.0.0.1:8123").status_code == 200
    assert client.get("/", base_url="http://attacker.example:8123").status_code == 400
    assert client.post("/api/save", json={}, base_url="http://127.0.0.1:8123").status_code == 403
    wrong = client.post("/api/save", json={}, headers={TOKEN_HEADER: "guess"}, base_url="http://127.0.0.1:8123")
    assert wrong.status_code == 403
    page = client.get("/", base_url="http://127.0.0.1:8123")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    bad = client.post(
        "/api/save",
        json={"curator": "Someone", "claims": [{"id": "no-such-claim", "review": "accept"}]},
        headers={TOKEN_HEADER: TOKEN},
        base_url="http://127.0.0.1:8123",
    )
    assert bad.status_code == 422 and "'no-such-claim' is not in the draft" in bad.get_json()["problems"][0]
    shutil.rmtree(sources.root / "proposals")


def test_the_review_command_proposes_if_needed_and_serves_on_127_0_0_1_only(sources_copy):
    import os
    import re
    import socket
    import subprocess
    import sys
    import urllib.request

    add_document(FIXTURES / "meeting-report-a.txt", sources_copy, AddOptions())
    env = {**os.environ, "ALLIANCE_KG_SOURCES": str(sources_copy.root)}
    process = subprocess.Popen(
        [sys.executable, "-m", "alliance_kg", "review", "005", "--no-browser", "--curator", "Hana"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        while not any("reviewing document" in line for line in lines):
            line = process.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        assert "wrote 9 proposed claims" in "".join(lines)  # no draft yet: proposed first
        url = re.search(r"(http://127\.0\.0\.1:(\d+)/)", lines[-1])
        assert url, lines[-1]
        page = urllib.request.urlopen(url.group(1), timeout=30).read().decode()
        assert "review of proposals, document 005" in page
        listening = [c for c in __import__("psutil").Process(process.pid).net_connections() if c.status == "LISTEN"]
        assert [c.laddr.ip for c in listening] == ["127.0.0.1"]
        with socket.socket() as probe:  # not on any other interface of this machine
            probe.settimeout(2)
            other = socket.gethostbyname(socket.gethostname())
            if other != "127.0.0.1":
                assert probe.connect_ex((other, int(url.group(2)))) != 0
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_reviewer_adds_an_entity_and_a_claim_the_proposer_missed(browser, reviewed):
    sources, document, url = reviewed
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text mark"))
    browser.find_element(By.ID, "curator").send_keys("Hana Reviewer")

    # an entity the registry lacks: the talks the text announces
    browser.find_element(By.ID, "add-entity").click()
    entity = browser.find_element(By.CSS_SELECTOR, "#added li.entity")
    entity.find_element(By.CSS_SELECTOR, "input.id").send_keys("event/long-range-missile-talks-2025")
    browser.execute_script("arguments[0].value = 'Event'", entity.find_element(By.CSS_SELECTOR, "select.type"))
    entity.find_element(By.CSS_SELECTOR, "input.label").send_keys("Talks on developing long-range missiles")

    # a claim on the words that say it, with its modality: the talks are planned, not held
    browser.find_element(By.ID, "add-claim").click()  # nothing selected yet
    assert "select words in the text first" in browser.find_element(By.ID, "status").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#added li.claim")
    select_in_text(browser, "Japan will start talks on developing long-range missiles")
    browser.find_element(By.ID, "add-claim").click()
    claim = browser.find_element(By.CSS_SELECTOR, "#added li.claim")
    assert claim.find_element(By.CSS_SELECTOR, "blockquote.quote").text == (
        "Japan will start talks on developing long-range missiles"
    )
    claim.find_element(By.CSS_SELECTOR, "input.subject").send_keys("event/long-range-missile-talks-2025")
    browser.execute_script("arguments[0].value = 'participant'", claim.find_element(By.CSS_SELECTOR, "select.relation"))
    claim.find_element(By.CSS_SELECTOR, "input.object").send_keys("japan")
    browser.execute_script("arguments[0].value = 'planned'", claim.find_element(By.CSS_SELECTOR, "select.modality"))
    # a second added claim, removed again before saving
    select_in_text(browser, "Share on Twitter")
    browser.find_element(By.ID, "add-claim").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#added li.claim")) == 2
    browser.find_elements(By.CSS_SELECTOR, "#added li.claim")[1].find_element(By.CSS_SELECTOR, "button.remove").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#added li.claim")) == 1

    browser.find_element(By.ID, "save").click()
    wait.until(
        lambda d: "accepted" in d.find_element(By.ID, "status").text or "not" in d.find_element(By.ID, "status").text
    )
    assert "accepted 1 claims and 1 entities" in browser.find_element(By.ID, "status").text

    annotation = read_yaml(sources.annotations / f"{document}.yaml")
    [added] = [c for c in annotation["claims"] if c["subject"] == "event/long-range-missile-talks-2025"]
    assert (added["relation"], added["object"], added["modality"]) == ("participant", "japan", "planned")
    assert added["quote"] == "Japan will start talks on developing long-range missiles"
    assert added["accepted_by"] == "Hana Reviewer" and "proposal" not in added
    registry = read_yaml(sources.root / "entities.yaml")
    [entry] = [e for e in registry["entities"] if e["id"] == "event/long-range-missile-talks-2025"]
    assert (entry["type"], entry["label"]) == ("Event", "Talks on developing long-range missiles")
    assemble(sources, reason=False)  # the build accepts what the reviewer added
    # the page comes back with the addition among the decided claims
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, 'li.claim[data-review="accepted"]'))
    assert not browser.find_elements(By.CSS_SELECTOR, "#added li")


def test_an_added_claim_or_entity_that_cannot_be_taken_is_refused_with_the_reason(reviewed):
    sources, document, _ = reviewed
    app = create_review_app(sources, document, curator="Someone", token=TOKEN)
    client = app.test_client()
    before = draft_path(sources, document).read_bytes()

    def save(body: dict):
        return client.post(
            "/api/save",
            json={"curator": "Someone", **body},
            headers={TOKEN_HEADER: TOKEN},
            base_url="http://127.0.0.1:8123",
        )

    no_quote = save({"added_claims": [{"subject": "japan", "relation": "memberOf", "object": "quad"}]})
    assert no_quote.status_code == 422
    assert no_quote.get_json()["problems"] == [
        "the added claim japan memberOf quad needs a quote: select its words in the text"
    ]
    existing = save({"added_entities": [{"id": "japan", "type": "State", "label": "Japan"}]})
    assert existing.get_json()["problems"] == ["entity 'japan' exists already: use its id in the claims instead"]
    not_a_class = save({"added_entities": [{"id": "x-talks", "type": "participant", "label": "Talks"}]})
    assert not_a_class.get_json()["problems"] == ["entity x-talks: type 'participant' is not a class of the ontology"]
    assert draft_path(sources, document).read_bytes() == before  # refused: nothing written
    # a claim the build cannot take (an unknown entity) is kept in the draft, marked accept, for the reviewer to fix
    text = (sources.root / next(p.name for p in sources.root.glob(f"{document}_*.txt"))).read_text(encoding="utf-8")
    start = text.index("Japan will start talks")
    unknown = save(
        {
            "added_claims": [
                {
                    "subject": "no-such-entity",
                    "relation": "participant",
                    "object": "japan",
                    "start": start,
                    "end": start + 22,
                }
            ]
        }
    )
    assert unknown.status_code == 422 and unknown.get_json()["saved"] is True
    assert any("no-such-entity" in problem for problem in unknown.get_json()["problems"])
    kept = [c for c in roundtrip.load(draft_path(sources, document))["claims"] if c["subject"] == "no-such-entity"]
    assert [(c["quote"], c["proposal"]["review"]) for c in kept] == [("Japan will start talks", "accept")]
    shutil.rmtree(sources.root / "proposals")
