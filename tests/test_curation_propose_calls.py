"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/
calls-and-agreements-in-news.txt): what officials call on, urge, ask or demand a named state, force or body to do is
that party's commitment with `modality: proposed` (never an act, never the caller's); a commitment named by the
agreement that made it ("under the Japan-U.S. agreement to relocate …") is both states', agreed-to-pursue; a state's
plan told by its capital ("Tokyo prepares to …", "Washington announced in June that it would …"); and what a new
commitment names by its form (a base) is what it concerns."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, committed, in_sentence, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

BOTH_PROPOSED = {("japan", "proposed"), ("united-states", "proposed")}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return proposed_on(FIXTURES / "calls-and-agreements-in-news.txt", tmp_path_factory.mktemp("calls11") / "sources")


def test_a_call_on_the_two_governments_is_their_proposed_commitment_each_infinitive_its_own(report):
    assert committed(report, "He called on the two governments") == {
        "Shorten the construction schedule": BOTH_PROPOSED,
        "Cut the number of Marines in Okinawa further": BOTH_PROPOSED,
    }
    rules = {c.rule for c in in_sentence(report, "He called on the two governments", "makesCommitment")}
    assert rules == {"commitment-called-for"}


def test_a_demand_that_governments_act_is_one_proposed_commitment_per_verb(report):
    assert committed(report, "would demand that") == {
        "Halt night flights over the city": BOTH_PROPOSED,
        "Close the firing range near the harbor": BOTH_PROPOSED,
    }


def test_the_side_asked_and_the_states_urged_commit_not_the_caller(report):
    assert committed(report, "asked the U.S. side") == {
        "Tighten discipline among its troops": {("united-states", "proposed")}
    }
    assert committed(report, "spokesman urged Japan") == {"Stop joint drills near Taiwan": BOTH_PROPOSED}


def test_calls_without_a_nameable_addressee_passive_or_denied_propose_nothing(report):
    assert committed(report, "asked residents") == {}
    assert committed(report, "was urged by the United States") == {}  # who urges is not who is urged
    assert committed(report, "demanded that the drills be stopped") == {}
    assert committed(report, "did not urge Tokyo") == {}
    index = report.analysis.sentence_index(report.analysis.text.index("did not urge Tokyo"))
    assert "a call the sentence denies" in report.analysis.reasons[index]


def test_what_a_call_names_by_its_form_is_what_the_commitment_concerns(report):
    assert committed(report, "close Futaba Air Base") == {
        "Close Futaba Air Base by 2030": {("united-states", "proposed")}
    }
    (commitment,) = {c.object for c in in_sentence(report, "close Futaba Air Base", "makesCommitment")}
    topics = {
        report.analysis.label(c.object)
        for c in in_sentence(report, "close Futaba", "concerns")
        if c.subject == commitment
    }
    assert topics == {"Futaba Air Base"}
    assert (
        report.analysis.entities[
            next(iter(c.object for c in in_sentence(report, "close Futaba", "concerns") if c.subject == commitment))
        ].type
        == "Facility"
    )


def test_a_commitment_named_by_its_agreement_is_both_states_agreed_to_pursue(report):
    assert committed(report, "under the Japan-U.S. agreement") == {
        "Relocate about 5,000 Marines from Okinawa": {
            ("japan", "agreed-to-pursue"),
            ("united-states", "agreed-to-pursue"),
        }
    }
    (claim,) = [
        c for c in in_sentence(report, "under the Japan-U.S. agreement", "makesCommitment") if c.subject == "japan"
    ]
    assert claim.rule == "commitment-agreement-to"
    topics = {c.object for c in in_sentence(report, "under the Japan-U.S.", "concerns") if c.subject == claim.object}
    assert topics == {"okinawa"}


def test_a_states_plan_told_by_its_capital(report):
    assert committed(report, "Tokyo prepares to") == {
        "Set up a new space operations group by March 2026": {("japan", "planned")}
    }
    assert committed(report, "Washington announced in June") == {
        "Upgrade its forces in Japan into a joint force headquarters": {("united-states", "planned")}
    }


def test_what_an_official_says_the_government_will_do_is_the_offices_state_plan(report):
    assert committed(report, "said the government would work with") == {
        "Work with the United States to finish the runway on schedule": {("japan", "planned")},
        "Brief local residents": {("japan", "planned")},
    }
    assert committed(report, "and that the government would work to field") == {
        "Work to field the missiles early": {("japan", "planned")}
    }
    rules = {c.rule for c in in_sentence(report, "and that the government would", "makesCommitment")}
    assert rules == {"commitment-government-will"}


def test_a_government_that_would_be_something_or_weigh_an_act_commits_to_nothing(report):
    assert committed(report, "would be ready") == {}
    assert committed(report, "would consider new measures") == {}
    assert committed(report, "would closely monitor the situation") == {}


def test_the_two_parties_urging_a_third_state_is_their_topic_not_its_commitment(report):
    assert committed(report, "The two leaders urged North Korea") == {}
    index = report.analysis.sentence_index(report.analysis.text.index("The two leaders urged North Korea"))
    assert "a call of the two parties on a third state: their topic" in report.analysis.reasons[index]


def test_what_an_agreement_of_a_year_plans_is_both_states_planned_commitment(report):
    assert committed(report, "Under a 2013 agreement") == {
        "About 2,000 of the Marines are to be relocated to Guam": {("japan", "planned"), ("united-states", "planned")}
    }
    assert committed(report, "Under that agreement") == {}


def test_a_call_someone_expects_is_not_one_made(report):
    assert committed(report, "is expected to press Japan") == {}


def test_the_central_government_a_local_official_calls_on_is_the_lexicons_state(report):
    assert committed(report, "ask the central government") == {"Halt the landfill work": {("japan", "proposed")}}


def test_a_commitment_an_event_is_said_to_show_is_held_by_its_owner(report):
    assert committed(report, "showed the U.S. commitment") == {"Regional security": {("united-states", "asserted")}}
    assert committed(report, "reflected the two countries' shared commitment") == {
        "A stronger deterrence posture": {("japan", "asserted"), ("united-states", "asserted")}
    }


def test_a_question_of_reporters_is_no_call_on_a_government(report):
    assert committed(report, "reporters asked Ishiba") == {}


def test_what_a_command_or_service_will_do_is_its_own_plan_not_a_move_of_forces(report):
    assert committed(report, "U.S. Forces Japan will coordinate") == {
        "Coordinate closely with local officials before the drills resume": {("us-forces-japan", "planned")}
    }
    assert committed(report, "is to begin training") == {
        "Begin training Japanese crews by the end of the year": {("us-navy", "planned")}
    }
    assert committed(report, "will deploy two more destroyers") == {}


def test_a_list_the_commitments_words_were_cut_from_goes_on_naming_what_it_is_about(report):
    (commitment,) = {c.object for c in in_sentence(report, "work with Australia, India", "makesCommitment")}
    assert report.analysis.label(commitment) == "Work with Australia"
    topics = {
        c.object for c in in_sentence(report, "work with Australia, India", "concerns") if c.subject == commitment
    }
    assert topics == {"australia", "india", "free-and-open-indo-pacific"}


def test_what_a_plan_is_for_after_its_deadline_is_not_what_it_is(report):
    assert committed(report, "new logistics command") == {
        "Set up a new logistics command by April 2027": {("japan", "planned")}
    }
    (commitment,) = {c.object for c in in_sentence(report, "new logistics command", "makesCommitment")}
    assert {
        c.object for c in in_sentence(report, "new logistics command", "concerns") if c.subject == commitment
    } == set()
