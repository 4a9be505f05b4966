"""Every query of the catalogue has a title and a description, parses, and runs on the built graph."""

from __future__ import annotations

import pytest
from alliance_kg.queries import CatalogueError, load_catalogue, load_query
from catalogue_answers import offline_text

CATALOGUE = load_catalogue()


def test_catalogue_holds_the_flagship_query():
    assert CATALOGUE["article_v_domains"].title == "Which domains does Article V cover, and since when?"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_query_has_title_and_description(name):
    query = CATALOGUE[name]
    assert query.title and len(query.description) > 40


# Queries with required parameters are run with them in test_catalogue_answers.py. Federated queries run offline
# too: their SERVICE IRI is pointed at a local fixture endpoint (catalogue_answers.offline_text).
@pytest.mark.parametrize("name", sorted(n for n, q in CATALOGUE.items() if not any(p.required for p in q.parameters)))
def test_query_without_parameters_runs_and_has_an_answer(name, graph_store, wikidata_service):
    text = offline_text(CATALOGUE[name].text, wikidata_service.services)
    assert list(graph_store.query(text))  # every catalogue question has an answer (from the texts, or the fixture)


def test_query_without_summary_is_refused(tmp_path):
    path = tmp_path / "nameless.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="needs a '#\\+ summary:' line"):
        load_query(path)
