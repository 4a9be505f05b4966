"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/event-layer-in-news.txt):
the event layer on forms of fresh news (round 11) — an exercise named in apposition to its kind, the span it runs
from "on Wednesday began … that will run through", who else takes part and where it is held, told in the sentences
after it; and what is no event, or not the event's: drills as a kind of activity, what a place "hosts", a deed
"welcomed", a counted offset that dates something else by the event, the parties of an earlier clause with a subject
of its own, and a day the graph's own record of a linked event contradicts."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, events_in, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "event-layer-in-news.txt", tmp_path_factory.mktemp("events11") / "sources")


def exercise(run) -> str:
    (found,) = events_in(run, "began Iron Harbor 23")
    return found


def labels(run, event: str, relation: str) -> set[str]:
    """The objects of the event's `relation` claims: a proposed new entity by its label, the registry's by id."""
    entities = run.analysis.entities
    return {entities[o].label if o in entities else o for o, _ in about(run, event, relation)}


def test_an_exercise_named_before_its_kind_runs_from_the_day_it_began_to_the_day_it_ends(run):
    # "on Wednesday began Iron Harbor 23, a large-scale field training exercise that will run through Jan. 30"
    drill = exercise(run)
    assert run.analysis.entities[drill].type == "Exercise"
    assert run.analysis.entities[drill].label == "Iron Harbor 23 2023"
    # it began: the end to come does not make the exercise a plan, only the span it runs
    assert about(run, drill, "date") == {("2023-01-18/2023-01-30", "planned")}
    # "U.S. and Japanese forces … began": the two states' armed forces drill, not the states (as the gold of dev7 and
    # dev8 has it)
    participants = about(run, drill, "participant")
    assert {("us-armed-forces", "asserted"), ("japan-self-defense-forces", "asserted")} <= participants
    assert not {("united-states", "asserted"), ("japan", "asserted")} & participants


def test_who_else_takes_part_joins_the_exercise_told_before(run):
    drill = exercise(run)
    # "Troops from Australia and the United Kingdom are also taking part, and observers from the Philippines were
    # invited"; "The Ground Self-Defense Force is taking part with its …" (a service the registry lacks); who leads it
    assert about(run, drill, "participant") == {
        ("us-armed-forces", "asserted"),
        ("japan-self-defense-forces", "asserted"),
        ("australia", "asserted"),
        ("united-kingdom", "asserted"),
        ("japan-ground-self-defense-force", "asserted"),
        ("taro-testyoshi", "asserted"),
        ("mark-testjost", "asserted"),
    }
    # "Gen. Taro Testyoshi, chief of staff of Japan's Joint Staff, and Lt. Gen. Mark Testjost, the commander of U.S.
    # Forces Japan, are leading the exercise": its leaders, not the bodies their appositives name
    leaders = {c.object for c in run.analysis.claims if c.subject == drill and c.rule == "exercise-leader"}
    assert leaders == {"taro-testyoshi", "mark-testjost"}
    rules = {c.rule for c in run.analysis.claims if c.subject == drill and c.object == "australia"}
    assert rules == {"exercise-taking-part"}


def test_where_an_exercise_is_held_is_read_from_a_sentence_that_refers_back_to_it(run):
    # "This year's iteration spans locations from Testmark in the north to Okinawa and the Senkaku Islands"
    # the registry's Okinawa, and two places the text introduces (their labels)
    assert labels(run, exercise(run), "place") == {"Testmark", "okinawa", "Senkaku Islands"}


def test_drills_as_a_kind_what_a_place_hosts_and_a_deed_welcomed_are_no_events(run):
    assert events_in(run, "has criticized joint exercises") == set()
    assert events_in(run, "which hosts most U.S. military facilities") == set()
    assert events_in(run, "welcomed the U.S. decision") == set()
    assert [e for e in run.analysis.entities.values() if e.type == "Exercise"] == [run.analysis.entities[exercise(run)]]


def test_a_counted_offset_before_the_event_dates_the_other_thing_and_a_schedule_dates_the_event(run):
    # "The exercise comes a week before the Japanese and U.S. governments hold a ceremony in Nago": the exercise's
    # date counted from the ceremony, not the ceremony's; "the ceremony, which is scheduled for Jan. 27" is
    (ceremony,) = events_in(run, "hold a ceremony in Nago")
    assert about(run, ceremony, "date") == {("Jan. 27", "planned")}
    assert about(run, ceremony, "place") == {("nago", "asserted")}
    dated = [c for c in run.analysis.claims if c.subject == ceremony and c.relation == "date"]
    assert [run.analysis.text[c.start : c.end] for c in dated] == [
        "Gov. Kenta Testami said he would not attend the ceremony, which is scheduled for Jan. 27."
    ]


def test_one_who_will_not_attend_an_event_told_before_is_its_participant_negated(run):
    # "Gov. Kenta Testami said he would not attend the ceremony, …": the ceremony keeps its own modality and parties
    (ceremony,) = events_in(run, "hold a ceremony in Nago")
    assert about(run, ceremony, "participant") == {
        ("japan", "asserted"),
        ("united-states", "asserted"),
        ("kenta-testami", "negated"),
    }


