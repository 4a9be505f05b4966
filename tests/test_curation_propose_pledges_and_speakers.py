"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/pledges-and-speakers.txt):
"He said the government would …" speaks for the subject of the sentence before (that person's state plans it), and
goes on telling of the meeting that sentence is set in;
"…, and would consider X" is a possibility, not a plan; "pledged that the United States would …", "vowed that Japan
would …" bind the state named after "that" (agreed-to-pursue); a pledge about anything but a state, a denied one, or
a pronoun whose sentence before opens with no person proposes nothing; "Japan has been strengthening X", "Japan and
the United States are increasing Y" is a commitment each state holds (asserted), but not building up arms, revising a
plan or weighing one; "the planned relocation of <a base>" is the two states' planned commitment;
"<a leader> has instructed his ministers to bring spending on defense … to 2% of GDP" is his state's spending
target; what a state (or "the Self-Defense Forces") is reported never to do is a commitment it holds (asserted)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, committed, event_with, in_sentence, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return proposed_on(FIXTURES / "pledges-and-speakers.txt", tmp_path_factory.mktemp("commitments13") / "sources")


def test_he_said_the_government_would_is_the_state_of_the_subject_before(report):
    assert committed(report, "He said the government would continue") == {
        "Explain the reconstruction plan to local residents": {("japan", "planned")},
        "Moving some drills outside the prefecture": {("japan", "possible")},
    }
    rules = {c.rule for c in in_sentence(report, "He said the government would continue", "makesCommitment")}
    assert rules == {"commitment-government-will"}


def test_the_subject_before_is_the_speaker_though_another_person_is_named(report):
    assert committed(report, "He said the government would build") == {
        "Build new shelters near the bases": {("japan", "planned")}
    }


def test_a_pronoun_after_a_sentence_whose_subject_is_no_person_proposes_nothing(report):
    assert committed(report, "open a relief office") == {}
    index = report.analysis.sentence_index(report.analysis.text.index("open a relief office"))
    assert "a government's plan whose state the rules cannot tell" in report.analysis.reasons[index]


def test_a_pledge_that_a_state_would_act_is_that_states_commitment(report):
    assert committed(report, "pledged that the United States") == {
        "Provide any help Japan needed": {("united-states", "agreed-to-pursue")}
    }
    assert committed(report, "Ishiba vowed") == {
        "Never again leave disaster victims without shelter": {("japan", "agreed-to-pursue")}
    }
    rules = {c.rule for c in in_sentence(report, "Ishiba vowed", "makesCommitment")}
    assert rules == {"commitment-pledged-that"}


def test_a_pledge_about_no_state_or_a_denied_one_proposes_nothing(report):
    assert committed(report, "also promised") == {}
    assert committed(report, "had not vowed") == {}


def test_he_goes_on_telling_what_was_said_at_the_meeting_the_sentence_before_is_set_in(report):
    meeting = event_with(report, "marco-rubio", "Meeting")
    topics = {
        report.analysis.label(c.object)
        for c in in_sentence(report, "He also said the government would set up", "concerns")
        if c.subject == meeting
    }
    assert topics == {"Set up a joint relief center with the United States"}


def test_a_policy_a_state_is_carrying_out_is_its_commitment_held(report):
    assert committed(report, "Japan has been strengthening") == {
        "Strengthening its coastal defenses on the northern islands": {("japan", "asserted")}
    }
    assert committed(report, "are also increasing joint patrols") == {
        "Increasing joint patrols near the coast": {("japan", "asserted"), ("united-states", "asserted")}
    }
    rules = {c.rule for c in in_sentence(report, "are also increasing joint patrols", "makesCommitment")}
    assert rules == {"commitment-under-way"}


def test_building_up_arms_revising_a_plan_or_weighing_is_no_commitment_under_way(report):
    assert committed(report, "building up its stocks") == {}
    assert committed(report, "revising its disaster") == {}
    assert committed(report, "is considering a larger") == {}


def test_a_bases_planned_move_named_in_passing_is_both_states_planned_commitment(report):
    assert committed(report, "planned relocation of Camp") == {
        "Relocation of Camp Hansen within the prefecture": {("japan", "planned"), ("united-states", "planned")}
    }
    rules = {c.rule for c in in_sentence(report, "planned relocation of Camp", "makesCommitment")}
    assert rules == {"commitment-planned-move"}
    assert committed(report, "planned transfer of relief") == {}  # no base is moved


def test_spending_on_defense_brought_to_a_share_of_gdp_by_a_leader_is_the_states_target(report):
    targets = {
        (c.subject, c.object)
        for c in in_sentence(report, "has also instructed his ministers", "makesCommitment")
        if c.rule == "spending-target"
    }
    assert targets == {("japan", "commitment/japan-defense-spending-2-percent")}


def test_what_a_state_or_its_forces_are_reported_never_to_do_is_a_commitment_held(report):
    assert committed(report, "would never take part") == {"Never take part in combat overseas": {("japan", "asserted")}}
    assert committed(report, "will never export") == {
        "Never export weapons to countries at war": {("japan", "asserted")}
    }
    rules = {c.rule for c in in_sentence(report, "will never export", "makesCommitment")}
    assert rules == {"commitment-never"}


def test_never_outside_reported_speech_is_no_commitment(report):
    assert committed(report, "would never stand aside") == {}


def test_states_inside_a_longer_subject_commit_to_nothing_under_way(report):
    assert committed(report, "are expanding their relief cooperation") == {}
