"""Every fact traces to its claims, quotes and offsets; dates keep their precision; aliases are one entity."""

from __future__ import annotations

from alliance_kg.loaders.sources import SourcesFolder, load_sources

PREFIXES = """
PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX id: <https://w3id.org/alliance-kg/id/>
PREFIX domain: <https://w3id.org/alliance-kg/id/domain/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
ARTICLE_5 = "<https://w3id.org/alliance-kg/id/us-japan-security-treaty/art_5>"


def select(store, query: str) -> list[dict]:
    return [
        {v.value: s[v] for v in solutions.variables} for solutions in [store.query(PREFIXES + query)] for s in solutions
    ]


def test_every_quote_sits_at_its_offsets_in_the_file_as_stored(graph_store):
    texts = {f"https://w3id.org/alliance-kg/doc/{s.id}": s.text for s in load_sources(SourcesFolder.default())}
    rows = select(
        graph_store,
        """SELECT ?claim ?doc ?exact ?start ?end WHERE {
             ?claim a akg:Claim ; oa:hasTarget ?t .
             ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
             ?q a oa:TextQuoteSelector ; oa:exact ?exact .
             ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end . }""",
    )
    assert len(rows) >= 20
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert texts[row["doc"].value][start:end] == row["exact"].value, row["claim"]


def test_offsets_agree_with_sparql_substr_on_the_stored_text(graph_store):
    """A SPARQL writer can check a quote against the stored text: SUBSTR counts characters as Python does."""
    rows = select(
        graph_store,
        """SELECT ?exact ?cut WHERE {
             ?claim oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
             ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
             ?doc <https://schema.org/text> ?text .
             BIND(SUBSTR(?text, ?start + 1, ?end - ?start) AS ?cut) }""",
    )
    assert rows and all(r["exact"].value == r["cut"].value for r in rows)


def test_a_fact_stated_by_three_documents_has_three_traceable_claims(graph_store):
    rows = select(
        graph_store,
        f"""SELECT ?doc WHERE {{ GRAPH ?claim {{ {ARTICLE_5} akg:coversDomain domain:space }}
                                ?claim akg:sourceDocument ?doc }} ORDER BY ?doc""",
    )
    assert [r["doc"].value.rsplit("/", 1)[-1] for r in rows] == ["000", "001", "003"]
    # ...while the default graph, the merge of the claim graphs, holds the fact once.
    count = select(graph_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {ARTICLE_5} akg:coversDomain domain:space }}")
    assert count[0]["n"].value == "1"


def test_shortcut_triples_for_all_five_domains(graph_store):
    rows = select(graph_store, f"SELECT ?label WHERE {{ {ARTICLE_5} akg:coversDomain ?d . ?d skos:prefLabel ?label }}")
    assert sorted(r["label"].value for r in rows) == ["air", "cyber", "land", "maritime", "space"]


def test_dates_keep_their_precision(graph_store):
    rows = select(
        graph_store,
        f"""SELECT ?domain (DATATYPE(?since) AS ?type) ?since WHERE {{
              ?c akg:article {ARTICLE_5} ; akg:domain ?d ; akg:startDate ?since . ?d skos:prefLabel ?domain }}""",
    )
    types = {(r["domain"].value, r["since"].value, r["type"].value.rsplit("#", 1)[-1]) for r in rows}
    assert ("land", "1960", "gYear") in types
    assert ("cyber", "2019", "gYear") in types
    assert ("space", "2023-01-11", "date") in types
    assert ("space", "2023-01", "gYearMonth") in types
    assert not any(since.startswith("1960-") for _, since, _ in types)


def test_a_span_is_kept_as_bounds_beside_its_enclosing_month(graph_store):
    """Document 001 places the agreement "last week": the month, plus the week's bounds."""
    rows = select(
        graph_store,
        """SELECT ?since ?earliest ?latest WHERE { GRAPH <https://w3id.org/alliance-kg/claim/001-article-5-space> {
              ?c akg:startDate ?since ; akg:earliestDate ?earliest ; akg:latestDate ?latest } }""",
    )
    assert [(r["since"].value, r["earliest"].value, r["latest"].value) for r in rows] == [
        ("2023-01", "2023-01-09", "2023-01-15")
    ]