def test_people_named_by_a_rank_take_part_in_events_without_an_office_guessed(run):
    # "Vice Gov. Testaro Kimura protested to Lt. Gen. Walter Testwell, …"; "Defense Minister Yasukazu Hamada spoke by
    # telephone on Thursday with Lt. Gen. Rex Testson, …": new people, found by their rank
    (protest,) = events_in(run, "protested to Lt. Gen. Walter Testwell")
    assert about(run, protest, "participant") == {("testaro-kimura", "asserted"), ("walter-testwell", "asserted")}
    (call,) = events_in(run, "with Lt. Gen. Rex Testson")
    assert about(run, call, "participant") == {("yasukazu-hamada", "asserted"), ("rex-testson", "asserted")}
    assert about(run, call, "date") == {("Thursday (past)", "asserted")}
    assert {run.analysis.entities[p].type for p in ("testaro-kimura", "walter-testwell", "rex-testson")} == {"Person"}
    assert run.analysis.entities["walter-testwell"].definition.startswith("Lt. Gen. Walter Testwell, as document")
    # a rank is no office: the office is what the apposition names ("…, the top Marine commander in Okinawa", "…, the
    # commander of U.S. Forces Japan"); the vice governor and the governor, named by their titles alone, hold none
    holdings = {(c.subject, c.object) for c in run.analysis.claims if c.relation == "holdsOffice"}
    people = {"testaro-kimura", "walter-testwell", "rex-testson", "kenta-testami"}
    assert {(person, office) for person, office in holdings if person in people} == {
        ("walter-testwell", "top-marine-commander-in-okinawa"),
        ("rex-testson", "commander-of-us-forces-japan"),
    }


def test_the_event_another_date_counts_from_has_no_date_of_its_own_and_stays_one_launch(run):
    # "met … in Washington on Monday, two days after North Korea launched two short-range missiles"
    named = events_in(run, "Kishida met President Joe Biden")
    kinds = {run.analysis.entities[e].type: e for e in named}
    assert sorted(kinds) == ["Event", "Meeting"]
    assert about(run, kinds["Meeting"], "date") == {("Monday (past)", "asserted")}
    launches = [e for e in run.analysis.entities.values() if e.label.startswith("Missile launch")]
    assert [e.id for e in launches] == [kinds["Event"]]
    assert about(run, launches[0].id, "participant") == {("north-korea", "asserted")}
    assert about(run, launches[0].id, "date") == set()


def test_an_earlier_clause_with_its_own_subject_gives_the_event_none_of_its_parties(run):
    # "Chinese military activity around Taiwan has risen, and Japan held talks with the United States …"
    (talks,) = events_in(run, "Japan held talks with the United States")
    assert about(run, talks, "participant") == {("japan", "asserted"), ("united-states", "asserted")}
    assert about(run, talks, "date") == {("Thursday (past)", "asserted")}


def test_a_linked_event_keeps_no_day_the_graph_contradicts(run):
    # the graph records the signing of the Security of Supply Arrangement on Jan. 12, 2023; "on Wednesday" in a
    # report of Jan. 20 is Jan. 18: another day, so no date is proposed for the registry's signing, and the
    # sentence says why
    signing = "event/defense-documents-signing-2023-01-12"
    assert about(run, signing, "signingOf") == {("us-japan-security-of-supply-arrangement", "asserted")}
    assert about(run, signing, "date") == set()
    index = run.analysis.sentence_index(run.analysis.text.index("signed the Security of Supply"))
    assert any("is not when the graph says" in reason for reason in run.analysis.reasons[index])


def test_an_offset_counts_from_the_event_told_and_not_from_the_day_a_report_was_given(run):
    # "… met Australian Prime Minister Anthony Albanese in Tokyo on Jan. 10, the ministry said on Thursday. The two
    # leaders met again three days later in Sydney.": three days after Jan. 10 (asserted), not after Thursday (which
    # would have made it a plan, after the report's date); the two leaders are Kishida and Albanese, whose office
    # ("Prime Minister of Australia", new to the graph) is a leader's
    (again,) = events_in(run, "three days later in Sydney")
    dated = [c for c in run.analysis.claims if c.subject == again and c.relation == "date"]
    assert [(c.object, c.anchor, c.modality) for c in dated] == [("three days later", "Jan. 10", "asserted")]
    assert about(run, again, "participant") == {("fumio-kishida", "asserted"), ("anthony-albanese", "asserted")}


def test_a_meeting_with_someone_the_graphs_meeting_lacks_is_not_linked_to_it(run):
    # the graph's Kishida–Biden summit of Jan. 13, 2023 shares Kishida and the day with the second Kishida–Albanese
    # meeting; Albanese is not among its people, so the meeting is a new one
    (again,) = events_in(run, "three days later in Sydney")
    assert again != "event/kishida-biden-summit-2023-01"
    assert run.analysis.entities[again].type == "Meeting"


def test_an_office_in_apposition_says_who_a_party_is_not_where_the_event_is(run):
    # "Vice Gov. Testaro Kimura protested to Lt. Gen. Walter Testwell, the top Marine commander in Okinawa, at Camp
    # Courtney on Wednesday": the protest is at Camp Courtney on Wednesday (a past "protested"), not in Okinawa, and
    # the appositive is no item of a list that would cut the clause
    (protest,) = events_in(run, "protested to Lt. Gen. Walter Testwell")
    assert labels(run, protest, "place") == {"Camp Courtney"}
    assert about(run, protest, "date") == {("Wednesday (past)", "asserted")}
