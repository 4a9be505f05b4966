"""`alliance-kg propose` on two texts written for these tests in the manner of news reports
(tests/fixtures/curation/carrier-visit-trials.txt, minister-after-the-meeting.txt), round 14's `concerns`: what an
event other than a meeting concerns, read from its own clause (event_topics.py: the capability named after its cue,
not one a second event of the clause is about), and the meeting a commitment told "after the meeting" is of."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, claim, concerns_of, labelled, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the texts with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def carrier(tmp_path_factory):
    return proposed_on(FIXTURES / "carrier-visit-trials.txt", tmp_path_factory.mktemp("t14-ev") / "sources")


def test_a_visit_concerns_the_ship_its_clause_names_after_the_cue(carrier):
    visit = labelled(carrier, "Dana Example's visit to Yokosuka (May 2031)")
    kaga = labelled(carrier, "Kaga (helicopter carrier)")
    assert concerns_of(carrier, visit) == {kaga}
    proposal = claim(carrier, visit, "concerns", kaga)
    assert proposal.rule == "capability-an-event-names"
    # "are scheduled to visit …": the visit is to come; the build holds `concerns` as fact, the note says so
    assert proposal.modality == "asserted"
    assert proposal.note == "what the event to come is to concern"


def test_the_visit_of_the_sentence_before_does_not_take_the_ship(carrier):
    tokyo = labelled(carrier, "Dana Example's visit to Tokyo (May 2031)")
    assert concerns_of(carrier, tokyo) == set()


def test_a_capability_after_a_second_events_cue_is_that_events(carrier):
    # "an MV-22 went down in Morocco …, and an Air Force CV-22 crashed in Florida": the CV-22 is the second crash's
    first = labelled(carrier, "Crash of an MV-22 Osprey off Morocco (April 2031)")
    second = labelled(carrier, "Crash of an CV-22 off Florida (June 2030)")
    cv22 = labelled(carrier, "CV-22")
    assert concerns_of(carrier, first) == {"mv-22-osprey"}
    assert concerns_of(carrier, second) == {cv22}


@pytest.fixture(scope="module")
def ministers(tmp_path_factory):
    return proposed_on(FIXTURES / "minister-after-the-meeting.txt", tmp_path_factory.mktemp("t14-mt") / "sources")


def test_the_two_agreed_after_words_told_after_the_meeting_is_of_that_meeting(ministers):
    meeting = labelled(ministers, "Meeting of Dana Example and Kenji Testmura (September 2031)")
    alliance = labelled(ministers, "Strengthen the Japan-U.S. alliance")
    # "… met … on Thursday. Testmura told reporters after the meeting that …" then "Testmura said the two also
    # agreed to strengthen …": two sentences on, what the two did at the meeting
    assert concerns_of(ministers, meeting) == {alliance}
    assert claim(ministers, meeting, "concerns", alliance).rule == "commitment-of-statement-or-meeting"


def test_after_the_talks_far_from_the_meeting_names_no_meeting(ministers):
    # "Testmura told reporters after the talks …" three sentences after the meeting was told, a talk with other
    # ministers between: "The two ministers also agreed to deepen cooperation in space" is of no meeting the rules know
    space = labelled(ministers, "Deepen cooperation in space")
    assert {c.subject for c in ministers.analysis.claims if c.relation == "concerns" and c.object == space} == set()
