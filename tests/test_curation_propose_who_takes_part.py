"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/reporters-and-visitors.txt):
the precision of the event rules (round 13). A state whose officials or government tell of an event ("Japanese
officials said …", "according to the Japanese government") is the report's source, neither a party to the event nor
its place; a visit is made by people — the states its clause names are where they go or what is said of it; and the
day of an arrival is not the date of the visit, which runs over days."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, claims_in, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return proposed_on(FIXTURES / "reporters-and-visitors.txt", tmp_path_factory.mktemp("precision13") / "sources")


def test_officials_who_report_a_visit_do_not_make_their_state_a_party(reports):
    # "Japanese officials said Testoka plans to visit Washington soon after the inauguration."
    (visit,) = {c.subject for c in reports.analysis.claims if c.relation == "place" and c.object == "washington-dc"}
    assert about(reports, visit, "participant") == {("kenji-testoka", "planned")}
    assert claims_in(reports, "Testoka plans to visit Washington", "participant") == set()


def test_officials_who_report_a_welcome_make_no_meeting_of_their_state(reports):
    # "Japanese officials said the speed of the U.S. response to the floods had been welcomed in Tokyo."
    assert claims_in(reports, "had been welcomed in Tokyo", "participant") == set()
    assert claims_in(reports, "had been welcomed in Tokyo", "place") == set()


def test_according_to_a_government_is_neither_a_party_nor_the_place(reports):
    # "…, visited Pearl Harbor in 1957, according to the Japanese government."
    (visit,) = events_in(reports, "visited Pearl Harbor in 1957")
    assert about(reports, visit, "participant") == {("jiro-testmura", "asserted")}
    assert about(reports, visit, "place") == {("pearl-harbor", "asserted")}


def test_a_visit_is_the_travellers_not_the_states_its_clause_names(reports):
    # "Testoka visited Hawaii on Tuesday, a trip that Japan hopes will please the United States."
    (visit,) = {c.subject for c in reports.analysis.claims if c.relation == "place" and c.object == "hawaii"}
    assert about(reports, visit, "participant") == {("kenji-testoka", "asserted")}


def test_aircraft_arriving_make_no_visit(reports):
    # "The 12 aircraft arrived in Japan in July …, but flights were held off until the Japanese government confirmed …"
    assert claims_in(reports, "The 12 aircraft arrived in Japan", "participant") == set()
    assert claims_in(reports, "The 12 aircraft arrived in Japan", "place") == set()


def test_the_day_of_an_arrival_does_not_date_the_visit(reports):
    # "U.S. Defense Secretary Sam Testford arrived in Tokyo on Friday from Seoul, …": the visit runs over days
    (visit,) = {c.subject for c in reports.analysis.claims if c.relation == "place" and c.object == "tokyo"}
    assert about(reports, visit, "participant") == {("sam-testford", "asserted")}
    assert about(reports, visit, "date") == set()
