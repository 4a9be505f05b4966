"""`alliance-kg propose` on a wire story written for this test (tests/fixtures/curation/lede-then-who-met.txt): the
lede tells of a "two-plus-two" and one of its ministers; the next sentence names who met whom. One meeting, not two."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


def test_the_sentence_naming_who_met_whom_is_the_ledes_meeting(tmp_path):
    run = proposed_on(FIXTURES / "lede-then-who-met.txt", tmp_path / "sources")
    meetings = {c.subject for c in run.analysis.claims if c.relation == "participant"}
    assert meetings == {"event/scc-2027-03"}
    # the lede's minister, then all four the next sentence names, with the lede's day, place and series
    assert {person for person, _ in about(run, "event/scc-2027-03", "participant")} == {
        "japan",
        "united-states",
        "dana-testwell",
        "lee-testmark",
        "ren-testkawa",
        "aiko-testmori",
    }
    assert about(run, "event/scc-2027-03", "date") == {("Sunday (past)", "asserted")}
    assert about(run, "event/scc-2027-03", "place") == {("tokyo", "asserted")}
    # what the ministers agreed is that meeting's
    assert about(run, "event/scc-2027-03", "concerns") == {
        ("commitment/expand-the-co-production-of-missiles", "asserted")
    }
