"""`alliance-kg propose` on news reports written for these tests (tests/fixtures/curation/background-meetings.txt, when-he-hosted.txt): which event
a sentence tells of (round 12). A meeting told as background ("arrived from Seoul, where he had met …") is an event of
its own, but the definite references after it ("after the talks", "after the meeting", "the two leaders") are to the
lede's meeting; a joint news conference of a two-person meeting is both people's; "he" after a sentence's opening
time is the previous sentence's subject; one who "met relatives of …" holds a meeting of their own; and a meeting in a
temporal clause with a pronoun subject ("when he hosted …", "as they met") is not governed by the main clause's "plans
to" or "pledged"."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, claims_in, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def background(tmp_path_factory):
    return proposed_on(FIXTURES / "background-meetings.txt", tmp_path_factory.mktemp("events12a") / "sources")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    return proposed_on(FIXTURES / "when-he-hosted.txt", tmp_path_factory.mktemp("events12b") / "sources")


def summit(run, words: str) -> str:
    (found,) = events_in(run, words)
    return found


def seoul_meeting(run) -> str:
    """The meeting "where he had met" the South Korean president: the one in Seoul."""
    (found,) = {
        c.subject
        for c in run.analysis.claims
        if c.relation == "place" and c.object == "seoul" and run.analysis.entities[c.subject].type == "Meeting"
    }
    return found


def test_a_meeting_told_as_background_keeps_what_its_own_sentence_says(background):
    # "Testford arrived in Osaka on Sunday from Seoul, where he had met South Korean President Jae Testkim."
    seoul = seoul_meeting(background)
    assert about(background, seoul, "participant") == {("sam-testford", "asserted"), ("jae-testkim", "asserted")}
    assert about(background, seoul, "place") == {("seoul", "asserted")}
    assert seoul in background.analysis.background


def test_the_statement_after_the_meeting_is_the_ledes_not_the_background_meetings(background):
    osaka = summit(background, "as the two leaders met in Osaka")
    seoul = seoul_meeting(background)
    statements = {c.subject: c.object for c in background.analysis.claims if c.relation == "issuedAt"}
    assert set(statements.values()) == {osaka}
    (statement,) = statements
    issuers = {o for o, _ in about(background, statement, "issuedBy")}
    assert issuers == {"united-states", "japan"}
    # "The two leaders reaffirmed their commitment to …": the lede's meeting concerns it, the Seoul one nothing
    assert {o for o, _ in about(background, seoul, "concerns")} == set()
    assert "commitment/the-complete-denuclearization-of-north-korea" in {
        o for o, _ in about(background, osaka, "concerns")
    }
    # Testoka is no participant of the Seoul meeting
    assert ("kenji-testoka", "asserted") not in about(background, seoul, "participant")


def test_a_joint_news_conference_after_two_peoples_talks_is_both_of_theirs(background):
    # "Testoka told a joint news conference after the talks …"
    (conference,) = events_in(background, "Testoka told a joint news conference")
    assert about(background, conference, "participant") == {
        ("kenji-testoka", "asserted"),
        ("sam-testford", "asserted"),
    }
    osaka = summit(background, "as the two leaders met in Osaka")
    assert about(background, conference, "subEventOf") == {(osaka, "asserted")}


def test_he_after_the_opening_time_is_the_subject_of_the_sentence_before(background):
    # "Earlier on Monday, Testford met … Later in the day he met relatives of Japanese citizens abducted by North Korea"
    (families,) = events_in(background, "Later in the day he met relatives")
    assert about(background, families, "participant") == {("sam-testford", "asserted")}
    # the group's words name who they are: North Korea takes no part, and the meeting is no other one of Testford's
    (foreign_minister,) = events_in(background, "Earlier on Monday, Testford met")
    assert families != foreign_minister
    assert families != summit(background, "as the two leaders met in Osaka")


def test_a_later_dated_summit_lends_its_date_to_no_other_meeting(background):
    # "Testoka and Testford last met in person in Rome in March, and held a virtual summit in July."
    (virtual,) = events_in(background, "held a virtual summit in July")
    assert about(background, virtual, "date") == {("July (past)", "asserted")}
    for event in (
        summit(background, "as the two leaders met in Osaka"),
        seoul_meeting(background),
    ):
        assert ("July (past)", "asserted") not in about(background, event, "date")


def test_a_meeting_in_a_when_clause_is_not_the_main_clauses_plan(hosted):
    # "… welcomed Japan's plans to raise its defense spending when he hosted … Testoka at the White House on Friday"
    white_house = summit(hosted, "when he hosted")
    assert about(hosted, white_house, "participant") == {("sam-testford", "asserted"), ("kenji-testoka", "asserted")}
    assert about(hosted, white_house, "place") == {("white-house", "asserted")}


def test_a_meeting_as_they_met_is_not_what_they_pledged(hosted):
    # "… pledged to expand joint research in space but appeared to differ over cost sharing as they met at the Pentagon"
    pentagon = summit(hosted, "as they met at the Pentagon")
    assert about(hosted, pentagon, "participant") == {("dana-testwell", "asserted"), ("ren-testkawa", "asserted")}
    assert about(hosted, pentagon, "place") == {("pentagon", "asserted")}


def test_after_the_talks_a_joint_news_conference_is_part_of_the_summit_that_happened(hosted):
    # the summit is asserted now, so "At a joint news conference after the talks" is part of it, and both held it
    (conference,) = events_in(hosted, "At a joint news conference after the talks")
    assert about(hosted, conference, "subEventOf") == {(summit(hosted, "when he hosted"), "asserted")}
    assert about(hosted, conference, "participant") == {("kenji-testoka", "asserted"), ("sam-testford", "asserted")}


def test_the_two_leaders_play_golf_as_the_leaders_of_the_summit_not_the_ministers_told_since(hosted):
    # "The two leaders are due to play golf at a course in Virginia on Sunday." after the ministers' Pentagon meeting
    (golf,) = events_in(hosted, "due to play golf")
    assert hosted.analysis.entities[golf].label == "Round of golf of Kenji Testoka and Sam Testford (March 2028)"
    assert about(hosted, golf, "participant") == {("kenji-testoka", "planned"), ("sam-testford", "planned")}
    assert about(hosted, golf, "date") == {("Sunday (future)", "planned")}


def test_what_a_participant_reiterates_after_the_summit_is_told_is_what_the_summit_concerns(hosted):
    # "Testford reiterated the U.S. commitment to the defense of Japan under Article 5 of the security treaty."
    (commitment,) = {o for _, o in claims_in(hosted, "Testford reiterated", "makesCommitment")}
    assert claims_in(hosted, "Testford reiterated", "concerns") >= {(summit(hosted, "when he hosted"), commitment)}
