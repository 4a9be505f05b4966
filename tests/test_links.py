"""Links to Wikidata and DBpedia: only reviewed identifiers and titles, each with its reviewed source in the graph."""

from __future__ import annotations

import pytest
from alliance_kg.curation.links import record_wikidata, reviewed_matches
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.linking import ReviewedLinks, dbpedia_resource, link_quads
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import Vocabulary
from graph_fixtures import copy_of_sources

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX graph: <https://w3id.org/alliance-kg/graph/>
PREFIX id: <https://w3id.org/alliance-kg/id/>
"""
WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(Vocabulary.load(), SourcesFolder.default())


def select(store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + query)
    return [{v.value: s[v].value for v in solutions.variables if s[v] is not None} for s in solutions]


def links(store) -> set[tuple[str, str]]:
    rows = select(store, "SELECT ?s ?o WHERE { GRAPH graph:links { ?s skos:exactMatch ?o } }")
    return {(row["s"].rsplit("/id/", 1)[-1], row["o"]) for row in rows}


def test_every_entity_with_a_reviewed_id_is_linked_to_wikidata_and_nothing_else_is(graph_store, registry):
    expected = {(e.id, WD + e.wikidata) for e in registry.entities.values() if e.wikidata}
    assert len(expected) >= 6
    assert {link for link in links(graph_store) if link[1].startswith(WD)} == expected


def test_dbpedia_links_exactly_where_the_english_wikipedia_title_is_recorded(graph_store, registry):
    titles = registry.links.titles
    expected = {
        (e.id, DBR + titles[e.wikidata].title.replace(" ", "_"))
        for e in registry.entities.values()
        if e.wikidata in titles
    }
    found = {link for link in links(graph_store) if link[1].startswith(DBR)}
    assert found == expected
    assert ("japan", DBR + "Japan") in found and ("united-states", DBR + "United_States") in found
    assert ("fumio-kishida", DBR + "Fumio_Kishida") in found and ("nato", DBR + "NATO") in found
    assert not any(entity == "china" for entity, _ in found)  # "People's Republic of China" is not the title


def test_each_link_names_the_reviewed_row_it_comes_from(graph_store):
    rows = select(
        graph_store,
        """SELECT ?s ?o ?from ?where ?note WHERE { GRAPH graph:links {
             ?s skos:exactMatch ?o .
             ?link a rdf:Statement ; rdf:subject ?s ; rdf:predicate skos:exactMatch ; rdf:object ?o ;
                   prov:wasDerivedFrom ?from ; dcterms:source ?where .
             OPTIONAL { ?link skos:note ?note } } }""",
    )
    assert {(r["s"], r["o"]) for r in rows} == {
        (f"https://w3id.org/alliance-kg/id/{s}", o) for s, o in links(graph_store)
    }
    files = {
        "wikidata-verified.tsv": SourcesFolder.default().wikidata_reviewed.read_text(encoding="utf-8").splitlines(),
        "enwiki-titles.tsv": SourcesFolder.default().enwiki_titles.read_text(encoding="utf-8").splitlines(),
    }
    for row in rows:
        assert row["from"].startswith("https://w3id.org/alliance-kg/source/"), row
        path, _, line = row["where"].rpartition(", line ")
        assert path in ("seeds/wikidata-verified.tsv", "seeds/enwiki-titles.tsv")
        cited = files[path.rsplit("/", 1)[-1]][int(line) - 1]
        if row["o"].startswith(WD):
            assert cited.split("\t")[1] == row["o"].removeprefix(WD), row
        else:
            assert cited.split("\t")[1].replace(" ", "_") == row["o"].removeprefix(DBR), row


def test_the_links_graph_is_a_linkset_with_stable_provenance_and_no_local_paths(graph_store):
    rows = select(graph_store, "SELECT ?p ?o WHERE { GRAPH graph:links { graph:links ?p ?o } }")
    derived = {r["o"] for r in rows if r["p"].endswith("wasDerivedFrom")}
    assert derived == {
        "https://w3id.org/alliance-kg/source/wikidata-verified.tsv",
        "https://w3id.org/alliance-kg/source/enwiki-titles.tsv",
    }
    assert "http://rdfs.org/ns/void#Linkset" in {r["o"] for r in rows}
    anything = select(graph_store, "SELECT ?x WHERE { GRAPH graph:links { { ?x ?p ?o } UNION { ?s ?p ?x } } }")
    assert not [r for r in anything if r["x"].startswith("file:")]
    count = select(graph_store, "SELECT ?n WHERE { GRAPH graph:links { graph:links void:triples ?n } }")
    assert int(count[0]["n"]) == len(links(graph_store))


def test_no_registry_entity_named_like_a_reviewed_row_lacks_or_contradicts_its_id(registry):
    problems = [
        f"{m.entity.id}: {'add' if m.missing else 'conflicts with'} wikidata: {m.row.wikidata} ({m.row.label})"
        for m in reviewed_matches(registry, registry.links.wikidata)
        if m.missing or m.conflicting
    ]
    assert problems == []


def test_the_reviewed_match_reports_an_entity_that_lacks_its_id(tmp_path):
    sources = copy_of_sources(tmp_path / "sources")
    sources.entities.write_text(
        "entities:\n  - id: prc\n    type: State\n    label: PRC\n    aliases: [people’s republic of china]\n",
        encoding="utf-8",
    )
    registry = Registry.load(Vocabulary.load(), sources)
    [match] = reviewed_matches(registry, registry.links.wikidata)
    assert (match.entity.id, match.row.wikidata, match.missing) == ("prc", "Q148", True)


def test_a_title_that_is_not_a_label_is_refused(tmp_path, registry):
    reviewed = tmp_path / "wikidata-verified.tsv"
    reviewed.write_text("Japan\tQ17\tcountry\n", encoding="utf-8")
    (tmp_path / "enwiki-titles.tsv").write_text("Q17\tNippon\tguess\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"enwiki-titles.tsv:1: title 'Nippon' is neither"):
        link_quads([registry.entities["japan"]], ReviewedLinks.read(reviewed, tmp_path / "enwiki-titles.tsv"))


def test_a_title_for_an_unreviewed_identifier_is_refused(tmp_path):
    reviewed = tmp_path / "wikidata-verified.tsv"
    reviewed.write_text("Japan\tQ17\tcountry\n", encoding="utf-8")
    (tmp_path / "enwiki-titles.tsv").write_text("Q30\tUnited States\tregistry label\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"enwiki-titles.tsv:1: Q30 is not in wikidata-verified.tsv"):
        ReviewedLinks.read(reviewed, tmp_path / "enwiki-titles.tsv")


def test_a_repeated_reviewed_identifier_is_refused(tmp_path):
    reviewed = tmp_path / "wikidata-verified.tsv"
    reviewed.write_text("# label\twikidata\tnote\nJapan\tQ17\t\nNippon\tQ17\t\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r":3: Q17 is listed twice \(first on line 2\)"):
        ReviewedLinks.read(reviewed, tmp_path / "enwiki-titles.tsv")


def test_dbpedia_resources_are_named_by_title_with_underscores():
    assert dbpedia_resource("United Nations Security Council").value == DBR + "United_Nations_Security_Council"


def test_recording_an_identifier_edits_only_the_entry_concerned(tmp_path):
    path = tmp_path / "entities.yaml"
    text = (
        "entities:\n  # States\n  - id: a\n    type: State\n    label: A\n    definition: >-\n      Long\n      text.\n"
        "\n  - id: b\n    type: State\n    label: B\n    wikidata: Q1\n"
    )
    path.write_text(text, encoding="utf-8")
    assert record_wikidata(path, {"a": "Q17", "b": "Q2", "missing": "Q3"}) == ["a"]
    assert path.read_text(encoding="utf-8") == text.replace("      text.\n", "      text.\n    wikidata: Q17\n")
