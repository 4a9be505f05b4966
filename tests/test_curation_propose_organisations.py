"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/organisations-in-news.txt):
organisations the text introduces — an agency, a cabinet, a state's ministry as the subjects of dated acts of record,
a city's government behind its mayor, a party named as another's coalition partner — and the forms that introduce
none (an act without a day, a plan, a person's panel, a deputy mayor)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, events_in, in_sentence, proposed_on, triples

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return proposed_on(FIXTURES / "organisations-in-news.txt", tmp_path_factory.mktemp("orgs13") / "sources")


def organisation(run, label: str):
    """The proposed new organisation of this label; the test fails, naming it, when there is none."""
    found = [e for e in run.analysis.entities.values() if e.label == label and e.type == "Organisation"]
    assert found, f"no proposed organisation labelled {label!r}"
    return found[0]


def test_an_agencys_dated_launch_is_an_event_the_agency_takes_part_in(news):
    agency = organisation(news, "Coastal Surveillance Agency")
    assert agency.aliases == ["CSA"]  # the acronym the text gives in parentheses
    (event,) = events_in(news, "launched a radar network")
    assert about(news, event, "participant") == {(agency.id, "asserted")}
    assert about(news, event, "date") == {("Monday (past)", "asserted")}
    assert news.analysis.entities[event].label == "Launch by Coastal Surveillance Agency (June 2026)"


def test_a_cabinet_is_its_states_and_one_act_told_twice_is_one_event(news):
    cabinet = organisation(news, "Cabinet of Japan")  # lexicon.yaml's state_bodies: "the Cabinet" is Japan's
    assert cabinet.aliases == ["Cabinet"]
    (approved,) = events_in(news, "approved a plan to station")
    assert about(news, approved, "participant") == {(cabinet.id, "asserted")}  # the text names no state with it
    # "The Cabinet adopted the plan at an extraordinary meeting on Tuesday evening": the same act, no second event
    assert [event for event, party in triples(news, "participant") if party == cabinet.id] == [approved]


def test_a_states_ministry_acts_with_its_state(news):
    ministry = organisation(news, "Defense Ministry of South Korea")
    assert ministry.aliases == ["Defense Ministry"]
    (event,) = events_in(news, "approved the purchase of two radar stations")
    assert about(news, event, "participant") == {(ministry.id, "asserted"), ("south-korea", "asserted")}
    assert about(news, event, "date") == {("May (past)", "asserted")}


def test_a_ministry_of_something_is_named_whole(news):
    ministry = organisation(news, "Ministry of Coastal Testing")  # not a "Ministry" followed by "of Coastal Testing"
    (event,) = events_in(news, "adopted new rules for the radar sites")
    assert about(news, event, "participant") == {(ministry.id, "asserted")}
    assert about(news, event, "date") == {("Wednesday (past)", "asserted")}


def test_no_event_without_a_day_for_a_plan_or_for_a_persons_panel(news):
    assert in_sentence(news, "approved the construction plan", "participant") == []
    assert in_sentence(news, "plans to launch a reconnaissance satellite", "participant") == []
    assert in_sentence(news, "private advisory panel approved on Friday", "participant") == []
    labels = {e.label for e in news.analysis.entities.values() if e.type == "Organisation"}
    assert "Testu Defense Bureau" not in labels  # an organisation with no claim is not proposed


def test_a_mayor_holds_the_office_of_the_city_government(news):
    government = organisation(news, "Kitahama city government")
    (held,) = in_sentence(news, "Kitahama Mayor Taro Testyama", "holdsOffice")
    assert news.analysis.label(held.subject) == "Taro Testyama"
    assert news.analysis.label(held.object) == "Mayor of Kitahama"
    assert held.qualifiers == {"asOf": "2026-06-08"}
    (office_of,) = in_sentence(news, "Kitahama Mayor Taro Testyama", "officeOf")
    assert (office_of.subject, office_of.object) == (held.object, government.id)
    # a deputy mayor holds no mayor's office; a former mayor holds none now
    assert in_sentence(news, "Deputy Mayor Hanako Testa", "holdsOffice") == []


def test_a_coalition_partner_is_an_organisation_characterised_by_its_role(news):
    partner = organisation(news, "Testoito")
    assert (
        partner.definition == "Testoito, the junior coalition partner of the Liberal Democratic Party (document 005)."
    )
    (said,) = [
        c for c in in_sentence(news, "its junior coalition partner", "characterisation") if c.subject == partner.id
    ]
    assert said.object == "junior coalition partner"
    assert said.rule == "coalition-partner"
