"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/event-spine-forms.txt): a visit
made for a meeting is two events, the meeting part of the visit, each with the date and place of its own words; a
person named in full and then by family name alone (the first word for the states whose people reports name family
name first); a predicate coordinated in the past tense ("…, and then flew to Tokyo for talks with X") with the
clause's subject and its own modality; "the two ministers met again on the sidelines of a summit": the two named
before, another meeting, part of the summit; a related-links line left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import about, event_with, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "event-spine-forms.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-spine") / "sources")


def test_a_visit_for_a_summit_is_two_events_each_with_its_own_date_and_place(run):
    # "Testkato will travel to Washington next week for his first summit with President Donald Testtrump, set for
    # March 13 at the White House."
    visit = event_with(run, "ken-testkato", "Visit")
    summit = event_with(run, "ken-testkato", "Summit")
    assert about(run, visit, "participant") == {("ken-testkato", "planned")}  # Testtrump does not travel
    assert about(run, visit, "place") == {("washington-dc", "planned")}
    assert about(run, visit, "date") == {("next week", "planned")}
    assert about(run, summit, "participant") == {("ken-testkato", "planned"), ("donald-testtrump", "planned")}
    assert about(run, summit, "date") == {("March 13", "planned")}  # not next week: that is the journey
    assert about(run, summit, "place") == {("white-house", "planned")}  # not Washington, where the visit goes
    assert about(run, summit, "subEventOf") == {(visit, "planned")}


def test_a_visit_to_meet_someone_is_two_events_and_the_meeting_is_part_of_the_visit(run):
    # "Testnakatani will visit Seoul on Monday to meet South Korean Defense Minister Testkim Yong-hyun."
    visit = event_with(run, "gen-testnakatani", "Visit")
    meeting = event_with(run, "gen-testnakatani", "Meeting")
    assert about(run, visit, "participant") == {("gen-testnakatani", "planned")}
    assert about(run, visit, "date") == {("Monday (future)", "planned")}
    assert about(run, meeting, "participant") == {("gen-testnakatani", "planned"), ("testkim-yong-hyun", "planned")}
    assert about(run, meeting, "date") == set()  # Monday is said of the visit, before the meeting's words
    assert about(run, meeting, "subEventOf") == {(visit, "planned")}
    assert not any(c.relation == "subEventOf" and c.subject == visit for c in run.analysis.claims)


def test_a_person_called_by_family_name_alone_after_the_full_name(run):
    # "Testkim Yong-hyun" (a South Korean minister), then "Testkim met Lloyd Austin in Busan": the family name first
    person = run.analysis.entities["testkim-yong-hyun"]
    assert person.aliases == ["Testkim"]
    meeting = event_with(run, "lloyd-austin", "Meeting")
    assert about(run, meeting, "participant") == {("testkim-yong-hyun", "asserted"), ("lloyd-austin", "asserted")}
    assert "testkim" in meeting and "yong-hyun" not in meeting
    # a registered person the text names in full ("Shinzo Abe, a former prime minister, …"), then as "Abe met …"
    abe_meeting = event_with(run, "shinzo-abe", "Meeting")
    assert about(run, abe_meeting, "participant") == {("shinzo-abe", "asserted"), ("lloyd-austin", "asserted")}


def test_a_coordinated_past_predicate_has_the_clause_subject_and_its_own_modality(run):
    # "In January, Lloyd Austin announced a plan to expand joint exercises, and then flew to Tokyo for talks with
    # Testnakatani on January 16, the first such visit by a defense secretary in a year."
    (talks,) = {c.subject for c in run.analysis.claims if c.relation == "date" and c.object == "January 16"}
    assert about(run, talks, "participant") == {("lloyd-austin", "asserted"), ("gen-testnakatani", "asserted")}
    assert about(run, talks, "place") == {("tokyo", "asserted")}  # the plan announced is not the talks' modality


