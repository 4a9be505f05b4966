"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/visits-in-news.txt): visits as
news reports tell them — by a House Speaker (an office reports name by title), "a visit to the Pentagon" — and a
visit told only as the setting of the event a "where" clause tells of, which is no visit of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "visits-in-news.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-visits") / "sources")


def visits_of(run, person: str) -> set[str]:
    return {
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant" and c.object == person and run.analysis.entities[c.subject].type == "Visit"
    }


def visit_to(run, person: str, place: str) -> str:
    """The one visit of `person` whose place is `place`."""
    (visit,) = {v for v in visits_of(run, person) if place in {p for p, _ in about(run, v, "place")}}
    return visit


def test_a_house_speaker_arriving_from_elsewhere_visits_where_she_arrives(run):
    # "U.S. House Speaker Nora Testpelo arrived in Tokyo on Thursday from Seoul, where she had met lawmakers": the
    # title makes her a person holding the office; the "where" clause is of Seoul, not of the visit
    assert ("speaker-of-the-us-house-of-representatives", "asserted") in {
        (c.object, c.modality)
        for c in run.analysis.claims
        if c.subject == "nora-testpelo" and c.relation == "holdsOffice"
    }
    (visit,) = visits_of(run, "nora-testpelo")
    assert about(run, visit, "place") == {("tokyo", "asserted")}
    assert about(run, visit, "date") == set()  # Thursday is the arrival's day; the visit runs over days (round 13)


def test_a_visit_to_the_pentagon_but_not_one_told_as_the_setting_of_a_signing(run):
    visit = visit_to(run, "joe-biden", "pentagon")  # "during a visit to the Pentagon last month"
    assert about(run, visit, "place") == {("pentagon", "asserted")}
    assert about(run, visit, "date") == {("last month", "asserted")}
    # "Testkono visited the Pentagon on Tuesday, where he and … Austin signed …": the signing's setting, no visit
    assert visits_of(run, "taro-testkono") == set()
    at_the_pentagon = {
        c.subject
        for c in run.analysis.claims
        if c.relation == "place" and c.object == "pentagon" and run.analysis.entities[c.subject].type == "Visit"
    }
    assert at_the_pentagon == {visit}


def test_a_visit_in_a_clause_of_its_own_keeps_its_own_modality_and_day(run):
    # "… agreed to start negotiations on a new pact when Testkato visited Manila in November": the visit happened
    visit = visit_to(run, "ken-testkato", "manila")
    assert about(run, visit, "participant") == {("ken-testkato", "asserted")}
    assert about(run, visit, "place") == {("manila", "asserted")}
    assert about(run, visit, "date") == {("November (past)", "asserted")}


def test_then_visiting_a_state_is_the_next_leg_and_the_state_is_where_he_goes(run):
    # "Blinken and Austin will travel to Japan next week. Austin will then visit India": two visits; India is a place
    visits = visits_of(run, "lloyd-austin")
    assert len(visits) == 2
    (india,) = [v for v in visits if ("india", "planned") in about(run, v, "place")]
    assert about(run, india, "participant") == {("lloyd-austin", "planned")}


def test_a_visit_to_what_lies_at_a_place_is_a_visit_there_not_to_the_state_of_its_adjective(run):
    # "… scheduled to visit the Japanese destroyer Testmaru at Yokosuka": at Yokosuka (a new place), not in Japan
    visit = visit_to(run, "ken-testkato", "yokosuka")
    assert about(run, visit, "participant") == {("ken-testkato", "planned"), ("joe-biden", "planned")}
    assert about(run, visit, "place") == {("yokosuka", "planned")}
    assert run.analysis.entities["yokosuka"].type == "Place"
