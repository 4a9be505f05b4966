"""`alliance-kg propose` on a text written for these tests in the forms of a wire report and of a preview
(tests/fixtures/curation/preview-and-wire-forms.txt): a meeting named by a verb beside a summit it leads to, a date
or place of another predicate left off, a capitalised clause opener that is no state, a proposal to hold a meeting,
a registry commitment taken only in the same words, "in a joint statement" issued by both states, a capital visited
as a place, and a call that happened kept apart from the summit to come."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import about, event_with, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "preview-and-wire-forms.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-forms") / "sources")


def test_a_meeting_named_by_its_verb_beside_the_summit_it_leads_to(run):
    # "Testiwaya met … Testrubio in Washington on Jan. 21, and the two agreed to work toward an early summit"
    meeting = event_with(run, "mark-testrubio", "Meeting")
    assert about(run, meeting, "participant") == {("taro-testiwaya", "asserted"), ("mark-testrubio", "asserted")}
    assert about(run, meeting, "date") == {("Jan. 21", "asserted")}
    assert about(run, meeting, "place") == {("washington-dc", "asserted")}
    assert about(run, meeting, "level") == {("ministerial", "asserted")}  # the ministers' offices, not "summit"


def test_the_summit_is_not_the_ministers_meeting_and_keeps_no_date_or_place_of_another_predicate(run):
    summit = event_with(run, "donald-testtrump", "Summit")
    # "Testishiba will be accompanied by Testiwaya, who will join the summit, and will return to Tokyo on Saturday"
    assert ("taro-testiwaya", "planned") in about(run, summit, "participant")
    assert about(run, summit, "date") == {("Friday (future)", "planned")}
    assert ("tokyo", "planned") not in about(run, summit, "place")
    meeting = event_with(run, "mark-testrubio", "Meeting")
    assert "shigeru-testishiba" not in {o for o, _ in about(run, meeting, "participant")}


def test_a_clause_opener_before_a_title_is_not_a_state(run):
    # "TOKYO — When President Joe Biden met …": "When" names no state; Biden is the President of the United States
    holds = {(c.subject, c.object) for c in run.analysis.claims if c.relation == "holdsOffice"}
    assert ("joe-biden", "president-of-the-united-states") in holds
    assert not any(
        "registry lacks ('When')" in reason for reasons in run.analysis.reasons.values() for reason in reasons
    )


def test_agreeing_to_consider_holding_a_meeting_is_a_proposal(run):
    scc = next(
        c.subject
        for c in run.analysis.claims
        if c.relation == "meetingOf" and c.object == "security-consultative-committee"
    )
    assert about(run, scc, "meetingOf") == {("security-consultative-committee", "proposed")}


def test_a_registry_commitment_only_in_the_same_words_and_one_modality_per_phrase(run):
    committed = {
        (c.subject, run.analysis.label(c.object), c.modality)
        for c in run.analysis.claims
        if c.relation == "makesCommitment"
    }
    # "remained committed to Japan's defense": asserted once; not the registry's "Japan's defense spending increase"
    # (whose words contain these); "… and that Japanese companies plan …" is another clause; "the two agreed to work
    # toward an early summit" is what both ministers agreed to pursue; "Japan will continue to increase its defense
    # spending" restates the registry's "Japan's increase in defense spending" ("its" is Japan's)
    assert committed == {
        ("united-states", "Japan's defense", "asserted"),
        ("japan", "Japan's increase in defense spending", "planned"),  # "Japan will continue to increase its …"
        ("japan", "Work toward an early summit", "agreed-to-pursue"),
        ("united-states", "Work toward an early summit", "agreed-to-pursue"),
        # "the two leaders agreed to modernize their command structures": a verb beyond a readout's (round 9)
        ("japan", "Modernize their command structures", "agreed-to-pursue"),
        ("united-states", "Modernize their command structures", "agreed-to-pursue"),
    }


def test_a_statement_said_in_by_the_ministers_is_issued_by_both_their_states(run):
    # "In a joint statement, the two ministers said …", after the Testiwaya–Testrubio meeting
    meeting = event_with(run, "mark-testrubio", "Meeting")
    statement = next(c.subject for c in run.analysis.claims if c.relation == "issuedAt" and c.object == meeting)
    assert about(run, statement, "issuedBy") == {("japan", "asserted"), ("united-states", "asserted")}


def test_a_capital_visited_is_the_place_not_a_party(run):
    visit = event_with(run, "taro-testiwaya", "Visit")
    assert about(run, visit, "participant") == {("taro-testiwaya", "asserted")}  # not South Korea
    ((place, _),) = about(run, visit, "place")
    assert run.analysis.entities[place].label == "Seoul" and run.analysis.entities[place].type == "Place"


def test_a_call_that_happened_is_not_the_summit_that_will(run):
    call = event_with(run, "donald-testtrump", "Meeting")  # "spoke with Testtrump by phone last November"
    summit = event_with(run, "donald-testtrump", "Summit")
    assert call != summit
    assert about(run, call, "participant") == {("shigeru-testishiba", "asserted"), ("donald-testtrump", "asserted")}
    assert ("taro-testiwaya", "planned") in about(run, summit, "participant")


def test_the_day_a_third_party_said_it_and_the_lede_day_of_an_earlier_meeting_are_not_the_dates(run):
    # "… met … Austin in Hawaii, the ministry said Monday": the day the ministry said it
    hawaii = {
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant"
        and c.object == "gen-testnakatani"
        and "Hawaii" in run.analysis.text[c.start : c.end]
    }
    assert hawaii
    assert not any(c.relation == "date" and c.subject in hawaii for c in run.analysis.claims)
    # "Testnakatani said on Tuesday that …" then "Testnakatani and Austin last met in Singapore": not Tuesday's meeting
    assert not any(c.relation == "date" and "Tuesday" in c.object for c in run.analysis.claims)
    singapore = {
        c.subject for c in run.analysis.claims if c.relation == "place" and run.analysis.label(c.object) == "Singapore"
    }
    assert singapore and not singapore & hawaii  # "last met": an earlier meeting, not the one in Hawaii
