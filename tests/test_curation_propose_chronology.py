"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/chronology-and-comparison.txt):
a chronology's list items that open with their own date ("- March 13, 2026: Testkato meets Testtrump …") are each
their own context — their events dated by the item's date, in the historical present as acts, nothing carried from
one item to the next; and an older meeting named only in a comparison ("the first time … since 1997, when Prime
Minister Testhara met President Testclin") keeps its own claims but is not the meeting a joint statement was issued
at, nor the one the report goes on to tell of."""

from __future__ import annotations

from pathlib import Path

import pytest
from alliance_kg.curation.propose.documents import last_meeting
from proposal_fixtures import about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "chronology-and-comparison.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-chronology") / "sources")


def events_in(run, sentence: int) -> set[str]:
    return {
        c.subject
        for c in run.analysis.claims
        if c.relation in ("participant", "place", "date", "meetingOf")
        and run.analysis.sentence_index(c.start) == sentence
    }


def sentence_of(run, words: str) -> int:
    return run.analysis.sentence_index(run.analysis.text.index(words))


def test_a_dated_item_dates_its_own_event_and_nothing_carries_to_the_next_item(run):
    two_plus_two = events_in(run, sentence_of(run, 'At a "2+2" meeting in Tokyo'))
    summit = events_in(run, sentence_of(run, "Testkato meets Testtrump at the White House"))
    assert len(two_plus_two) == 1 and len(summit) == 1 and two_plus_two != summit
    (meeting,), (leaders,) = two_plus_two, summit
    assert about(run, meeting, "date") == {("Feb. 10, 2025", "asserted")}
    assert about(run, meeting, "place") == {("tokyo", "asserted")}
    assert about(run, meeting, "participant") == set()  # the next item's leaders are not the ministers' meeting's
    # the historical present of a chronology tells an act, on the item's day
    assert about(run, leaders, "date") == {("March 13, 2026", "asserted")}
    assert about(run, leaders, "participant") == {("ken-testkato", "asserted"), ("donald-testtrump", "asserted")}
    assert about(run, leaders, "place") == {("white-house", "asserted")}


def test_a_meeting_named_in_a_comparison_is_not_where_the_joint_statement_was_issued(run):
    older = events_in(run, sentence_of(run, "since 1997, when"))
    thursday = events_in(run, sentence_of(run, "met again on Thursday"))
    assert len(older) == 1 and len(thursday) == 1
    (older_meeting,), (meeting,) = older, thursday
    # its own claims stand
    assert about(run, older_meeting, "participant") == {("ryu-testhara", "asserted"), ("bill-testclin", "asserted")}
    issued_at = {(c.subject, c.object) for c in run.analysis.claims if c.relation == "issuedAt"}
    assert {event for _, event in issued_at} == {meeting}
    statements_in_comparison = {
        c.subject
        for c in run.analysis.claims
        if c.relation in ("issuedAt", "hasParty", "issuedBy")
        and run.analysis.sentence_index(c.start) == sentence_of(run, "since 1997, when")
    }
    assert statements_in_comparison == set()  # "in a joint statement since 1997": a comparison, no statement issued


def test_the_report_goes_on_about_the_meeting_it_tells_of_not_the_one_compared_with(run):
    after = sentence_of(run, "The two leaders also agreed")
    thursday = events_in(run, sentence_of(run, "met again on Thursday"))
    assert {last_meeting(run.analysis, after)} == thursday
