"""`alliance-kg propose` on two news reports written for these tests (tests/fixtures/curation/
commitments-agreed-in-news.txt, agenda-of-talks-to-come.txt): commitments in the forms news reports give them — the
occasion between the verb and what is agreed ("pledged on Tuesday to …", "agreed with Austin in a phone call in March
to …"), verbs beyond a readout's ("agreed to keep working toward …"), "confirmed that the two countries would …", a
reported "the two leaders had agreed …", a state's plan ("Japan plans to refit …", "has said it will upgrade …") —
with the words that say nothing of what is committed to left alone; and what talks to come are expected to discuss."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, committed, in_sentence, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the texts with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return proposed_on(FIXTURES / "commitments-agreed-in-news.txt", tmp_path_factory.mktemp("c9-a") / "sources")


@pytest.fixture(scope="module")
def trilateral(tmp_path_factory):
    return proposed_on(FIXTURES / "trilateral-leaders-agree.txt", tmp_path_factory.mktemp("c9-c") / "sources")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    return proposed_on(FIXTURES / "agenda-of-talks-to-come.txt", tmp_path_factory.mktemp("c9-b") / "sources")


BOTH = {("japan", "agreed-to-pursue"), ("united-states", "agreed-to-pursue")}


def test_the_day_between_pledged_and_what_is_pledged(report):
    assert committed(report, "pledged on Tuesday") == {"Further strengthen cooperation on cyber defense": BOTH}
    (claim,) = [c for c in in_sentence(report, "pledged on Tuesday", "makesCommitment") if c.subject == "japan"]
    assert claim.rule == "commitment-pledged-to"
    # the meeting the sentence reports is what the pledge concerns
    concerns = {(c.subject, report.analysis.label(c.object)) for c in in_sentence(report, "pledged on", "concerns")}
    meeting = next(c.subject for c in report.analysis.claims if c.relation == "participant")
    assert (meeting, "Further strengthen cooperation on cyber defense") in concerns


def test_agreed_to_a_verb_beyond_the_readouts(report):
    assert committed(report, "agreed to keep working") == {
        "Keep working toward the complete denuclearization of North Korea": BOTH
    }


def test_confirmed_that_the_two_countries_would(report):
    found = committed(report, "confirmed that the two countries would")
    assert found == {"Work with Australia and other partners toward a free and open Indo-Pacific": BOTH}
    (claim,) = [c for c in in_sentence(report, "confirmed that", "makesCommitment") if c.subject == "japan"]
    assert claim.rule == "commitment-confirmed-would"


def test_the_partner_agreed_with_commits_too(report):
    # "Defense Minister Akira Testoka agreed with U.S. Defense Secretary Lloyd Austin in a phone call in March to …"
    assert committed(report, "agreed with U.S. Defense Secretary") == {
        "Speed up deliveries of Tomahawk cruise missiles": BOTH
    }


def test_the_two_leaders_a_reporter_was_told_of_are_both_who_agreed(report):
    # "Testmura told reporters … that the two leaders had agreed to …": not only the teller's state
    assert committed(report, "told reporters after the talks") == {"Further strengthen pressure on Pyongyang": BOTH}


def test_words_that_do_not_say_what_is_agreed_make_no_commitment(report):
    assert committed(report, "agreed to consider holding") == {}  # cut at the quotation mark: "… holding a"
    assert committed(report, "strongly oppose such attempts") == {}  # which attempts, the sentence before says
    assert committed(report, "agreed in April to buy") == {}  # an acquisition is not a commitment
    assert committed(report, "have not agreed to extend") == {}  # denied


def test_a_state_plans_or_has_said_it_will(report):
    assert committed(report, "Japan plans to refit") == {
        "Refit its two largest destroyers so that they can carry F-35B fighters": {("japan", "planned")}
    }  # and not "take part in a large exercise": a participation
    assert committed(report, "has said it will upgrade") == {
        "Upgrade U.S. Forces Japan into a joint force headquarters": {("united-states", "planned")}
    }


def test_what_talks_to_come_are_expected_to_discuss(preview):
    summit = next(c.subject for c in preview.analysis.claims if c.relation == "participant" and c.modality == "planned")
    agenda = {(c.subject, c.object) for c in in_sentence(preview, "expected to discuss", "concerns")}
    assert agenda == {(summit, "north-korea")}  # not the White House, where the summit is held
    (claim,) = in_sentence(preview, "expected to discuss", "concerns")
    assert claim.rule == "agenda-of-a-meeting"
    assert claim.note == "an agenda item of the meeting to come"


def test_a_list_of_leaders_who_agreed_gives_each_their_state(preview):
    # "…, where Testmura, Philippine President Ramon Testcos and Biden agreed to …": Testmura's Japan too, not only
    # the United States of the words after the last comma
    found = committed(preview, "agreed to expand maritime")
    assert found == {"Expand maritime cooperation in the South China Sea": BOTH}


def test_a_state_inside_a_longer_name_is_no_third_state_of_the_meeting(preview):
    # "in the South China Sea": the registry lacks the sea, and China is not what the summit is about
    assert "china" not in {c.object for c in in_sentence(preview, "agreed to expand maritime", "concerns")}


def test_what_the_talks_focused_on_and_what_two_leaders_discussed(report):
    meeting = next(c.subject for c in report.analysis.claims if c.relation == "participant")
    found = {(c.subject, c.object, c.rule) for c in in_sentence(report, "The talks focused on", "concerns")}
    # "The talks focused on China's military activity, and Testmura and Biden also discussed Taiwan."
    assert found == {(meeting, "china", "topic-of-talks"), (meeting, "taiwan", "topic-of-a-pair")}


def test_what_a_statement_calls_for(preview):
    # "In a joint statement issued after the January summit, … The statement called for peace and stability across
    # the Taiwan Strait": the statement the text introduced concerns the strait
    found = in_sentence(preview, "The statement called for", "concerns")
    assert [(c.object, c.rule) for c in found] == [("taiwan-strait", "topic-of-a-statement")]
    issued = {c.subject for c in preview.analysis.claims if c.relation == "issuedAt"}
    assert {c.subject for c in found} == issued


def test_they_after_the_three_leaders_are_three_states_and_the_two_leaders_two(trilateral):
    # "The three leaders adopted a joint statement … They also agreed to hold trilateral exercises every year.": the
    # third is South Korea, whose president took part, not China, which the text names more often
    three = {("japan", "agreed-to-pursue"), ("united-states", "agreed-to-pursue"), ("south-korea", "agreed-to-pursue")}
    assert committed(trilateral, "They also agreed") == {"Hold trilateral exercises every year": three}
    assert committed(trilateral, "the two leaders agreed") == {"Deepen cooperation on space": BOTH}
