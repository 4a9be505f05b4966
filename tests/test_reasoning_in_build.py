"""The OWL reasoner runs in the build: an inconsistency fails it, naming the individual and the claim; its
inferences are stored in the graph …/graph/inferred, described as inferred, and merged into the default graph."""

from __future__ import annotations

import pytest
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.errors import BuildError
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import GRAPH
from pyoxigraph import NamedNode
from test_shapes import GOOD_QUOTE, inputs_with

pytestmark = pytest.mark.slow

PREFIXES = """PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX graph: <https://w3id.org/alliance-kg/graph/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_a_state_holding_an_office_is_an_inconsistency_naming_it_and_the_claim(tmp_path):
    inputs, _ = inputs_with(
        tmp_path,
        f"""
        - id: japan-in-office
          quote: "{GOOD_QUOTE}"
          subject: Japan
          relation: holdsOffice
          object: Test Office
        """,
        """
        - id: office/test-office
          type: Office
          label: Test Office
        """,
    )
    with pytest.raises(BuildError) as raised:
        assemble(inputs)
    message = str(raised.value)
    japan_line = next(
        line_of(e) for e in read_yaml(SourcesFolder.default().entities)["entities"] if e.get("id") == "japan"
    )
    problem = next(line for line in message.splitlines() if "cannot be both" in line)
    assert "999-extra.yaml:3: id:japan ('Japan') cannot be both akg:Person and akg:State" in problem
    assert "domain of akg:holdsOffice" in problem
    assert "999-extra.yaml:3 (claim 000-japan-in-office)" in problem
    assert f"it is typed akg:State ({inputs.entities}:{japan_line})" in problem


def test_inferred_inverses_are_in_the_inferred_graph_and_the_default_graph(graph_store):
    """Each inverse in the inferred graph rests on a claim stating the other direction, and is queryable."""
    rows = list(
        graph_store.query(
            PREFIXES
            + """SELECT ?s ?p ?o ?claim WHERE {
                GRAPH graph:ontology { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
                GRAPH graph:inferred { ?s ?p ?o }
                OPTIONAL { GRAPH ?claim { ?o ?q ?s } GRAPH graph:evidence { ?claim a akg:Claim } }
            }"""
        )
    )
    assert len(rows) >= 1
    assert [r for r in rows if r["claim"] is None] == []
    predicates = {r["p"].value.rsplit("#", 1)[-1] for r in rows}
    assert "hasArticle" in predicates  # from "Article V of the treaty": akg:articleOf
    treaty = "https://w3id.org/alliance-kg/id/us-japan-security-treaty"
    assert graph_store.query(PREFIXES + f"ASK {{ <{treaty}> akg:hasArticle <{treaty}/art_5> }}")  # default graph
    assert graph_store.query(
        PREFIXES + f"ASK {{ GRAPH graph:inferred {{ <{treaty}> akg:hasArticle <{treaty}/art_5> }} }}"
    )


def test_the_inferred_graph_says_it_was_inferred_and_by_what(graph_store):
    rows = list(
        graph_store.query(
            PREFIXES
            + """SELECT ?label WHERE { GRAPH graph:inferred {
                graph:inferred prov:wasGeneratedBy ?activity . ?activity a prov:Activity ;
                prov:wasAssociatedWith ?agent . ?agent a prov:SoftwareAgent ; rdfs:label ?label } }"""
        )
    )
    import owlready2

    assert len(rows) == 1
    assert "HermiT" in rows[0]["label"].value and f"owlready2 {owlready2.VERSION}" in rows[0]["label"].value


def test_no_trivial_inferences(graph_store):
    trivial = (
        PREFIXES
        + """ASK { GRAPH graph:inferred {
        { ?s a owl:Thing } UNION { ?s a owl:NamedIndividual }
        UNION { ?s ?p ?o . GRAPH graph:ontology { ?s a ?kind } FILTER (?kind IN (owl:Class, owl:ObjectProperty,
                owl:DatatypeProperty, owl:AnnotationProperty, owl:Ontology)) } } }"""
    )
    assert not graph_store.query(trivial)


def test_class_memberships_are_inferred(graph_store):
    japan = NamedNode("https://w3id.org/alliance-kg/id/japan")
    inferred = {
        q.object.value
        for q in graph_store.quads_for_pattern(
            japan, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, GRAPH.inferred
        )
    }
    assert {"https://schema.org/Country", "http://www.w3.org/ns/prov#Agent"} <= inferred


def test_building_without_reasoning_has_no_inferred_graph(built_graph):
    _, reasoned = built_graph
    assert reasoned.inferred == len(reasoned.inferred_quads) > 0
    assert {q.graph_name for q in reasoned.inferred_quads} == {GRAPH.inferred}
    assert not any(q.graph_name == GRAPH.inferred for q in reasoned.quads)  # the asserted graphs
    plain = assemble(reason=False)
    assert plain.inferred == 0 and plain.reasoner is None and plain.inferred_quads == []
