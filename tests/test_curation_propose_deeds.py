"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/deeds-crowds-flights.txt): deeds
of record (round 13, deeds.py). A named actor's dated past-tense deed ("The Diet early Saturday enacted …", "In
September, the U.S. State Department approved …") is an event of its own with the actor as participant, its date,
and its place; a body of a state the registry lacks is proposed as new; the same actor's deed told again on the same
day is one event; a deed denied, one in a relative clause about its object, or one without a date is no event."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "deeds-crowds-flights.txt", tmp_path_factory.mktemp("deeds13") / "sources")


def deed(run, words: str) -> str:
    (found,) = {e for e in events_in(run, words) if run.analysis.entities[e].rule == "deed"}
    return found


def test_a_body_of_a_state_enacting_on_a_day_is_an_event_with_the_body_as_participant(run):
    enactment = deed(run, "The Diet early Saturday enacted")
    assert run.analysis.entities[enactment].type == "Event"
    ((body, modality),) = about(run, enactment, "participant")
    assert (run.analysis.entities[body].type, run.analysis.entities[body].label, modality) == (
        "Organisation",
        "Diet of Japan",  # lexicon.yaml's state_bodies: the Diet is Japan's
        "asserted",
    )
    assert about(run, enactment, "date") == {("Saturday (past)", "asserted")}


def test_the_same_deed_told_again_on_the_same_day_is_one_event(run):
    approval = deed(run, "The Cabinet on Tuesday approved")
    ((cabinet, _),) = about(run, approval, "participant")
    by_the_cabinet = {
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant" and c.object == cabinet and run.analysis.entities[c.subject].rule == "deed"
    }
    assert by_the_cabinet == {approval}  # "The Cabinet adopted the revision at … on Tuesday evening": the same
    assert about(run, approval, "date") == {("Tuesday (past)", "asserted")}


def test_a_date_leading_the_clause_dates_the_deed_and_the_owner_word_names_the_body(run):
    approval = deed(run, "the U.S. State Department approved")
    ((body, _),) = about(run, approval, "participant")
    assert run.analysis.entities[body].label == "U.S. State Department"
    assert {d for d, _ in about(run, approval, "date")} == {"September (past)"}


def test_a_state_launching_in_a_place_on_a_day(run):
    launch = deed(run, "Japan launched a maritime security initiative")
    assert about(run, launch, "participant") == {("japan", "asserted")}
    assert about(run, launch, "place") == {("tokyo", "asserted")}
    assert about(run, launch, "date") == {("Monday (past)", "asserted")}


@pytest.mark.parametrize(
    "words",
    [
        "guidelines that the Cabinet approved on Oct. 2",  # the object's relative clause: what the sentence tells of
        "Japan had not approved the sale",  # denied
        "The U.S. Army deployed a missile system",  # no date: a state of affairs as often as a deed
        "North Korea launched two ballistic missiles",  # a missile launch is the launch cue's, not a deed
        "A report by the U.S. State Department on Monday declared",  # a name after "by" is no subject
    ],
)
def test_no_deed_where_the_words_do_not_tell_one_done(run, words):
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    assert [
        c for c in run.analysis.claims if c.rule.startswith("deed") and run.analysis.sentence_index(c.start) == index
    ] == []


def event_of(run, family: str, words: str) -> str:
    """The one event a rule family proposes in the sentence holding `words`."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    (found,) = {
        c.subject
        for c in run.analysis.claims
        if c.rule.startswith(family) and run.analysis.sentence_index(c.start) == index
    }
    return found


def crowd(run, words: str) -> str:
    return event_of(run, "crowd", words)


def test_a_protest_told_by_its_crowd_over_two_days_is_one_event_dated_by_their_span(run):
    protest = crowd(run, "Thousands of people protested")
    assert run.analysis.entities[protest].type == "Event"
    assert about(run, protest, "figure") == {("Thousands of people", "asserted")}
    assert about(run, protest, "date") == {("2028-10-10/2028-10-11", "asserted")}
    assert about(run, protest, "participant") == set()


def test_a_rally_told_by_the_crowd_it_drew_has_its_date_and_town(run):
    rally = crowd(run, "a rally against the plan in Testport")
    assert about(run, rally, "figure") == {("50,000 people", "asserted")}
    assert {d for d, _ in about(run, rally, "date")} == {"Sept. 9"}
    ((town, _),) = about(run, rally, "place")
    assert run.analysis.entities[town].label == "Testport"


@pytest.mark.parametrize("words", ["if thousands of people gathered", "If the Diet approved the bill"])
def test_a_crowd_or_a_deed_on_a_condition_is_no_event(run, words):
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    assert [
        c
        for c in run.analysis.claims
        if c.rule.startswith(("crowd", "deed")) and run.analysis.sentence_index(c.start) == index
    ] == []


def flight(run, words: str) -> str:
    return event_of(run, "flight", words)


def test_a_dated_flight_of_counted_aircraft_goes_to_the_first_place_it_names(run):
    ospreys = flight(run, "Six MV-22B Ospreys flew")
    assert about(run, ospreys, "figure") == {("Six MV-22B Ospreys", "asserted")}
    assert about(run, ospreys, "date") == {("Thursday (past)", "asserted")}
    # "from … Iwakuni to … Futenma on Okinawa": where they went is Futenma; Iwakuni is what the flight concerns
    assert about(run, ospreys, "place") == {("marine-corps-air-station-futenma", "asserted")}
    assert {o for o, _ in about(run, ospreys, "concerns")} == {"mv-22-osprey", "marine-corps-air-station-iwakuni"}


def test_the_service_named_with_the_aircraft_takes_part_in_the_flight(run):
    fighters = flight(run, "Two U.S. Marine Corps F-35B fighters landed")
    assert about(run, fighters, "participant") == {("us-marine-corps", "asserted")}
    assert about(run, fighters, "place") == {("marine-corps-air-station-iwakuni", "asserted")}


@pytest.mark.parametrize("words", ["Two MV-22B Ospreys landed at", "If two F-35B fighters landed"])
def test_no_flight_undated_or_on_a_condition(run, words):
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    assert [
        c for c in run.analysis.claims if c.rule.startswith("flight") and run.analysis.sentence_index(c.start) == index
    ] == []


def test_a_ceremony_the_visitor_attends_the_next_day_is_part_of_their_visit(run):
    (visit,) = events_in(run, "Sam Testford arrived in Tokyo on Saturday")
    ceremony = next(e for e in events_in(run, "Testford attended a memorial ceremony") if e != visit)
    assert about(run, ceremony, "subEventOf") == {(visit, "asserted")}


def test_a_speech_given_is_no_part_of_a_visit_to_come(run):
    (speech,) = events_in(run, "Testoka gave a policy speech in Osaka")
    assert about(run, speech, "subEventOf") == set()
