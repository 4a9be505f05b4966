"""`alliance-kg propose` on three texts written for these tests in the manner of news reports
(tests/fixtures/curation/defense-chiefs-press-statement.txt, summit-after-seoul.txt, exercise-weapons.txt): what
meetings, statements, commitments and exercises concern (round 12) — a joint press statement as a joint statement,
the seas of a topic's words and of a registry commitment's words, a sentence opening with "They" about what the
sentence before was about, "X is the only solution" as a commitment held, "the two leaders" as the meeting of the
text's two states, not one the text told of in passing, and the weapons brought to an exercise."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, concerns_of, labelled, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the texts with the seeds' registry (a few seconds)

OPPOSE = "commitment/oppose-unilateral-status-quo-change"


@pytest.fixture(scope="module")
def guam(tmp_path_factory):
    return proposed_on(FIXTURES / "defense-chiefs-press-statement.txt", tmp_path_factory.mktemp("t12-a") / "sources")


@pytest.fixture(scope="module")
def drills(tmp_path_factory):
    return proposed_on(FIXTURES / "exercise-weapons.txt", tmp_path_factory.mktemp("t12-c") / "sources")


@pytest.fixture(scope="module")
def tokyo(tmp_path_factory):
    return proposed_on(FIXTURES / "summit-after-seoul.txt", tmp_path_factory.mktemp("t12-b") / "sources")


def commitment_labelled(run, start: str) -> str:
    return next(e.id for e in run.analysis.entities.values() if e.type == "Commitment" and e.label.startswith(start))


def test_a_joint_press_statement_is_a_joint_statement_issued_at_the_meeting(guam):
    meeting = labelled(guam, "Meeting of Kenji Testmura and Dana Example (August 2031)")
    statement = labelled(guam, "Joint press statement of the Meeting of Kenji Testmura and Dana Example (August 2031)")
    assert about(guam, statement, "issuedAt") == {(meeting, "asserted")}
    assert about(guam, statement, "issuedBy") == {("japan", "asserted"), ("united-states", "asserted")}


def test_the_seas_of_a_topic_are_topics_of_the_statement(guam):
    statement = labelled(guam, "Joint press statement of the Meeting of Kenji Testmura and Dana Example (August 2031)")
    east, south = labelled(guam, "East China Sea"), labelled(guam, "South China Sea")
    assert guam.analysis.entities[east].type == "Region"
    # "In the statement, … expressed serious concern over China's attempts … in the East China Sea and the South China
    # Sea"; then "They also said they strongly opposed any unilateral attempts …": the statement's people, and the
    # statement the sentence before cited
    assert concerns_of(guam, statement) == {"china", east, south, OPPOSE}


def test_a_registry_commitment_concerns_the_sea_its_words_add(guam):
    east = labelled(guam, "East China Sea")
    assert concerns_of(guam, OPPOSE) == {east}


def test_the_only_solution_is_a_commitment_held_and_its_setting_is_not_its_topic(guam):
    relocation = commitment_labelled(guam, "Relocating Marine Corps Air Station Futenma")
    parties = {
        (c.subject, c.modality)
        for c in guam.analysis.claims
        if c.object == relocation and c.relation == "makesCommitment"
    }
    assert parties == {("japan", "asserted"), ("united-states", "asserted")}
    meeting = labelled(guam, "Meeting of Kenji Testmura and Dana Example (August 2031)")
    assert relocation in concerns_of(guam, meeting)
    # "the Henoko area of Nago": Nago is where Henoko lies, not what the relocation is about
    topics = {guam.analysis.label(t) for t in concerns_of(guam, relocation)}
    assert topics == {"Marine Corps Air Station Futenma", "Henoko"}


def test_fully_committed_is_one_commitment_held(guam):
    alliance = commitment_labelled(guam, "The alliance")
    assert {(c.subject, c.modality) for c in guam.analysis.claims if c.object == alliance} == {
        ("united-states", "asserted")
    }


def test_the_two_leaders_are_those_of_the_texts_two_states(tokyo):
    summit = labelled(tokyo, "Meeting of Sam Testford and Kenji Testmura (May 2031)")
    seoul = labelled(tokyo, "Meeting of Sam Testford and Min Testpark (May 2031)")
    # "The two leaders also stressed the importance of peace … across the Taiwan Strait", right after "from Seoul,
    # where he had met South Korea's President"
    assert {"commitment/taiwan-strait-peace", "taiwan-strait"} <= concerns_of(tokyo, summit)
    assert concerns_of(tokyo, seoul) == set()


def test_they_after_a_statement_adopted_is_the_meeting_that_adopted_it(tokyo):
    summit = labelled(tokyo, "Meeting of Sam Testford and Kenji Testmura (May 2031)")
    statement = labelled(tokyo, "Joint statement of the Meeting of Sam Testford and Kenji Testmura (May 2031)")
    dialogue = commitment_labelled(tokyo, "Hold an annual dialogue")
    assert dialogue in concerns_of(tokyo, summit)
    assert concerns_of(tokyo, statement) == set()


def test_an_exercise_concerns_the_weapons_brought_to_it(drills):
    shield = labelled(drills, "Testing Shield 31 2031")
    type12 = labelled(drills, "Type 12 surface-to-ship missiles")
    # "As part of the drills, … fly MV-22 Osprey aircraft …", "taking part with its Type 12 …"; not "No missiles will
    # be fired during the exercise, and no cruise missiles will be deployed for the drills"
    assert concerns_of(drills, shield) == {"mv-22-osprey", type12}
    # "a separate bombing drill with F-15K fighter jets": the drill the cue's own noun names, not the exercise before
    bombing = labelled(drills, "Exercise of South Korea (October 2031)")
    assert concerns_of(drills, bombing) == {labelled(drills, "F-15K")}


def test_an_article_named_with_its_treaty_is_the_topic_not_the_treaty(guam):
    # "the defense of Japan under Article 5 of the bilateral security treaty"
    defense = commitment_labelled(guam, "The defense of Japan under Article 5")
    assert concerns_of(guam, defense) == {"us-japan-security-treaty/art_5"}
