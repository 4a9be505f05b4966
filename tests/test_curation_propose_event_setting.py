"""`alliance-kg propose` on a news report written for these tests (tests/fixtures/curation/fresh-text-setting.txt):
where and when an event took place when the text gives it away from the event's clause (round 10,
curation/propose/event_setting.py) — the place a "where" clause follows, the destination of a journey made for a
meeting, the Pentagon as a building, a sentence's opening date, "the same day", and the date and place of another
clause left to that clause."""

from __future__ import annotations

import pytest
from alliance_kg.curation.propose.event_setting import BUILDINGS, JOURNEY
from alliance_kg.loaders.dates import DateValue
from proposal_fixtures import FIXTURES, about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "fresh-text-setting.txt", tmp_path_factory.mktemp("setting") / "sources")


def event_in(run, words: str, *people: str, kind: str | None = None) -> str:
    """The event (of type `kind`, when given) whose participant claims quote the sentence holding `words` and name
    all of `people`."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    found: dict[str, set[str]] = {}
    for c in run.analysis.claims:
        if c.relation == "participant" and run.analysis.sentence_index(c.start) == index:
            found.setdefault(c.subject, set()).add(c.object)
    matching = [
        event
        for event, named in found.items()
        if set(people) <= named and (kind is None or run.analysis.entities[event].type == kind)
    ]
    assert len(matching) == 1, found
    return matching[0]


def label_of(run, entity: str) -> str:
    return run.analysis.entities[entity].label if entity in run.analysis.entities else entity


def places(run, event: str) -> set[str]:
    return {label_of(run, place) for place, _ in about(run, event, "place")}


def test_talks_at_the_pentagon_are_held_in_the_building_not_the_department(run):
    talks = event_in(run, "held talks at the Pentagon", "yasukazu-hamada", "lloyd-austin")
    assert places(run, talks) == {"Pentagon"}
    assert about(run, talks, "date") == {("Wednesday (past)", "asserted")}


def test_a_meeting_in_a_where_clause_is_at_the_place_the_clause_follows_and_not_on_the_arrivals_day(run):
    # "Hamada arrived in Washington on Monday from Ottawa, where he had met … Blinken"
    meeting = event_in(run, "where he had met", "yasukazu-hamada", "antony-blinken")
    assert places(run, meeting) == {"Ottawa"}
    assert about(run, meeting, "date") == set()  # the past perfect: before Monday's arrival
    visit = event_in(run, "where he had met", "yasukazu-hamada", kind="Visit")
    assert about(run, visit, "place") == {("washington-dc", "asserted")}
    assert about(run, visit, "date") == set()  # Monday is the arrival's day; the visit runs over days (round 13)


def test_a_sentences_opening_date_dates_the_courtesy_call_it_stands_before(run):
    call = event_in(run, "paid a courtesy call", "kamala-harris")
    assert about(run, call, "date") == {("Tuesday (past)", "asserted")}
    talks = event_in(run, "held talks at the Pentagon", "yasukazu-hamada", "lloyd-austin")
    assert call != talks  # a call on Tuesday is not Wednesday's talks
    assert "kamala-harris" not in {p for p, _ in about(run, talks, "participant")}


def test_a_meeting_a_journey_is_made_for_is_held_where_the_journey_goes(run):
    meeting = event_in(run, "fly to Canberra", "yasukazu-hamada", "lloyd-austin")
    assert places(run, meeting) == {"Canberra"}
    assert about(run, meeting, "date") == {("Friday (future)", "planned")}


def test_the_same_day_is_the_day_the_text_gave_last(run):
    talks = event_in(run, "the same day", "kurt-campbell")
    assert {date for date, _ in about(run, talks, "date")} == {"the same day"}
    claim = next(c for c in run.analysis.claims if c.subject == talks and c.relation == "date")
    assert claim.anchor == "May 11"


def test_the_date_and_place_of_a_coordinated_clause_with_its_own_subject_are_not_the_later_meetings(run):
    # "Blinken flew to Tokyo last week, and Hayashi met President Joe Biden in Paris on Tuesday."
    meeting = event_in(run, "in Paris on Tuesday", "yoshimasa-hayashi", "joe-biden")
    assert places(run, meeting) == {"Paris"}
    assert about(run, meeting, "date") == {("Tuesday (past)", "asserted")}


def test_the_forms_stay_narrow():
    # a journey "for" what is no event named after it, and a department's official, are not read as places
    assert JOURNEY.search("will fly to Seoul on Wednesday and meet") is None
    assert JOURNEY.search("will fly to Seoul on Wednesday for a similar ") is not None
    assert BUILDINGS.search("talks with a State Department official") is None
    assert BUILDINGS.search("a meeting at the Pentagon official") is None
    assert BUILDINGS.search("talks at the State Department on Friday") is not None


def test_the_same_day_resolves_to_its_anchor_and_is_found_in_text():
    from alliance_kg.curation.textdates import find_dates
    from alliance_kg.loaders.dates import DateValue, days_named, resolve_date

    reference = DateValue.parse_iso("2026-05-14")
    anchor = DateValue.parse_iso("2026-05-11")
    assert resolve_date("the same day", reference, anchor) == anchor
    assert resolve_date("the following day", reference, anchor) == DateValue.parse_iso("2026-05-12")
    found = find_dates("Hayashi met Blinken on May 11 and held talks with Campbell the same day.", 0, reference)
    assert [(m.expression, m.kind) for m in found] == [("May 11", "day"), ("the same day", "offset")]
    assert days_named("held talks there the same day", reference, anchor) == {anchor.earliest}


def test_the_following_day_counts_from_the_weekday_the_text_gave_last(run):
    # "… met Biden in Washington on Tuesday. The following day, Hayashi held talks with Rahm Emanuel." (a Thursday
    # report): the day after that Tuesday, not after the May 11 written further up
    talks = event_in(run, "The following day", "rahm-emanuel")
    claim = next(c for c in run.analysis.claims if c.subject == talks and c.relation == "date")
    assert (claim.object, claim.anchor) == ("the following day", "Tuesday (past)")
    assert run.analysis.resolve(claim.object, next(d for d in run.analysis.dates if d.text == "The following day")) == (
        DateValue.parse_iso("2026-05-13")
    )


def claims_in(run, words: str, relation: str) -> set[tuple[str, str]]:
    """(subject, object) of each proposed `relation` claim quoting the sentence that holds `words`."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    return {
        (c.subject, label_of(run, c.object))
        for c in run.analysis.claims
        if c.relation == relation and run.analysis.sentence_index(c.start) == index
    }


def test_a_place_in_a_subordinate_clause_after_the_cue_is_not_the_meetings(run):
    # "Hayashi met John Kirby in Honolulu on Monday, after Kirby returned from Washington."
    meeting = event_in(run, "after Kirby returned", "yoshimasa-hayashi", "john-kirby")
    assert places(run, meeting) == {"Honolulu"}
    assert about(run, meeting, "date") == {("Monday (past)", "asserted")}


def test_a_place_in_a_relative_clause_before_the_cue_is_not_the_planned_meetings(run):
    # "Hayashi, who met Bill Nelson in Tokyo in April, said … would hold a "2+2" meeting in Washington later this year."
    assert {place for _, place in claims_in(run, "who met Bill Nelson", "place")} == {"washington-dc"}
