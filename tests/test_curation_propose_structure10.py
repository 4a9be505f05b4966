"""`alliance-kg propose` on texts written for these tests (tests/fixtures/curation/news-parts10.txt): events within
events as news tells them side by side (round 10, curation/propose/parts.py) — a visit and the traveller's meeting
in one sentence, a trip and the next sentence's meeting "In Tokyo, …", a meeting the next sentence calls a visit, a
welcome ceremony after the arrival it welcomes; and what is not part of a visit (a meeting "where he had met" on
the way, a meeting in another place than the trip's)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "news-parts10.txt", tmp_path_factory.mktemp("propose-parts10") / "sources")


def events_in(run, words: str, kind: str) -> set[str]:
    """The proposed events of type `kind` whose participant, place or date claims rest on the sentence of `words`."""
    analysis = run.analysis
    index = analysis.sentence_index(analysis.text.index(words))
    return {
        c.subject
        for c in analysis.claims
        if c.relation in ("participant", "place", "date")
        and analysis.sentence_index(c.start) == index
        and analysis.type_of(c.subject) == kind
    }


def rule_of(run, subject: str) -> str:
    (claim,) = [c for c in run.analysis.claims if c.subject == subject and c.relation == "subEventOf"]
    return claim.rule


def test_a_meeting_told_with_the_travellers_arrival_is_part_of_the_visit_with_its_own_modality(run):
    (visit,) = events_in(run, "Blinken arrived in Tokyo", "Visit")
    (meeting,) = events_in(run, "Blinken arrived in Tokyo", "Meeting")
    assert about(run, meeting, "subEventOf") == {(visit, "planned")}  # "is scheduled to meet"
    assert rule_of(run, meeting) == "part-visit-meeting"
    assert about(run, visit, "subEventOf") == set()


def test_a_meeting_in_the_next_sentence_opening_with_the_capital_visited_is_part_of_the_trip(run):
    (trip,) = events_in(run, "Austin will travel to Japan", "Visit")
    (talks,) = events_in(run, "In Tokyo, Austin will hold talks", "Meeting")
    assert about(run, talks, "subEventOf") == {(trip, "planned")}
    assert rule_of(run, talks) == "part-next-at-place"


def test_a_meeting_the_next_sentence_calls_a_first_visit_is_part_of_that_visit(run):
    (visit,) = events_in(run, "It was Hamada's first visit", "Visit")
    (meeting,) = events_in(run, "Hamada met Austin at the Pentagon", "Meeting")
    assert about(run, meeting, "subEventOf") == {(visit, "asserted")}
    assert rule_of(run, meeting) == "part-called-a-visit"


def test_a_welcome_ceremony_is_part_of_the_arrival_the_report_opens_with(run):
    (ceremony,) = events_in(run, "attended a welcome ceremony", "Event")
    # the ceremony's date rests on the arrival's sentence too ("on Friday")
    (arrival,) = events_in(run, "USS George Washington arrived at Yokosuka", "Event") - {ceremony}
    assert about(run, ceremony, "subEventOf") == {(arrival, "asserted")}
    assert rule_of(run, ceremony) == "part-welcome-ceremony"


def test_a_meeting_where_the_traveller_had_been_before_is_not_part_of_the_visit(run):
    (meeting,) = events_in(run, "where he had met Blinken", "Meeting")
    assert events_in(run, "where he had met Blinken", "Visit")  # the visit to Manila is proposed
    assert about(run, meeting, "subEventOf") == set()


def test_a_meeting_in_another_place_than_the_trip_is_not_part_of_it(run):
    (meeting,) = events_in(run, "In Washington, Kishida met", "Meeting")
    assert events_in(run, "Kishida will visit Australia", "Visit")
    assert about(run, meeting, "subEventOf") == set()
