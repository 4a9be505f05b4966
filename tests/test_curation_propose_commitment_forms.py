"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/commitments-in-other-words.txt):
the ways news reports state commitments besides the fixed verbs — a registered commitment restated with the text's
particulars, "stressed the importance of" what the graph records as a commitment, "the commitment of the United
States to …", "X said Y had expressed his commitment …", "resolved to", "confirmed the plan to", "Japan's plans to
…", "announced that it would …", "says Japan will now …", "the U.S. commitment to … is unwavering", "obliges the
United States to …", "agreed to meet" — each with who commits and the modality the annotation conventions give."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = FIXTURES / "commitments-in-other-words.txt"
BOTH = {"japan", "united-states"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-commitment-forms") / "sources")


def committed(run) -> dict[str, set[tuple[str, str]]]:
    """Each commitment (its label) → {(who commits, modality)}."""
    found: dict[str, set[tuple[str, str]]] = {}
    for claim in run.analysis.claims:
        if claim.relation == "makesCommitment":
            found.setdefault(run.analysis.label(claim.object), set()).add((claim.subject, claim.modality))
    return found


def parties(run, label: str) -> set[str]:
    return {subject for subject, _ in committed(run).get(label, set())}


def test_a_registered_commitment_restated_with_particulars_is_the_registrys(run):
    # "The two leaders expressed strong opposition to any unilateral attempts to change the status quo by force or
    # coercion in the South China Sea": the registry's commitment, not a new one in the text's words; "China" inside
    # "South China Sea" commits to nothing
    assert committed(run)["Opposing unilateral attempts to change the status quo by force or coercion"] == {
        ("japan", "asserted"),
        ("united-states", "asserted"),
    }
    assert not any(e.label.startswith("Opposing any unilateral") for e in run.analysis.entities.values())
    assert not any(c.subject == "china" for c in run.analysis.claims if c.relation == "makesCommitment")
    # what the registered commitment is about, the graph says, except a sea the registry lacks (round 12): the South
    # China Sea, a new Region for the reviewer, is its topic here
    topics = {
        run.analysis.label(c.object)
        for c in run.analysis.claims
        if c.relation == "concerns" and c.subject == "commitment/oppose-unilateral-status-quo-change"
    }
    assert topics == {"South China Sea"}


def test_the_importance_of_a_registered_commitment_is_a_commitment_and_of_anything_else_is_not(run):
    # "… and stressed the importance of maintaining peace and stability across the Taiwan Strait"
    assert committed(run)["Preserving peace in the Taiwan Strait"] == {
        ("japan", "asserted"),
        ("united-states", "asserted"),
    }
    # "They also underscored the importance of resilient supply chains for critical minerals.": not a commitment
    assert not any("supply chains" in label for label in committed(run))
    reasons = [r for rs in run.analysis.reasons.values() for r in rs]
    assert any("resilient supply chains" in r and "only when the graph records it" in r for r in reasons)


def test_the_commitment_of_a_state_and_the_subject_of_what_is_reported(run):
    # "Testbiden reaffirmed the commitment of the United States to the defense of Japan under the security treaty."
    assert committed(run)["The defense of Japan under the security treaty"] == {("united-states", "asserted")}
    # "Testsuga said Testbiden had expressed his unwavering commitment to …": Biden's state commits, not Suga's
    assert committed(run)["Extended deterrence for the region"] == {("united-states", "asserted")}


def test_resolved_to_and_the_plan_confirmed(run):
    # "Japan resolved to bolster its own missile defenses, the two governments said."
    assert committed(run)["Bolster its own missile defenses"] == {("japan", "agreed-to-pursue")}
    # "They also confirmed the plan to relocate about 4,000 Marines from Okinawa to Guam." (the figure's comma ends
    # nothing)
    assert committed(run)["Relocate about 4,000 Marines from Okinawa to Guam"] == {
        ("japan", "asserted"),
        ("united-states", "asserted"),
    }


def test_a_states_plans_announced_or_reported_are_planned(run):
    found = committed(run)
    # "Testbiden welcomed Japan's plans to expand its coast guard, to deepen ties with Australia and to acquire new
    # patrol aircraft." (what Japan acquires is a relation of its own, not a pledge)
    assert found["Expand its coast guard"] == {("japan", "planned")}
    assert found["Deepen ties with Australia"] == {("japan", "planned")}
    assert not any("patrol aircraft" in label for label in found)
    # "Last month the United States announced that it would station a new Army air defense unit in Okinawa by 2028."
    assert found["Station a new Army air defense unit in Okinawa by 2028"] == {("united-states", "planned")}
    # "The defense minister, Minoru Testkihara, says Japan will now work out the details with Washington."
    assert found["Work out the details with Washington"] == {("japan", "planned")}
    # … where Washington is the partner, not what the commitment is about
    assert not any(c.object == "washington-dc" for c in run.analysis.claims if c.relation == "concerns")
    # "If the talks fail, Japan would strengthen its own missile defenses instead.": a condition, not a plan
    assert not any(label.startswith("Strengthen its own missile") for label in found)


def test_a_commitment_said_to_hold_but_not_one_in_doubt(run):
    # "The U.S. commitment to the defense of Japan is unwavering, a White House official said."
    assert committed(run)["The defense of Japan"] == {("united-states", "asserted")}
    # "Critics question whether the U.S. commitment to the region is firm."
    assert not any(label.startswith("The region") for label in committed(run))


def test_what_a_treaty_obliges_and_a_meeting_agreed_to(run):
    # "The treaty obliges the United States to defend Japan in an armed attack."
    assert committed(run)["Defend Japan in an armed attack"] == {("united-states", "asserted")}
    # "They agreed to meet in person at an early date."
    assert parties(run, "Meet in person at an early date") == BOTH
    assert {m for _, m in committed(run)["Meet in person at an early date"]} == {"agreed-to-pursue"}


def test_what_leaders_direct_their_ministers_to_do_and_the_two_countries_commitment(run):
    found = committed(run)
    # "The two leaders directed their ministers to deepen cooperation on space situational awareness."
    assert found["Deepen cooperation on space situational awareness"] == {
        ("japan", "agreed-to-pursue"),
        ("united-states", "agreed-to-pursue"),
    }
    # "A joint statement later reiterated the two countries' commitment to “keep the alliance ahead in …”"
    assert found["Keep the alliance ahead in emerging technologies"] == {
        ("japan", "asserted"),
        ("united-states", "asserted"),
    }


def test_the_means_a_commitments_trailing_phrase_names_are_what_it_concerns(run):
    # "… to the defense of Japan under the security treaty, using its full range of capabilities, including nuclear,
    # and the two leaders confirmed that Article 5 applies to the Senkaku Islands."
    identifier = "commitment/the-defense-of-japan-under-the-security-treaty"
    concerned = {c.object for c in run.analysis.claims if c.relation == "concerns" and c.subject == identifier}
    assert "nuclear-weapons" in concerned  # "nuclear" alone: the registry's nuclear weapons
    # the next clause ("and the two leaders confirmed that Article 5 …") is not part of the phrase
    assert not any(o.startswith("us-japan-security-treaty/art") for o in concerned)
