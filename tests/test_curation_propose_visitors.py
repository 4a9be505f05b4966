"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/pronoun-visitors.txt):
visits a report tells with a pronoun ("He visited Okinawa on May 4", "Her visit to Taiwan on Tuesday"), whose
visitor is the person the report has been telling of, and which are visits of their own when they go elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "pronoun-visitors.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-visits14") / "sources")


def visits_of(run, person: str) -> set[str]:
    return {
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant" and c.object == person and run.analysis.entities[c.subject].type == "Visit"
    }


def test_her_visit_to_another_place_is_another_visit_of_the_speaker_named_before(run):
    visits = visits_of(run, "nora-testpelo")
    assert len(visits) == 2
    (taiwan,) = [v for v in visits if ("taiwan", "asserted") in about(run, v, "place")]
    assert about(run, taiwan, "place") == {("taiwan", "asserted")}
    assert about(run, taiwan, "date") == {("Tuesday (past)", "asserted")}


def test_he_visited_is_the_one_person_the_sentence_before_names_after_a_long_opening_phrase(run):
    (visit,) = visits_of(run, "ken-testkato")
    assert about(run, visit, "place") == {("okinawa", "asserted")}
    assert about(run, visit, "date") == {("May 4", "asserted")}


def test_a_pronoun_after_a_sentence_naming_no_person_gives_no_visitor(run):
    # "Analysts in Tokyo and Seoul said …" names no one: "She visited Manila on Monday" is left out
    manila = {c.subject for c in run.analysis.claims if c.relation == "place" and c.object == "manila"}
    assert manila == set()


def test_a_visit_to_a_name_the_registry_lacks_goes_there_not_to_the_city_it_lies_in(run):
    # "… visited Testkuni Shrine in Tokyo, which honors the war dead": the shrine (a new place), not Tokyo
    (visit,) = visits_of(run, "tomo-testinada")
    assert about(run, visit, "place") == {("testkuni-shrine", "asserted")}
    assert about(run, visit, "date") == {("Thursday (past)", "asserted")}


def test_a_visit_elsewhere_by_one_who_went_along_is_not_the_visit_told_before(run):
    # "Testabe's visit to Pearl Harbor this week …" then "Testinada, who had accompanied Testabe to Hawaii, visited
    # Testkuni Shrine": two visits; the one named in the relative clause takes no part in the second
    (pearl_harbor,) = visits_of(run, "yoshi-testabe")
    assert about(run, pearl_harbor, "place") == {("pearl-harbor", "asserted")}
    assert about(run, pearl_harbor, "participant") == {("yoshi-testabe", "asserted")}
    (shrine,) = visits_of(run, "tomo-testinada")
    assert about(run, shrine, "participant") == {("tomo-testinada", "asserted")}


def test_a_visit_to_the_site_the_report_told_of_has_its_visitor_and_day_and_no_place(run):
    # "Foreign Minister Yoko Testkawa visited the crash site on Wednesday": who went and when; the site is no place
    # the rules name, and Nago (the crash's place) is not the visit's
    (visit,) = visits_of(run, "yoko-testkawa")
    assert visit == "event/testkawa-visit-2026-08"
    assert about(run, visit, "date") == {("Wednesday (past)", "asserted")}
    assert about(run, visit, "place") == set()
