"""The ontology namespace is closed: every akg: term that code, queries or the graph use is declared in ontology/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alliance_kg.ontology import AKG
from alliance_kg.ontology.namespaces import BASE

REPOSITORY = Path(__file__).resolve().parent.parent
CODE = [
    p
    for room in ("alliance_kg", "ontology", "store", "loaders", "queries", "curation", "server")
    for p in (REPOSITORY / room).rglob("*.py")
]
QUERIES = sorted((REPOSITORY / "queries").glob("*.rq"))
PAGE_QUERIES = sorted((REPOSITORY / "server" / "page_queries").glob("*.rq"))


def test_an_undeclared_term_is_refused_where_it_is_written():
    assert AKG.coversDomain.value == BASE + "ontology#coversDomain"
    with pytest.raises(AttributeError, match="ontology#coverDomain is not declared in the ontology"):
        _ = AKG.coverDomain
    with pytest.raises(KeyError, match="ontology#Treaty2 is not declared"):
        _ = AKG["Treaty2"]
    assert "Claim" in AKG and "Claims" not in AKG


def test_every_term_the_code_names_is_declared():
    named = set()
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        named |= {(path.name, m) for m in re.findall(r"\bAKG\.([A-Za-z_]\w*)", text)}
        named |= {(path.name, m) for m in re.findall(r"\bAKG\[\"([A-Za-z_]\w*)\"\]", text)}
    assert len(named) > 20
    assert sorted((where, term) for where, term in named if term not in AKG) == []


def test_every_term_the_catalogue_queries_use_is_declared():
    used = {(p.name, term) for p in QUERIES for term in re.findall(r"\bakg:([A-Za-z_][\w-]*)", p.read_text("utf-8"))}
    assert len(used) > 50
    assert sorted((where, term) for where, term in used if term not in AKG) == []


def test_every_term_the_servers_page_queries_use_is_declared():
    used = {(p.name, t) for p in PAGE_QUERIES for t in re.findall(r"\bakg:([A-Za-z_][\w-]*)", p.read_text("utf-8"))}
    assert len(used) > 5
    assert sorted((where, term) for where, term in used if term not in AKG) == []


def test_every_term_of_the_built_graph_is_declared(graph_store):
    rows = graph_store.query(
        f"""SELECT DISTINCT ?term WHERE {{
              {{ ?s ?term ?o }} UNION {{ ?s a ?term }} UNION {{ ?term ?p ?o }} UNION {{ ?s ?p ?term }}
              FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{BASE}ontology#"))
            }}"""
    )
    terms = {row[0].value.removeprefix(BASE + "ontology#") for row in rows}
    assert len(terms) > 50
    assert sorted(t for t in terms if t not in AKG) == []
