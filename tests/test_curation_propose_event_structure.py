"""`alliance-kg propose` on texts written for these tests (round 10). tests/fixtures/curation/news-parts.txt: events
within events as news tells them side by side (curation/propose/parts.py) — a visit and the traveller's meeting in
one sentence, a trip and the next sentence's meeting "In Tokyo, …", a meeting the next sentence calls a visit, a
welcome ceremony after the arrival it welcomes; and what is not part of a visit (a meeting "where he had met" on the
way, a meeting in another place than the trip's). tests/fixtures/curation/news-documents.txt: the partners a state
develops a capability "with" develop it too, and documents a government "is revising" are under revision."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "news-parts.txt", tmp_path_factory.mktemp("propose-parts10") / "sources")


@pytest.fixture(scope="module")
def documents_run(tmp_path_factory):
    return proposed_on(FIXTURES / "news-documents.txt", tmp_path_factory.mktemp("propose-documents10") / "sources")


def claims_of(run, relation: str) -> set[tuple[str, str, str, str]]:
    """(subject, object, modality, rule) of each proposed claim of `relation`."""
    return {(c.subject, c.object, c.modality, c.rule) for c in run.analysis.claims if c.relation == relation}


def events_in(run, words: str, kind: str) -> set[str]:
    """The proposed events of type `kind` whose participant, place or date claims rest on the sentence of `words`."""
    analysis = run.analysis
    index = analysis.sentence_index(analysis.text.index(words))
    return {
        c.subject
        for c in analysis.claims
        if c.relation in ("participant", "place", "date")
        and analysis.sentence_index(c.start) == index
        and analysis.type_of(c.subject) == kind
    }


def rule_of(run, subject: str) -> str:
    (claim,) = [c for c in run.analysis.claims if c.subject == subject and c.relation == "subEventOf"]
    return claim.rule


def test_a_meeting_told_with_the_travellers_arrival_is_part_of_the_visit_with_its_own_modality(run):
    (visit,) = events_in(run, "Blinken arrived in Tokyo", "Visit")
    (meeting,) = events_in(run, "Blinken arrived in Tokyo", "Meeting")
    assert about(run, meeting, "subEventOf") == {(visit, "planned")}  # "is scheduled to meet"
    assert rule_of(run, meeting) == "part-visit-meeting"
    assert about(run, visit, "subEventOf") == set()


def test_a_meeting_in_the_next_sentence_opening_with_the_capital_visited_is_part_of_the_trip(run):
    (trip,) = events_in(run, "Austin will travel to Japan", "Visit")
    (talks,) = events_in(run, "In Tokyo, Austin will hold talks", "Meeting")
    assert about(run, talks, "subEventOf") == {(trip, "planned")}
    assert rule_of(run, talks) == "part-next-at-place"


def test_a_meeting_the_next_sentence_calls_a_first_visit_is_part_of_that_visit(run):
    (visit,) = events_in(run, "It was Hamada's first visit", "Visit")
    (meeting,) = events_in(run, "Hamada met Austin at the Pentagon", "Meeting")
    assert about(run, meeting, "subEventOf") == {(visit, "asserted")}
    assert rule_of(run, meeting) == "part-called-a-visit"


def test_a_welcome_ceremony_is_part_of_the_arrival_the_report_opens_with(run):
    (ceremony,) = events_in(run, "attended a welcome ceremony", "Event")
    # the ceremony's date rests on the arrival's sentence too ("on Friday")
    (arrival,) = events_in(run, "USS George Washington arrived at Yokosuka", "Event") - {ceremony}
    assert about(run, ceremony, "subEventOf") == {(arrival, "asserted")}
    assert rule_of(run, ceremony) == "part-welcome-ceremony"


def test_a_meeting_where_the_traveller_had_been_before_is_not_part_of_the_visit(run):
    (meeting,) = events_in(run, "where he had met Blinken", "Meeting")
    assert events_in(run, "where he had met Blinken", "Visit")  # the visit to Manila is proposed
    assert about(run, meeting, "subEventOf") == set()


def test_a_meeting_in_another_place_than_the_trip_is_not_part_of_it(run):
    (meeting,) = events_in(run, "In Washington, Kishida met", "Meeting")
    assert events_in(run, "Kishida will visit Australia", "Visit")
    assert about(run, meeting, "subEventOf") == set()


def test_a_meeting_on_another_date_than_the_visit_told_with_it_is_not_part_of_it(run):
    # "Austin, who visited Manila in January, met Hayashi on Friday"
    (meeting,) = events_in(run, "who visited Manila in January", "Meeting")
    assert events_in(run, "who visited Manila in January", "Visit")
    assert about(run, meeting, "subEventOf") == set()


def test_the_states_a_capability_is_developed_with_develop_it_too_with_the_developer_as_partner(documents_run):
    developed = claims_of(documents_run, "develops")
    missile = next(
        e.id for e in documents_run.analysis.entities.values() if e.label == "Long-range interceptor missile"
    )
    assert ("japan", missile, "asserted", "capability-develops") in developed
    assert ("australia", missile, "asserted", "capability-develops-with") in developed
    assert ("united-kingdom", missile, "asserted", "capability-develops-with") in developed  # "and Britain"
    partners = {
        c.subject: c.qualifiers.get("partner")
        for c in documents_run.analysis.claims
        if c.relation == "develops" and c.rule == "capability-develops-with"
    }
    assert partners == {"australia": "japan", "united-kingdom": "japan"}


def test_a_state_named_with_a_later_act_of_the_sentence_does_not_develop_the_capability(documents_run):
    # "The United States is developing a new interceptor missile, and it will test the missile with Japan"
    developers = {s for s, o, _, _ in claims_of(documents_run, "develops") if o == "interceptor-missile"}
    assert developers == {"united-states"}


def test_documents_a_government_is_revising_are_under_revision_as_the_versions_in_force(documents_run):
    statuses = {(s, o) for s, o, _, _ in claims_of(documents_run, "status")}
    assert ("japan-national-defense-strategy-2022", "under revision") in statuses
    assert ("japan-defense-buildup-program-2022", "under revision") in statuses
    rules = {r for _, _, _, r in claims_of(documents_run, "status")}
    assert rules == {"document-under-revision"}


def test_a_revision_only_planned_a_review_by_analysts_or_of_what_a_document_holds_gives_no_status(documents_run):
    # "plans to revise its National Security Strategy next year"; "Analysts in Japan are reviewing the National
    # Security Strategy"; "Japan is reviewing the National Security Strategy's goals for defense spending"
    assert not {s for s, _, _, _ in claims_of(documents_run, "status") if "security-strategy" in s}