def test_the_two_named_before_met_again_on_the_sidelines_of_a_summit(run):
    # "Testnakatani paid a return visit to Washington in February, and the two ministers met again on the sidelines
    # of a NATO summit in Brussels later in February."
    (summit,) = {c.subject for c in run.analysis.claims if c.relation == "meetingOf" and c.object == "nato"}
    (meeting,) = {c.subject for c in run.analysis.claims if c.relation == "subEventOf" and c.object == summit}
    assert about(run, meeting, "participant") == {("lloyd-austin", "asserted"), ("gen-testnakatani", "asserted")}
    assert about(run, meeting, "level") == {("ministerial", "asserted")}  # the two ministers, not the summit's leaders
    brussels = {(o, m) for o, m in about(run, meeting, "place")}
    assert brussels == about(run, summit, "place") and len(brussels) == 1  # where the summit is, the meeting is
    assert about(run, summit, "participant") == set()  # who attends the summit is not told
    january = {c.subject for c in run.analysis.claims if c.relation == "date" and c.object == "January 16"}
    assert meeting not in january  # "met again": not the January talks


def test_the_two_leaders_named_before_no_one_are_not_the_texts_two_states(tmp_path):
    text = tmp_path / "unnamed.txt"
    text.write_text(
        "Allies meet in Geneva\nStaff report\nPublished Feb. 5, 2025\n\n"
        "Japan and the United States have long coordinated their policies.\n\n"
        "The two leaders met on the sidelines of a Group of Seven summit in Geneva last year.\n",
        encoding="utf-8",
    )
    result = proposed_on(text, tmp_path / "sources")
    # which two leaders the text does not say: Japan and the United States are not proposed as the meeting's parties
    assert not [c for c in result.analysis.claims if c.relation == "participant"]
    assert not [c for c in result.analysis.claims if c.relation == "subEventOf"]


def test_may_the_month_is_no_modal(run):
    # "Testkato visited Canberra in May last year, and the two sides …": a month, not "may"
    visit = next(
        c.subject for c in run.analysis.claims if c.relation == "place" and run.analysis.label(c.object) == "Canberra"
    )
    assert about(run, visit, "participant") == {("ken-testkato", "asserted")}


def test_a_call_dated_by_its_own_month_not_by_the_relative_clause_before_it(run):
    # "Testkato, who took office in October, spoke with Testtrump by phone in November."
    (call,) = {
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant" and c.object == "donald-testtrump" and c.modality == "asserted"
    }
    assert about(run, call, "date") == {("November (past)", "asserted")}  # the November before the text's March 2026


def test_a_date_before_a_coordinated_predicate_is_the_first_ones(run):
    # "Testkim met Shinzo Abe on Feb. 12 and signed documents on defense equipment.": the nearer cue is "signed",
    # but the date closes "met … on Feb. 12", which "and signed" is coordinated with
    meeting = next(
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant"
        and c.object == "shinzo-abe"
        and ("testkim-yong-hyun", "asserted") in about(run, c.subject, "participant")
    )
    assert about(run, meeting, "date") == {("Feb. 12", "asserted")}


def test_a_family_name_inside_another_persons_full_name_is_not_that_person(run):
    # "… attended by Testkim Min-ho, a cousin, and by his aide, Jiro Abe.": neither is Testkim Yong-hyun or Shinzo Abe
    text = run.analysis.text
    start = text.index("The talks were attended by")
    end = text.index("\n", start)
    found = {(m.entity, m.text) for m in run.analysis.mentions if start <= m.start < end}
    assert not {e for e, _ in found} & {"testkim-yong-hyun", "shinzo-abe"}
    # while "Testkim met …" and "Abe met …" elsewhere are theirs
    assert any(m.entity == "testkim-yong-hyun" and m.kind == "surname" for m in run.analysis.mentions)
    assert any(m.entity == "shinzo-abe" and m.kind == "surname" for m in run.analysis.mentions)


def test_a_related_links_line_yields_nothing(run):
    related = run.analysis.text.index("Related coverage:")
    assert not any(c.start <= related < c.end for c in run.analysis.claims)
    assert not any(e.start >= related for e in run.analysis.entities.values())


