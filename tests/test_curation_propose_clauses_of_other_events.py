"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/clauses-of-other-events.txt):
the precision of the event rules (round 14). A subordinate clause after an event's cue that opens with a subject and a
verb of its own ("…, hours after the Japanese and U.S. governments issued a joint statement") tells of another event,
whose subject is no party to this one; a person a visitor speaks to ("explain the plan to President X when he visits
Washington") is not a visitor; a news conference is given by people, and the states its clause names are what is
spoken of."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, claims_in, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return proposed_on(FIXTURES / "clauses-of-other-events.txt", tmp_path_factory.mktemp("precision14") / "sources")


def test_the_subject_of_a_subordinate_clause_is_no_party_to_the_event(reports):
    # "The Cabinet adopted the base plan at an extraordinary meeting on Friday night, hours after the Japanese and
    # U.S. governments issued a joint statement on the relocation."
    assert claims_in(reports, "hours after the Japanese and U.S. governments", "participant") == {
        ("event/cabinet-adoption-2028-05", "cabinet-of-japan")
    }


def test_the_person_a_visitor_speaks_to_is_not_a_visitor(reports):
    # "… is expected to explain the plan to U.S. President Mark Testburn when he visits Washington next month."
    (visit,) = {c.subject for c in reports.analysis.claims if c.relation == "place" and c.object == "washington-dc"}
    assert about(reports, visit, "participant") == {("kenji-testoka", "planned")}


def test_a_news_conference_has_no_state_for_a_party(reports):
    # "Asked by a reporter at the news conference whether the United States would defend Japan, Testoka said yes."
    (conference,) = events_in(reports, "Testoka told a news conference on Friday")
    assert about(reports, conference, "participant") == {("kenji-testoka", "asserted")}


def test_a_meeting_without_a_subordinate_clause_keeps_both_parties(reports):
    # "Japanese Foreign Minister Taro Testaka met U.S. Secretary of State Ann Testwell in Tokyo on Thursday."
    (meeting,) = events_in(reports, "Testaka met U.S. Secretary of State Ann Testwell")
    assert about(reports, meeting, "participant") == {("taro-testaka", "asserted"), ("ann-testwell", "asserted")}
