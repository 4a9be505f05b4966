"""The SHACL shapes of ontology/shapes.ttl: a bad graph fails the build with a report naming file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.errors import BuildError
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.loaders.validation import Origins, validate
from alliance_kg.ontology import AKG, GRAPH, ID
from alliance_kg.ontology.namespaces import OA, XSD
from graph_fixtures import copy_of_sources
from pyoxigraph import Literal, NamedNode, Quad

pytestmark = pytest.mark.slow

GOOD_QUOTE = "In 2019, the allies affirmed that Article V applies to cyberattacks"


def inputs_with(tmp_path: Path, claims_yaml: str, entities_yaml: str = "") -> tuple[SourcesFolder, dict[str, int]]:
    """The real sources plus extra claims on document 000 and extra registry entries; returns the entries' lines."""
    sources = copy_of_sources(tmp_path / "sources")
    body = 'document: "000"\nclaims:\n' + textwrap.indent(textwrap.dedent(claims_yaml).strip("\n"), "  ")
    (sources.annotations / "999-extra.yaml").write_text(body + "\n", encoding="utf-8")
    registry = sources.entities.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines = {}
    for line in textwrap.dedent(entities_yaml).strip("\n").splitlines():
        registry += "  " + line + "\n"
        if line.startswith("- id: "):
            lines[line.removeprefix("- id: ")] = registry.count("\n")
    sources.entities.write_text(registry, encoding="utf-8")
    return sources, lines


TEST_AGREEMENT = """
    - id: test-agreement
      type: Treaty
      label: Test Agreement
    """


def test_agreement_without_party_fails_with_its_registry_line_and_the_claims_using_it(tmp_path):
    inputs, lines = inputs_with(
        tmp_path,
        f"""
        - id: uses-agreement
          quote: "{GOOD_QUOTE}"
          subject: Test Agreement
          relation: concerns
          object: cyber
        """,
        TEST_AGREEMENT,
    )
    with pytest.raises(BuildError) as raised:
        assemble(inputs, reason=False)
    message = str(raised.value)
    problem = next(line for line in message.splitlines() if "id:test-agreement" in line)
    assert f"entities.yaml:{lines['test-agreement']}: id:test-agreement ('Test Agreement')" in problem
    assert (
        "akg:hasParty|^akg:partyTo|^akg:agreement/akg:party|akg:issuedBy: an agreement has at least one party"
        in problem
    )
    assert "999-extra.yaml:3 (claim 000-uses-agreement)" in problem


def test_a_party_given_by_the_inverse_property_satisfies_the_shape(tmp_path):
    inputs, _ = inputs_with(
        tmp_path,
        f"""
        - id: uses-agreement
          quote: "{GOOD_QUOTE}"
          subject: Test Agreement
          relation: concerns
          object: cyber
        - id: party
          quote: "{GOOD_QUOTE}"
          subject: Japan
          relation: partyTo
          object: Test Agreement
        """,
        TEST_AGREEMENT,
    )
    result = assemble(inputs, reason=False)
    assert any(c.iri.value.endswith("000-party") for c in result.claims)


def test_a_joint_statement_with_its_issuers_and_no_party_satisfies_the_shape(tmp_path):
    inputs, _ = inputs_with(
        tmp_path,
        f"""
        - id: issued
          quote: "{GOOD_QUOTE}"
          subject: Test Joint Statement
          relation: issuedBy
          object: Japan
        """,
        """
        - id: test-joint-statement
          type: JointStatement
          label: Test Joint Statement
        """,
    )
    result = assemble(inputs, reason=False)
    assert any(c.iri.value.endswith("000-issued") for c in result.claims)


def test_something_used_as_an_agreement_but_not_registered_as_one_is_refused(tmp_path):
    inputs, lines = inputs_with(
        tmp_path,
        f"""
        - id: party
          quote: "{GOOD_QUOTE}"
          subject: Japan
          relation: partyTo
          object: Vague Pact
        """,
        """
        - id: vague-pact
          type: StrategyDocument
          label: Vague Pact
        """,
    )
    with pytest.raises(BuildError) as raised:
        assemble(inputs, reason=False)
    assert f"entities.yaml:{lines['vague-pact']}: id:vague-pact ('Vague Pact')" in str(raised.value)
    assert "used as an agreement" in str(raised.value) and "not registered as one" in str(raised.value)


def test_an_agreement_whose_kind_the_text_does_not_name_is_accepted(tmp_path):
    inputs, _ = inputs_with(
        tmp_path,
        f"""
        - id: party
          quote: "{GOOD_QUOTE}"
          subject: Japan
          relation: partyTo
          object: Vague Agreement
        """,
        """
        - id: vague-agreement
          type: Agreement
          label: Vague Agreement
        """,
    )
    result = assemble(inputs, reason=False)
    assert any(c.iri.value.endswith("000-party") for c in result.claims)


@pytest.fixture(scope="module")
def real(built_graph):
    _, result = built_graph
    claims = result.claims
    sources = {c.source.id: c.source for c in claims}.values()
    origins = Origins(claims, sources, SourcesFolder.default())
    return result.quads, origins, claims


def test_the_real_graph_conforms(real):
    quads, origins, _ = real
    assert validate(quads, origins) == []


def test_invalid_dates_are_violations(real):
    quads, origins, _ = real
    event, g = ID["event/test-event"], GRAPH.registry
    bad = [
        Quad(event, AKG.date, Literal("2023-02-30", datatype=XSD.date), g),
        Quad(event, AKG.startDate, Literal("2023-13", datatype=XSD.gYearMonth), g),
        Quad(event, AKG.endDate, Literal("2023"), g),  # a plain string, not a date
        Quad(event, AKG.earliestDate, Literal("2023", datatype=XSD.gYear), g),  # bounds are days
        Quad(event, AKG.asOf, Literal("2023-01", datatype=XSD.gYearMonth), g),  # fine
    ]
    messages = "\n".join(str(p) for p in validate(quads + bad, origins))
    assert "id:event/test-event akg:date = '2023-02-30^^xsd:date': akg:date takes a valid" in messages
    assert "akg:startDate = '2023-13^^xsd:gYearMonth'" in messages
    assert "akg:endDate = '2023'" in messages
    assert "akg:earliestDate = '2023^^xsd:gYear': akg:earliestDate takes a valid xsd:date (a day)" in messages
    assert "akg:asOf" not in messages


def test_selector_offsets_are_checked_and_reported_at_the_claim(real):
    quads, origins, claims = real
    claim = next(c for c in claims if c.annotation_file.parent == SourcesFolder.default().annotations)
    selector = NamedNode(f"{claim.iri.value}#quote-1-position")
    start = next(q for q in quads if q.subject == selector and q.predicate == OA.start)
    end = next(q for q in quads if q.subject == selector and q.predicate == OA.end)
    shifted = [q for q in quads if q != end] + [
        Quad(selector, OA.end, Literal(start.object.value, datatype=XSD.nonNegativeInteger), end.graph_name)
    ]
    problems = validate(shifted, origins)
    where = f"{claim.annotation_file.name}:{claim.line}"
    texts = [str(p) for p in problems]
    assert any(where in t and "oa:start" in t and "less than oa:end" in t for t in texts), texts
    assert any(where in t and "do not select its quote" in t for t in texts), texts
