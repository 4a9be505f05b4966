"""`alliance-kg propose` on a text written for these tests in the manner of a wire report
(tests/fixtures/curation/over-firing-in-news.txt): forms on which the rules over-fired on fresh news — an office whose
state only the title's default gives, those who ask for a meeting of a body (or at whose request it meets) taken for
its participants, a person or state named in what was said at a news conference or ceremony, whom a visitor meets
taken for a visitor, a state a system is deployed outside of, and runs of missile launches taken for one launch."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, claims_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "over-firing-in-news.txt", tmp_path_factory.mktemp("precision9") / "sources")


def events_in(run, words: str) -> set[str]:
    """The events any claim of the sentence holding `words` is about."""
    index = run.analysis.text.index(words)
    sentence = run.analysis.sentence_index(index)
    return {
        c.subject
        for c in run.analysis.claims
        if c.subject.startswith("event/") and run.analysis.sentence_index(c.start) == sentence
    }


def participants(run, event: str) -> set[str]:
    return {o for o, _ in about(run, event, "participant")}


def test_an_office_whose_state_only_the_titles_default_gives_gets_no_office_of(run):
    # "Chief Cabinet Secretary Kenji Testmura": the holder, but the text does not tie the office to a state
    assert claims_in(run, "Chief Cabinet Secretary Kenji", "holdsOffice") == {
        ("kenji-testmura", "chief-cabinet-secretary-of-japan")
    }
    assert claims_in(run, "Chief Cabinet Secretary Kenji", "officeOf") == set()
    # "Japanese Prime Minister Shigeru Ishiba", "U.S. President Donald Trump": the text says whose
    assert claims_in(run, "early on Tuesday", "officeOf") == {
        ("prime-minister-of-japan", "japan"),
        ("president-of-the-united-states", "united-states"),
    }


def test_those_who_ask_for_a_meeting_of_a_body_do_not_take_part_in_it(run):
    # "The two leaders also agreed to request an emergency meeting of the United Nations Security Council"
    # (the telephone talks are in the sentence too: they concern the commitment to request the meeting)
    (meeting,) = {e for e in events_in(run, "agreed to request an emergency meeting") if e.startswith("event/unsc")}
    assert about(run, meeting, "meetingOf") == {("un-security-council", "planned")}
    assert participants(run, meeting) == set()
    assert about(run, meeting, "level") == set()
    # the two leaders are those of the telephone talks
    (call,) = {e for e in events_in(run, "spoke with U.S. President") if about(run, e, "level")}
    assert participants(run, call) == {"shigeru-ishiba", "donald-trump"}
    assert about(run, call, "level") == {("leaders", "asserted")}


def test_the_states_at_whose_request_a_body_meets_do_not_take_part(run):
    # "The United Nations Security Council met in New York on Wednesday at the request of Japan and the United States."
    (meeting,) = events_in(run, "at the request of Japan")
    assert about(run, meeting, "meetingOf") == {("un-security-council", "asserted")}
    assert about(run, meeting, "place") == {("new-york", "asserted")}
    assert participants(run, meeting) == set()


def test_a_person_or_state_in_what_was_said_at_an_event_is_no_participant(run):
    # "Nakatani told a news conference on Wednesday that he hoped to confirm the plan with Hegseth."
    (conference,) = events_in(run, "confirm the plan with Hegseth")
    assert participants(run, conference) == {"gen-nakatani"}
    # "At a ceremony …, Nakatani said the command would strengthen coordination with the U.S. military."
    (ceremony,) = events_in(run, "At a ceremony marking")
    assert participants(run, ceremony) == {"gen-nakatani"}


def test_whom_a_visitor_meets_is_not_a_visitor(run):
    # "Defense Secretary Pete Hegseth visited Tokyo in February and agreed with Nakatani to speed up …"
    (visit,) = events_in(run, "visited Tokyo in February")
    assert participants(run, visit) == {"pete-hegseth"}
    assert about(run, visit, "place") == {("tokyo", "asserted")}
    # "Blinken visited Seoul in January with Defense Secretary Lloyd Austin": a fellow traveller is a visitor
    (other,) = events_in(run, "visited Seoul in January")
    assert participants(run, other) == {"antony-blinken", "lloyd-austin"}


def test_a_state_a_system_is_deployed_outside_of_takes_no_part(run):
    # "The U.S. Army first deployed the system outside the United States in April last year, … for joint exercises."
    # (round 13: the Army's deployment is a deed of its own, deeds.py; the United States takes no part in it)
    events = events_in(run, "outside the United States")
    assert {run.analysis.entities[e].rule for e in events} == {"deed"}
    assert [e for e in events if ("united-states", "asserted") in about(run, e, "participant")] == []
    assert not [e for e in run.analysis.entities.values() if e.type == "Exercise"]


def test_runs_of_launches_are_no_launch(run):
    # "North Korea has launched more than a dozen missiles this year." / "… cited North Korea's missile launches …"
    assert events_in(run, "more than a dozen missiles") == set()
    assert events_in(run, "cited North Korea's missile launches") == set()
    # "North Korea fired two ballistic missiles … early on Tuesday": one launch the text reports
    launches = {c.subject for c in run.analysis.claims if c.relation == "participant" and c.object == "north-korea"}
    assert len(launches) == 1


def test_a_state_an_attack_is_on_takes_no_part(run):
    # "… the Security Consultative Committee met in Washington and reviewed how the allies would respond to an armed
    # attack on South Korea.": South Korea is what they talked of (before, a participant, so no meeting of the
    # U.S.-Japan series at all)
    (meeting,) = events_in(run, "armed attack on South Korea")
    assert about(run, meeting, "meetingOf") == {("security-consultative-committee", "asserted")}
    assert about(run, meeting, "place") == {("washington-dc", "asserted")}
    assert "south-korea" not in participants(run, meeting)
