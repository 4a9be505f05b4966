"""A bad annotation fails the build with the file, the line and what is wrong; the previous graph stays."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from alliance_kg.loaders.build import assemble, build
from alliance_kg.loaders.errors import BuildError
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.store.local import current_store_path
from graph_fixtures import copy_of_sources
from pyoxigraph import Store

GOOD_QUOTE = "In 2019, the allies affirmed that Article V applies to cyberattacks"


def inputs_with(tmp_path: Path, claims_yaml: str, document: str = "000") -> SourcesFolder:
    """The real sources, plus one extra annotation file holding the given claims for `document`."""
    sources = copy_of_sources(tmp_path / "sources")
    body = f'document: "{document}"\nclaims:\n' + textwrap.indent(textwrap.dedent(claims_yaml).strip("\n"), "  ")
    (sources.annotations / "999-extra.yaml").write_text(body + "\n", encoding="utf-8")
    return sources


def build_error(inputs: SourcesFolder) -> str:
    with pytest.raises(BuildError) as raised:
        assemble(inputs)
    return str(raised.value)


@pytest.mark.slow
def test_missing_quote_names_file_line_and_quote(tmp_path):
    inputs = inputs_with(
        tmp_path,
        """
        - id: bad
          quote: "Article V covers the moon"
          subject: Article V
          relation: coversDomain
          object: space
        """,
    )
    message = build_error(inputs)
    assert "999-extra.yaml:3: claim bad: quote not found in the text: 'Article V covers the moon'" in message
    assert "000_7c693a8f314b3bfa.txt" in message


@pytest.mark.slow
def test_quote_with_straight_instead_of_curly_quotes_gets_a_hint(tmp_path):
    inputs = inputs_with(
        tmp_path,
        """
        - id: bad
          quote: "Japan's role in tackling global issues"
          subject: Japan
          relation: partyTo
          object: U.S.–Japan Security Treaty
        """,
    )
    assert "ignored: copy them exactly from the text" in build_error(inputs)


@pytest.mark.slow
def test_ambiguous_quote_is_refused_unless_an_occurrence_is_chosen(tmp_path):
    claim = """
        - id: thrice
          quote: "Prime Minister Fumio Kishida"
          subject: U.S.–Japan Security Treaty
          relation: hasParty
          object: Japan
        """
    message = build_error(inputs_with(tmp_path / "a", claim, document="002"))
    assert "999-extra.yaml:3: claim thrice: quote is ambiguous, it occurs 3 times" in message
    assert "occurrence: N" in message
    result = assemble(inputs_with(tmp_path / "b", claim + "  occurrence: 3\n", document="002"))
    third = [c for c in result.claims if c.iri.value.endswith("002-thrice")][0]
    text = third.source.text
    assert third.evidence[0].start == text.rfind("Prime Minister Fumio Kishida")


@pytest.mark.slow
def test_unknown_entity_suggests_the_nearest_names(tmp_path):
    inputs = inputs_with(
        tmp_path,
        f"""
        - id: bad
          quote: "{GOOD_QUOTE}"
          subject: Article Five
          relation: coversDomain
          object: cyber
        """,
    )
    message = build_error(inputs)
    assert f"claim bad: unknown entity 'Article Five': add it to {inputs.entities}" in message
    assert "did you mean" in message


@pytest.mark.slow
def test_bad_date_is_refused_with_the_expression(tmp_path):
    inputs = inputs_with(
        tmp_path,
        f"""
        - id: bad
          quote: "{GOOD_QUOTE}"
          subject: Article V
          relation: coversDomain
          object: cyber
          qualifiers:
            startDate: sometime soonish
        """,
    )
    message = build_error(inputs)
    assert "999-extra.yaml:3: claim bad:" in message and "sometime soonish" in message


@pytest.mark.slow
def test_relative_date_without_anchor_is_refused(tmp_path):
    inputs = inputs_with(
        tmp_path,
        f"""
        - id: bad
          quote: "{GOOD_QUOTE}"
          subject: event/scc-2023-01
          relation: date
          object: two days later
        """,
    )
    assert "anchor" in build_error(inputs)


@pytest.mark.slow
def test_unknown_relation_and_qualifier_on_unqualified_relation(tmp_path):
    inputs = inputs_with(
        tmp_path,
        f"""
        - id: no-such-relation
          quote: "{GOOD_QUOTE}"
          subject: Article V
          relation: appliesTo
          object: cyber
        - id: no-qualifiers-here
          quote: "{GOOD_QUOTE}"
          subject: Article V
          relation: articleOf
          object: U.S.–Japan Security Treaty
          qualifiers:
            startDate: "2019"
        """,
    )
    message = build_error(inputs)
    assert "999-extra.yaml:3: claim no-such-relation: relation 'appliesTo' is not a property of the ontology" in message
    assert "999-extra.yaml:8: claim no-qualifiers-here: relation 'articleOf' takes no qualifiers" in message


@pytest.mark.slow
def test_malformed_yaml_names_file_and_line(tmp_path):
    sources = copy_of_sources(tmp_path / "sources")
    extra = sources.annotations / "999-extra.yaml"
    extra.write_text('document: "000"\nclaims:\n  - id: x\n    quote: "unclosed\n', "utf-8")
    message = build_error(sources)
    assert "999-extra.yaml:" in message and "not valid YAML" in message


@pytest.mark.slow
def test_all_errors_are_reported_in_one_run(tmp_path):
    inputs = inputs_with(
        tmp_path,
        """
        - id: one
          quote: "not in the text, first"
          subject: Article V
          relation: coversDomain
          object: space
        - id: two
          quote: "not in the text, second"
          subject: Article V
          relation: coversDomain
          object: space
        """,
    )
    message = build_error(inputs)
    assert message.startswith("build failed with 2 error(s)")
    assert "claim one" in message and "claim two" in message


@pytest.mark.slow
def test_failed_build_leaves_the_previous_graph_in_place(tmp_path):
    data_dir = tmp_path / "data"
    build(data_dir)
    before = current_store_path(data_dir)
    bad = inputs_with(
        tmp_path,
        """
        - id: bad
          quote: "no such sentence"
          subject: Article V
          relation: coversDomain
          object: space
        """,
    )
    with pytest.raises(BuildError):
        build(data_dir, bad)
    assert current_store_path(data_dir) == before
    store = Store.read_only(str(before))
    assert store.query("ASK { ?c a <https://w3id.org/alliance-kg/ontology#DomainCoverage> }")