def test_a_list_set_in_todays_meeting_reports_on_it_past_a_visit_told_of_since(tmp_path):
    text = tmp_path / "readout.txt"
    text.write_text(
        "Readout of Secretary Testhegseth's meeting\nStaff report\nPublished March 30, 2025\n\n"
        "Secretary of Defense Pete Testhegseth met with Japanese Minister of Defense Gen Testnakatani in Tokyo on March 30, 2025.\n\n"
        "This was Secretary Testhegseth's first visit to Japan.\n\n"
        "During today's meeting, the two Secretaries:\n\n"
        "- Reaffirmed that Article V applies to the Senkaku Islands.\n\n"
        "- Underscored the importance of peace and stability across the Taiwan Strait.\n",
        encoding="utf-8",
    )
    result = proposed_on(text, tmp_path / "sources")
    meeting = event_with(result, "gen-testnakatani", "Meeting")
    assert about(result, meeting, "concerns") >= {("senkaku-islands", "asserted"), ("taiwan-strait", "asserted")}
    visit = event_with(result, "pete-testhegseth", "Visit")
    assert about(result, visit, "concerns") == set()  # the visit told of since is not what the list reports on


TWO_PLUS_TWO = Path(__file__).resolve().parent / "fixtures" / "curation" / "two-plus-two-day.txt"


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    return proposed_on(TWO_PLUS_TWO, tmp_path_factory.mktemp("propose-2plus2-day") / "sources")


def people_of(run, event: str) -> set[str]:
    return {o for o, _ in about(run, event, "participant")}


def test_the_meetings_of_a_two_plus_two_day_are_told_apart(day):
    ministers = {"antony-testblinken", "lloyd-austin", "yoko-testkamikawa", "minoru-testkihara"}
    scc = next(c.subject for c in day.analysis.claims if c.relation == "meetingOf")
    assert people_of(day, scc) == ministers
    meetings = {c.subject for c in day.analysis.claims if c.relation == "participant"} - {scc}
    # "Ahead of the "two-plus-two," the ministers held the first meeting on extended deterrence.": another meeting,
    # of the ministers named before
    assert ministers in [people_of(day, m) for m in meetings]
    # "the two secretaries made a courtesy call on Prime Minister Fumio Kishida": the two of that title, and Kishida
    assert {"antony-testblinken", "lloyd-austin", "fumio-kishida"} in [people_of(day, m) for m in meetings]
    # "Austin and Testkihara also met …": one more meeting, not the 2+2
    assert {"lloyd-austin", "minoru-testkihara"} in [people_of(day, m) for m in meetings]
    # "Austin will then travel on to Manila."
    visit = event_with(day, "lloyd-austin", "Visit")
    assert {day.analysis.label(o) for o, _ in about(day, visit, "place")} == {"Manila"}


def test_the_two_secretaries_are_no_prime_minister_and_a_ceremony_is_an_event(tmp_path):
    text = tmp_path / "readout.txt"
    text.write_text(
        "Readout of Secretary Testhegseth's meeting\nStaff report\nPublished March 30, 2025\n\n"
        "Secretary of Defense Pete Testhegseth met with Japanese Minister of Defense Gen Testnakatani in Tokyo on March 30, 2025.\n\n"
        "The day before, on March 29, Secretary Testhegseth and Prime Minister Shigeru Testishiba attended a memorial ceremony on Iwo Jima.\n\n"
        "Following the meeting, the two Secretaries held a joint press conference at the Ministry of Defense.\n\n"
        "Later, the two defense leaders held talks with Australian Defense Minister Richard Testmarles.\n",
        encoding="utf-8",
    )
    result = proposed_on(text, tmp_path / "sources")
    ceremony = next(
        e.id for e in result.analysis.entities.values() if e.type == "Event" and "ceremony" in e.label.lower()
    )
    assert people_of(result, ceremony) == {"pete-testhegseth", "shigeru-testishiba"}
    assert about(result, ceremony, "date") == {("March 29", "asserted")}
    conference = next(e.id for e in result.analysis.entities.values() if "conference" in e.label.lower())
    # the nearest event with two people is the ceremony, but a prime minister is not one of "the two Secretaries"
    assert people_of(result, conference) == {"pete-testhegseth", "gen-testnakatani"}
    # "the two defense leaders" are the defence ministers, not the prime minister of the ceremony
    talks = event_with(result, "richard-testmarles", "Meeting")
    assert people_of(result, talks) == {"pete-testhegseth", "gen-testnakatani", "richard-testmarles"}