def test_sources_that_disagree_on_a_date_both_stay(graph_store):
    """000 and 001 date the "2+2" Jan. 11; 003 says "just a fortnight before" January 13, 2023: a span with its
    bounds (7 to 21 days before), crossing a year, so no day, month or year literal at all."""
    rows = select(
        graph_store,
        """SELECT ?doc ?date ?earliest ?latest WHERE {
              GRAPH ?claim { { id:event\\/scc-2023-01 akg:date ?date } UNION { id:event\\/scc-2023-01 akg:latestDate ?l }
                             OPTIONAL { id:event\\/scc-2023-01 akg:earliestDate ?earliest ; akg:latestDate ?latest } }
              ?claim akg:sourceDocument ?doc } ORDER BY ?doc""",
    )
    got = [(r["doc"].value[-3:], *(r[v].value if r[v] else None for v in ("date", "earliest", "latest"))) for r in rows]
    assert got == [
        ("000", "2023-01-11", None, None),
        ("001", "2023-01-11", None, None),
        ("003", None, "2022-12-23", "2023-01-06"),
    ]


def test_article_v_and_article_5_are_one_article(graph_store):
    rows = select(graph_store, f"SELECT ?claim WHERE {{ GRAPH ?claim {{ {ARTICLE_5} akg:coversDomain ?d }} }}")
    documents = {r["claim"].value.rsplit("/", 1)[-1][:3] for r in rows}
    assert documents == {"000", "001", "003"}  # 000 writes "Article V"; 001 and 003 write "Article 5"


def test_document_metadata_only_as_far_as_the_text_states_it(graph_store):
    rows = select(
        graph_store,
        """SELECT ?doc ?basis ?issued (DATATYPE(?issued) AS ?type) WHERE {
              ?doc a akg:SourceDocument ; akg:dateBasis ?basis ; dcterms:issued ?issued } ORDER BY ?doc""",
    )
    got = [(r["doc"].value[-3:], r["basis"].value, r["issued"].value, r["type"].value.rsplit("#")[-1]) for r in rows]
    assert got == [
        ("000", "inferred", "2023-01", "gYearMonth"),
        ("001", "inferred", "2023-01", "gYearMonth"),
        ("002", "stated", "2024-04-16", "date"),
        ("003", "inferred", "2023-01", "gYearMonth"),
        ("004", "inferred", "2022", "gYear"),
    ]
    authors = select(
        graph_store,
        """SELECT ?doc ?name ?quote WHERE { GRAPH ?claim { ?doc dcterms:creator ?person }
              ?person skos:prefLabel ?name . ?claim akg:quote ?quote } ORDER BY ?doc""",
    )
    assert [(r["doc"].value[-3:], r["name"].value) for r in authors] == [
        ("000", "Michael MacArthur Bosack"),
        ("002", "Jeffrey W. Hornung"),
        ("004", "Yuki Tatsumi"),
    ]
    assert all(r["name"].value in r["quote"].value for r in authors)


def test_wikidata_links_only_from_the_reviewed_list(graph_store):
    rows = select(
        graph_store,
        """SELECT ?e ?wd WHERE { GRAPH <https://w3id.org/alliance-kg/graph/links> { ?e skos:exactMatch ?wd } }""",
    )
    links = {r["e"].value.rsplit("/", 1)[-1]: r["wd"].value.rsplit("/", 1)[-1] for r in rows}
    assert links["japan"] == "Q17" and links["united-states"] == "Q30" and links["fumio-kishida"] == "Q359480"
    assert "security-consultative-committee" not in links
