"""examples/alliance-kg.ipynb runs top to bottom against a live server on the built graph (nbclient + ipykernel)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "alliance-kg.ipynb"
REPORT = """
import json
print("REPORT " + json.dumps({
    "counts": counts,
    "article_v_rows": len(article_v),
    "since": [None if pd.isna(date) else str(date) for date in article_v["since"]],
    "since_types": sorted({type(date).__name__ for date in article_v["since"].dropna()}),
    "per_year": {str(year): int(row.sum()) for year, row in per_year.iterrows()},
    "per_year_sources": sorted(per_year.columns),
    "events_kinds": sorted(set(events["kind"])),
    "events_rows": len(events),
    "quote_matches": bool(quote_matches),
    "links": len(links),
}))
"""


@pytest.fixture(scope="module")
def executed(live_graph_server: str, monkeypatch_module) -> nbformat.NotebookNode:
    monkeypatch_module.setenv("ALLIANCE_KG_ENDPOINT", f"{live_graph_server}/sparql")
    monkeypatch_module.delenv("ALLIANCE_KG_ONLINE", raising=False)  # the Wikidata cell must skip itself
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if any cell fails
    return notebook


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def report(notebook: nbformat.NotebookNode) -> dict:
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.split("REPORT ", 1)[1])


def test_every_cell_ran_without_error(executed):
    errors = [
        o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert all(cell.execution_count for cell in executed.cells if cell.cell_type == "code")


def test_the_article_v_dataframe_has_the_seven_rows_of_the_flagship_question(executed):
    out = report(executed)
    assert out["article_v_rows"] == 7
    assert out["since"] == ["1960", "1960", "1960", "2019", "2023-01", "2023-01-11", None]  # 003: only a latest day
    assert out["counts"]["documents"] == 5 and out["counts"]["claims"] > 20


def test_both_timelines_and_the_events_per_year_are_drawn(executed):
    images = [cell for cell in executed.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 3
    assert "Article V" in images[0].source and "timeline(ax, shown" in images[1].source
    assert "per_year.plot.bar" in images[2].source


def test_dates_are_periods_counted_per_year_by_source(executed):
    out = report(executed)
    assert out["since_types"] == ["Period"]  # typed values at their precision, not strings
    # the treaty's signing is dated to the year 1960 (one source); the alliance's January 2023 by several sources
    assert out["per_year"]["1960"] == 1
    assert out["per_year"]["2023"] > out["per_year"]["1960"]
    assert sorted(out["per_year"], key=int) == list(out["per_year"])
    assert out["per_year_sources"] == ["000", "001", "002", "003", "004"]


def test_events_timeline_and_the_fact_traced_to_its_quote(executed):
    out = report(executed)
    assert {"meeting", "signing"} <= set(out["events_kinds"]) and out["events_rows"] >= 3
    assert out["quote_matches"] is True


def test_the_online_cell_skips_itself_offline(executed):
    outputs = "".join(o.get("text", "") for cell in executed.cells for o in cell.get("outputs", []))
    assert "skipped the Wikidata query: set ALLIANCE_KG_ONLINE=1" in outputs
    assert report(executed)["links"] >= 6
