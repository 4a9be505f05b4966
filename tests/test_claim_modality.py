"""`modality:` on a claim (interim, issue 14; notes/formats.md): a claim not stated as fact has no shortcut triple.

It lives only in its qualified node (or, for a relation without one, in an rdf:Statement), with akg:modality.
"""

from __future__ import annotations

import pytest
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.errors import BuildError
from alliance_kg.ontology import AKG, ID
from alliance_kg.ontology.namespaces import RDF
from pyoxigraph import NamedNode, Store

PLANNED = ID["modality/planned"]
NEGOTIATION = ID["modality/under-negotiation"]
EXTRA = """
  - id: test-long-range-talks
    quote: "The move will also start talks on developing a long-range missile capability for Japanese defense forces"
    subject: Japan
    relation: develops
    object: long-range missile capability
    modality: under negotiation
  - id: test-planned-participant
    quote: "President Joe Biden welcomed Japanese Prime Minister Fumio Kishida on Jan. 13 to the White House"
    subject: event/kishida-biden-summit-2023-01
    relation: participant
    object: Japan
    modality: planned
  - id: test-asserted-participant
    quote: "President Joe Biden welcomed Japanese Prime Minister Fumio Kishida on Jan. 13"
    subject: event/kishida-biden-summit-2023-01
    relation: participant
    object: United States
    modality: asserted
"""


def _with_claims(sources, text: str):
    path = sources.annotations / "001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _store(result) -> Store:
    store = Store()
    store.extend(result.quads)
    return store


@pytest.mark.slow  # builds the graph
def test_a_claim_not_stated_as_fact_has_no_shortcut_but_a_node_with_its_modality(sources_copy):
    _with_claims(sources_copy, EXTRA)
    result = assemble(sources_copy, reason=True)  # the reasoner accepts the nodes as well
    store = _store(result)
    claim = NamedNode("https://w3id.org/alliance-kg/claim/001-test-long-range-talks")
    capability = ID["long-range-missiles"]
    in_claim = [q.triple for q in store.quads_for_pattern(None, None, None, claim)]
    assert not any(t.predicate == AKG.develops for t in in_claim)
    nodes = [t.subject for t in in_claim if t.predicate == AKG.modality and t.object == NEGOTIATION]
    assert len(nodes) == 1
    node = nodes[0]
    assert (node, RDF.type, AKG.CapabilityDevelopment) in {(t.subject, t.predicate, t.object) for t in in_claim}
    assert {(t.predicate, t.object) for t in in_claim if t.subject == node} >= {
        (AKG.developer, ID.japan),
        (AKG.capability, capability),
    }

    planned = NamedNode("https://w3id.org/alliance-kg/claim/001-test-planned-participant")
    triples = {(q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, planned)}
    assert (RDF.type, RDF.Statement) in triples and (AKG.modality, PLANNED) in triples
    assert (RDF.predicate, AKG.participant) in triples and (RDF.object, ID.japan) in triples
    summit = ID["event/kishida-biden-summit-2023-01"]
    shortcut = [q for q in store.quads_for_pattern(summit, AKG.participant, ID.japan, planned)]
    assert shortcut == []

    asserted = NamedNode("https://w3id.org/alliance-kg/claim/001-test-asserted-participant")
    assert list(store.quads_for_pattern(summit, AKG.participant, ID["united-states"], asserted))


def test_an_unknown_modality_names_the_choices(sources_copy):
    _with_claims(
        sources_copy,
        """
  - id: test-bad-modality
    quote: "President Joe Biden welcomed Japanese Prime Minister Fumio Kishida"
    subject: Joe Biden
    relation: holdsOffice
    object: President of the United States
    modality: hoped-for
""",
    )
    with pytest.raises(BuildError) as caught:
        assemble(sources_copy, reason=False)
    message = str(caught.value)
    assert "001.yaml" in message and "modality 'hoped-for' is not one of" in message
    assert "agreed-to-pursue" in message and "former" in message
