"""Screenshots for the documentation: the timeline and an entity's neighbourhood graph, taken in headless Chromium
(tests/browser.py) from a live server on 127.0.0.1 that serves the current build of the data folder.

    make screenshots           # builds the graph if needed, then writes docs/images/*.png
    .venv/bin/python tests/screenshots.py --data var --out docs/images
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from browser import chromium, requested_hosts
from live_server import live_server
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPOSITORY = Path(__file__).resolve().parent.parent
KINDS = ("Meeting", "Summit", "Signing", "Visit", "Speech", "DomainCoverage", "SourceDocument")
SHOTS = {
    # file: (path, element to capture, a mark to open first)
    "timeline.png": (
        "/timeline?from=2022-12-20&to=2023-01-22&"
        + "&".join(f"type=https://w3id.org/alliance-kg/ontology%23{kind}" for kind in KINDS),
        "main",
        "003-scc-2023-date-bounds",
    ),
    "neighbourhood.png": ("/id/fumio-kishida", "#neighbourhood-section", None),
}


def take(base: str, out: Path) -> list[Path]:
    written = []
    with chromium(width=1500, height=2600) as driver:
        driver.get_log("performance")
        for name, (path, selector, mark) in SHOTS.items():
            driver.get(base + path)
            wait = WebDriverWait(driver, 30)
            if "timeline" in name:
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".timeline .vis-item"))
                if mark:
                    driver.execute_script("window.allianceKgTimelines.timeline.select(arguments[0])", mark)
                    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#timeline-details").is_displayed())
                driver.execute_script("document.querySelector('.marks-table').open = false")
            else:
                wait.until(lambda d: d.execute_script("return !!(window.allianceKgGraphs || {}).neighbourhood"))
                driver.execute_script("document.querySelector('#neighbourhood-section').scrollIntoView()")
            time.sleep(1)  # let the last redraw settle
            target = out / name
            driver.find_element(By.CSS_SELECTOR, selector).screenshot(str(target))
            written.append(target)
        hosts = requested_hosts(driver)
    if hosts != {"127.0.0.1"}:
        raise SystemExit(f"the pages requested hosts other than 127.0.0.1: {sorted(hosts)}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPOSITORY / "var", help="the data folder with a built graph")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "docs" / "images", help="where to write the PNGs")
    args = parser.parse_args(argv)
    from alliance_kg.server import create_app
    from alliance_kg.store.local import current_store_path

    app = create_app({"STORE_PATH": str(current_store_path(args.data)), "QUERY_PROCESSES": 2})
    args.out.mkdir(parents=True, exist_ok=True)
    with live_server(app) as base:
        for path in take(base, args.out):
            print(f"wrote {path.relative_to(REPOSITORY) if path.is_relative_to(REPOSITORY) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
