"""A claim accepted from a proposal records who accepted it and when (PROV), instead of the shared curation activity."""

from __future__ import annotations

import pytest
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.errors import BuildError
from alliance_kg.ontology import AKG, ID
from alliance_kg.ontology.namespaces import PROV, RDF, RDFS, XSD
from pyoxigraph import Literal, NamedNode, Store

ACCEPTED = """
  - id: test-accepted
    quote: "U.S. National Security Council spokesman John Kirby"
    subject: U.S. National Security Council spokesman
    relation: officeOf
    object: U.S. National Security Council
    accepted_by: Hana Curator
    accepted_at: "2026-03-02T10:15:00+09:00"
"""


def _append(sources, text: str) -> None:
    """`text` (claims) at the end of 001's `claims:`, before its `unclaimed:` sentences."""
    path = sources.annotations / "001.yaml"
    claims, unclaimed, rest = path.read_text(encoding="utf-8").partition("\nunclaimed:\n")
    path.write_text(claims.rstrip("\n") + "\n" + text.strip("\n") + "\n" + unclaimed + rest, encoding="utf-8")


@pytest.mark.slow  # builds the graph
def test_an_accepted_claim_is_attributed_to_its_curator_at_its_time(sources_copy):
    _append(sources_copy, ACCEPTED)
    store = Store()
    store.extend(assemble(sources_copy, reason=True).quads)
    claim = NamedNode("https://w3id.org/alliance-kg/claim/001-test-accepted")
    curator = ID["curator/hana-curator"]
    about = {(q.predicate, q.object) for q in store.quads_for_pattern(claim, None, None, None)}
    assert (PROV.wasAttributedTo, curator) in about
    assert (PROV.generatedAtTime, Literal("2026-03-02T01:15:00Z", datatype=XSD.dateTime)) in about
    assert (PROV.wasGeneratedBy, AKG.curation) not in about
    assert {(q.predicate, q.object) for q in store.quads_for_pattern(curator, None, None, None)} == {
        (RDF.type, AKG.Curator),
        (RDFS.label, Literal("Hana Curator")),
    }
    hand_written = NamedNode("https://w3id.org/alliance-kg/claim/001-nsc-spokesman-office-of")
    assert list(store.quads_for_pattern(hand_written, PROV.wasGeneratedBy, AKG.curation, None))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("    accepted_by: Hana Curator\n", "`accepted_by` (who) and `accepted_at` (when) go together"),
        ('    accepted_by: Hana Curator\n    accepted_at: "2026-03-02T10:15:00"\n', "has no time zone"),
        ('    accepted_by: Hana Curator\n    accepted_at: "yesterday"\n', "is not an ISO 8601 date and time"),
    ],
)
@pytest.mark.slow
def test_an_incomplete_acceptance_is_an_error_naming_the_line(sources_copy, lines, message):
    _append(
        sources_copy,
        """
  - id: test-bad-acceptance
    quote: "U.S. National Security Council spokesman John Kirby"
    subject: U.S. National Security Council spokesman
    relation: officeOf
    object: U.S. National Security Council
"""
        + lines,
    )
    with pytest.raises(BuildError) as caught:
        assemble(sources_copy, reason=False)
    assert "001.yaml:" in str(caught.value) and message in str(caught.value)
