"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/remarks-and-launches.txt):
events that news reports tell in passing — remarks to reporters at a place of their own, a state's missile launches
(the launching state and the launches' own day), a protest one government lodges with another, "agreed at talks" —
and what is none: "X told reporters (on Wednesday) that …", how a report attributes a quote; launches as a kind
("data on North Korean missile launches"); the people of a clause that names launches without launching anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import about, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "remarks-and-launches.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-remarks") / "sources")


def kind_of(run, event: str) -> str:
    return run.analysis.entities[event].label.split(" of ")[0]


def test_remarks_to_reporters_with_a_day_and_place_are_an_event(run):
    (remarks,) = events_in(run, "told reporters in Osaka on Monday")
    assert kind_of(run, remarks) == "Remarks"
    assert about(run, remarks, "participant") == {("taro-testkono", "asserted")}  # not Japan: what was said
    assert about(run, remarks, "date") == {("Monday (past)", "asserted")}
    assert about(run, remarks, "place") == {("osaka", "asserted")}
    # without a place, "told reporters (on Wednesday) that …" is how the report attributes what it quotes
    assert events_in(run, "told reporters that the costs") == set()
    assert events_in(run, "told reporters on Wednesday") == set()


def test_a_state_that_launched_missiles_on_a_day_is_an_event(run):
    (launch,) = events_in(run, "North Korea launched a new")
    assert kind_of(run, launch) == "Missile launch"
    assert about(run, launch, "participant") == {("north-korea", "asserted")}
    assert about(run, launch, "date") == {("Sunday (past)", "asserted")}
    # "share real-time data on North Korean missile launches": launches as a kind, no event
    assert events_in(run, "North Korean missile launches") == set()


def test_launches_named_in_a_clause_about_others_have_only_the_launcher_and_their_own_date(run):
    # "Testkato pledged on Tuesday to …, but he differed with Biden over North Korea's recent missile launches": the
    # launches are North Korea's, asserted, and not of Tuesday; Testkato and Biden launched nothing. "… not bothered
    # by North Korea's launches of short-range missiles this month": asserted (not negated), of this month.
    launches = {e for e in run.analysis.entities if e.startswith("event/") and kind_of(run, e) == "Missile launch"}
    assert len(launches) == 2
    assert {p for e in launches for p in about(run, e, "participant")} == {("north-korea", "asserted")}
    dates = {d for e in launches for d in about(run, e, "date")}
    assert dates == {("Sunday (past)", "asserted"), ("this month", "asserted")}


def test_a_protest_lodged_with_another_government_is_an_event_of_both(run):
    (protest,) = events_in(run, "lodged a protest with China")
    assert kind_of(run, protest) == "Protest"
    assert about(run, protest, "participant") == {("japan", "asserted"), ("china", "asserted")}


def test_agreeing_at_talks_tells_of_a_meeting_that_happened(run):
    # "Testkono and … Austin agreed at talks in Washington in October to …": the talks are a meeting, not planned
    (talks,) = events_in(run, "agreed at talks")
    assert run.analysis.entities[talks].type == "Meeting"
    assert about(run, talks, "participant") == {("taro-testkono", "asserted"), ("lloyd-austin", "asserted")}
    assert about(run, talks, "date") == {("October (past)", "asserted")}
