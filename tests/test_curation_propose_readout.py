"""`alliance-kg propose` on a text written for these tests in the form of a ministry readout
(tests/fixtures/curation/readout-and-lede-forms.txt): a bulleted list reports on the meeting the text last told
of, and its items' subject is the list's opening sentence; several infinitives of one "agreed
to" are several commitments; "agreed Sunday to explore …", "reiterated their strong opposition to any unilateral
…" and "confirmed the steady implementation of …" are commitments; a commitment concerns the third states its
words name."""

from __future__ import annotations

from pathlib import Path

import pytest
from alliance_kg.curation.add import AddOptions, add_document
from alliance_kg.curation.propose import ProposalContext, ProposalRun, analyse, find_source
from graph_fixtures import copy_of_sources

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "readout-and-lede-forms.txt"
BOTH = {"japan", "united-states"}


def proposed_for(text: Path, folder: Path) -> ProposalRun:
    """The rules run on `text`, added as document 005 to a copy of the sources folder."""
    sources = copy_of_sources(folder)
    add_document(text, sources, AddOptions())
    return analyse(find_source(sources, "005"), ProposalContext.from_sources(sources, exclude={"005"}))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_for(FIXTURE, tmp_path_factory.mktemp("propose-readout") / "sources")


def meeting(run) -> str:
    return next(
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant" and c.object == "pete-testhegseth" and run.analysis.is_a(c.subject, "Meeting")
    )


def commitments(run) -> dict[str, tuple[set[str], set[str]]]:
    """Each proposed commitment's label → (who commits, with which modalities)."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for claim in run.analysis.claims:
        if claim.relation == "makesCommitment":
            parties, modalities = found.setdefault(run.analysis.label(claim.object), (set(), set()))
            parties.add(claim.subject)
            modalities.add(claim.modality)
    return found


def test_a_readouts_list_items_concern_the_ledes_meeting(run):
    event = meeting(run)
    concerned = {
        run.analysis.label(c.object): c.rule
        for c in run.analysis.claims
        if c.subject == event and c.relation == "concerns"
    }
    # "- Discussed the regional security environment, including North Korea's missile launches." (a list item, three
    # sentences after the lede, below "During the meeting, the two Secretaries:")
    assert concerned["North Korea"] == "topic-of-statement-or-meeting"
    # "- Reaffirmed that Article V applies to the Senkaku Islands, and reiterated their strong opposition to …"
    assert concerned["Senkaku Islands"] == "topic-of-statement-or-meeting"
    opposing = "Opposing unilateral attempts to change the status quo by force or coercion"  # the registry's, restated "by force in the East China Sea"
    assert concerned[opposing] == "commitment-of-statement-or-meeting"
    # the sentences after the list are not its items: which event they tell of is left to the reviewer
    assert "The realignment of U.S. Forces Japan" not in concerned
    assert "Expand repairs of U.S. Navy ships" not in concerned


def test_a_list_item_takes_its_subject_from_the_lists_opening(run):
    found = commitments(run)
    opposing = "Opposing unilateral attempts to change the status quo by force or coercion"  # the registry's, restated "by force in the East China Sea"
    assert found[opposing] == (BOTH, {"asserted"})


def test_the_state_named_with_the_commitment_is_who_commits(run):
    # "- Reaffirmed the steadfast U.S. commitment to the defense of its ally." (under the two Secretaries' list)
    assert commitments(run)["The defense of its ally"] == ({"united-states"}, {"asserted"})


def test_each_infinitive_of_one_agreement_is_a_commitment(run):
    found = commitments(run)
    assert found["Explore joint production of interceptors in Japan"] == (BOTH, {"agreed-to-pursue"})
    assert found["Expand repairs of U.S. Navy ships"] == (BOTH, {"agreed-to-pursue"})
    assert found["Set up a working group on supply chains"] == (BOTH, {"agreed-to-pursue"})
    assert found["The realignment of U.S. Forces Japan"] == (BOTH, {"asserted"})


def test_a_commitment_concerns_the_third_states_its_words_name(run):
    label = "Deepen defense cooperation with partners such as Australia and India"
    identifier = next(
        o
        for o in {c.object for c in run.analysis.claims if c.relation == "makesCommitment"}
        if run.analysis.label(o) == label
    )
    concerned = {c.object for c in run.analysis.claims if c.subject == identifier and c.relation == "concerns"}
    assert concerned == {"australia", "india"}


def test_no_current_meeting_before_one_is_introduced_or_after_a_planned_one(tmp_path):
    text = tmp_path / "planned.txt"
    text.write_text(
        "Testishiba to visit Washington\nStaff report\nPublished Feb. 5, 2025\n\n"
        "Prime Minister Shigeru Testishiba will meet President Donald Testtrump in Washington on Friday.\n\n"
        "The two leaders also agreed to deepen cooperation with India.\n",
        encoding="utf-8",
    )
    result = proposed_for(text, tmp_path / "sources")
    # a planned summit is no current meeting: what the leaders agreed is not proposed as what it was about
    assert not [
        c for c in result.analysis.claims if c.relation == "concerns" and result.analysis.is_a(c.subject, "Event")
    ]


def test_a_place_after_a_name_and_in_is_where_it_lies_not_the_topic(run):
    # "They also agreed to expand joint training with India at Testfield in Okinawa."
    label = "Expand joint training with India at Testfield in Okinawa"
    identifier = next(
        o
        for o in {c.object for c in run.analysis.claims if c.relation == "makesCommitment"}
        if run.analysis.label(o) == label
    )
    assert {c.object for c in run.analysis.claims if c.subject == identifier and c.relation == "concerns"} == {"india"}
