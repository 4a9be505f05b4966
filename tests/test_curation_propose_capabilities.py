"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/capabilities-in-news.txt): who
develops a capability, told in the passive ("The Block IIB is being developed by Testheon and Kitahama Heavy
Industries"), with the capabilities and developers the registry lacks proposed new — and the forms that say no
capability (guidelines, a radar developed by no named developer, a quotation)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, in_sentence, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return proposed_on(FIXTURES / "capabilities-in-news.txt", tmp_path_factory.mktemp("caps14") / "sources")


def developed(run, words: str) -> set[tuple[str, str, str]]:
    """(developer's label, capability's label, modality) of each `develops` claim in the sentence holding `words`."""
    return {
        (run.analysis.label(c.subject), run.analysis.label(c.object), c.modality)
        for c in in_sentence(run, words, "develops")
    }


def test_companies_the_registry_lacks_develop_the_capability_named_in_full_before(news):
    assert developed(news, "The Block IIB is being developed") == {
        ("Testheon", "Testmissile-7 Block IIB", "asserted"),
        ("Kitahama Heavy Industries", "Testmissile-7 Block IIB", "asserted"),
    }
    (capability,) = [e for e in news.analysis.entities.values() if e.label == "Testmissile-7 Block IIB"]
    assert capability.type == "Capability"
    assert capability.aliases == ["Block IIB"]  # the short form the sentence uses
    companies = {e.label for e in news.analysis.entities.values() if e.type == "Organisation"}
    assert {"Testheon", "Kitahama Heavy Industries"} <= companies


def test_states_of_the_registry_develop_a_capability_jointly(news):
    assert developed(news, "The TX-9 glide vehicle was developed jointly") == {
        ("Japan", "TX-9 glide vehicle", "asserted"),
        ("United States", "TX-9 glide vehicle", "asserted"),
    }


def test_no_capability_where_the_form_says_none_and_none_in_a_quotation(news):
    assert in_sentence(news, "The guidelines were developed", "develops") == []
    assert in_sentence(news, "was developed by a team of university researchers", "develops") == []
    assert in_sentence(news, "The TX-9 was developed by Testheon", "develops") == []


def test_a_states_domestically_produced_capability_is_one_it_develops(news):
    assert developed(news, "its domestically produced Type-30") == {
        ("Japan", "Type-30 land-attack missiles", "asserted")
    }
    (missiles,) = [e for e in news.analysis.entities.values() if e.label == "Type-30 land-attack missiles"]
    assert missiles.aliases == ["Type-30 land-attack missile"]  # the singular, as the registry's entries list both


def test_a_self_defense_forces_domestically_built_ships_are_japans(news):
    assert developed(news, "domestically built Type-40 frigates") == {("Japan", "Type-40 frigates", "asserted")}


def test_a_domestically_produced_thing_that_is_no_capability_is_developed_by_no_one(news):
    assert in_sentence(news, "their domestically produced rice", "develops") == []
