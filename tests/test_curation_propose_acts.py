"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/announcements-and-decisions.txt):
events that reports tell as speech acts and decisions — an announcement with its day of what a government will do,
a cabinet's or a council's decision (the state, and who chairs the council), a briefing of lawmakers, telephone
talks in the words reports use, a meeting named after a semicolon, a press conference "following the meeting" — each
with who acted, never the states named in what was said or decided; and what is no event: "X told reporters that
…", an office holder announcing what they will do themselves, an announcement at the meeting the text reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from proposal_fixtures import about, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "announcements-and-decisions.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURE, tmp_path_factory.mktemp("propose-acts") / "sources")


def sentence_of(run, words: str) -> int:
    return run.analysis.sentence_index(run.analysis.text.index(words))


def events_in(run, words: str) -> set[str]:
    """The events that claims about participants, dates or parts rest on the sentence holding `words`."""
    index = sentence_of(run, words)
    return {
        c.subject
        for c in run.analysis.claims
        if c.relation in ("participant", "date", "subEventOf") and run.analysis.sentence_index(c.start) == index
    }


def the_event_in(run, words: str, kind: str) -> str:
    (event,) = events_in(run, words)
    assert run.analysis.entities[event].type == kind
    return event


def test_an_announcement_with_its_day_of_what_a_government_will_do_is_an_event(run):
    # "When Defense Minister Taro Testkono announced on June 15 that Japan would suspend the deployment of its …"
    announcement = the_event_in(run, "announced on June 15", "Event")
    assert run.analysis.entities[announcement].label.startswith("Announcement of Taro Testkono")
    assert about(run, announcement, "participant") == {("taro-testkono", "asserted")}  # not Japan: what was said
    assert about(run, announcement, "date") == {("June 15", "asserted")}
    # what was announced: the registry's capability it names ("… suspend the deployment of its land-based ballistic
    # missile interceptors"), not the state that acts in it
    assert about(run, announcement, "concerns") == {("ballistic-missile-interceptor", "asserted")}
    # announced for a later day: a planned act ("Testkato will announce on Friday that the government will …")
    planned = the_event_in(run, "will announce on Friday", "Event")
    assert about(run, planned, "participant") == {("ken-testkato", "planned")}
    assert about(run, planned, "date") == {("Friday (future)", "planned")}
    # "He announced on June 27 that Japan would keep …": "He" is Testkono, whom the sentence before opens with
    again = the_event_in(run, "He announced on June 27", "Event")
    assert again != announcement
    assert about(run, again, "participant") == {("taro-testkono", "asserted")}
    assert about(run, again, "date") == {("June 27", "asserted")}
    # a state announcing what "it" will do
    state = the_event_in(run, "The United States announced on Thursday", "Event")
    assert about(run, state, "participant") == {("united-states", "asserted")}
    assert about(run, state, "date") == {("Thursday (past)", "asserted")}
    assert about(run, state, "concerns") == {("long-range-missiles", "asserted")}


def test_what_a_person_announces_of_themselves_or_at_the_meeting_reported_is_no_event(run):
    assert events_in(run, "announced on June 26 that he would step down") == set()
    assert events_in(run, "Austin announced that the United States will deploy") == set()
    reasons = run.analysis.reasons
    assert "an announcement of what a person will do, not a government" in reasons[sentence_of(run, "step down")]
    assert any("without a day of its own" in r for r in reasons[sentence_of(run, "will deploy new radars")])


def test_a_cabinet_decision_is_its_states_and_a_councils_also_its_chairs(run):
    # "Japan's Cabinet had decided in December 2017 to buy two radar systems from the United States."
    cabinet = the_event_in(run, "Japan's Cabinet had decided", "Event")
    assert about(run, cabinet, "participant") == {("japan", "asserted")}  # the supplier is what was decided
    assert about(run, cabinet, "date") == {("December 2017", "asserted")}
    # what was decided: the capability the acquisition rule proposes from the same words
    assert about(run, cabinet, "concerns") == {("two-radar-systems", "asserted")}
    assert run.analysis.entities["two-radar-systems"].type == "Capability"
    # "On June 24, the National Security Council, chaired by Prime Minister Ken Testkato, decided to abandon the plan."
    council = the_event_in(run, "chaired by Prime Minister", "Event")
    assert about(run, council, "participant") == {("ken-testkato", "asserted"), ("japan", "asserted")}
    assert about(run, council, "date") == {("June 24", "asserted")}
    assert cabinet != council
    # labelled by the body that decided, not by its chair
    assert run.analysis.entities[cabinet].label == "Decision of Japan's Cabinet (December 2017)"
    assert run.analysis.entities[council].label == "Decision of the National Security Council (June 2026)"


def test_a_briefing_of_lawmakers_is_an_event_and_telling_reporters_is_not(run):
    # "Testkono told ruling party lawmakers of the decision the next day." — the next day after June 24
    briefing = the_event_in(run, "told ruling party lawmakers", "Event")
    assert about(run, briefing, "participant") == {("taro-testkono", "asserted")}
    (date,) = [c for c in run.analysis.claims if c.subject == briefing and c.relation == "date"]
    assert (date.object, date.anchor) == ("the next day", "June 24")
    assert events_in(run, "Testkono told reporters that the costs") == set()
    assert events_in(run, "Testkato told reporters that the alliance") == set()


def test_telephone_talks_in_the_words_reports_use(run):
    # "The decision followed talks by telephone on Sunday between Testkono and U.S. Defense Secretary Lloyd Austin."
    talks = the_event_in(run, "talks by telephone on Sunday", "Meeting")
    assert about(run, talks, "participant") == {("taro-testkono", "asserted"), ("lloyd-austin", "asserted")}
    assert about(run, talks, "date") == {("Sunday (past)", "asserted")}
    # "He had congratulated Joe Biden on his election by phone in November, when the president-elect …": "He" is
    # Testkato, whom the sentence before opens with; a president-elect gives the call no leaders' level
    call = the_event_in(run, "congratulated Joe Biden", "Meeting")
    assert about(run, call, "participant") == {("ken-testkato", "asserted"), ("joe-biden", "asserted")}
    assert about(run, call, "date") == {("November (past)", "asserted")}
    assert about(run, call, "level") == set()
    # "The call was their first conversation as leaders; Testkato had met Biden in Washington in March last year.":
    # the clause after the semicolon names its own meeting, though the one before names the call
    (earlier,) = events_in(run, "Testkato had met Biden")
    assert earlier != call
    assert about(run, earlier, "participant") == {("ken-testkato", "asserted"), ("joe-biden", "asserted")}
    assert about(run, earlier, "date") == {("March 2025", "asserted")}


def test_a_press_conference_following_the_meeting_is_part_of_it_and_on_its_day(run):
    # "Testkono and Austin pledged on Tuesday to deepen cooperation, as Testkono hosted his first in-person meeting
    # with Austin in Tokyo." — the meeting happened: the pledge's "to deepen" is not its modality
    meeting = the_event_in(run, "first in-person meeting", "Meeting")
    assert about(run, meeting, "participant") == {("taro-testkono", "asserted"), ("lloyd-austin", "asserted")}
    assert about(run, meeting, "date") == {("Tuesday (past)", "asserted")}
    # "Following the meeting, the two ministers held a joint press conference."
    conference = the_event_in(run, "held a joint press conference", "Event")
    assert about(run, conference, "participant") == {("taro-testkono", "asserted"), ("lloyd-austin", "asserted")}
    assert about(run, conference, "subEventOf") == {(meeting, "asserted")}
    assert about(run, conference, "date") == {("Tuesday (past)", "asserted")}


def test_what_the_build_asks_of_an_accepted_draft(run):
    # "… the next day" counts from June 24, which the sentence before names: the draft quotes that day too (the build
    # states a single day only where a quote names it)
    draft = yaml.safe_load(run.draft("proposals/005.yaml"))
    (entry,) = [c for c in draft["claims"] if c["relation"] == "date" and c["object"] == "the next day"]
    assert entry["anchor"] == "June 24"
    assert entry["also_quotes"] == [{"quote": "June 24"}]
    # the call "in November" was in 2025, which the text never writes: its label names the month alone (a label may
    # name only the years the texts write)
    call = the_event_in(run, "congratulated Joe Biden", "Meeting")
    assert run.analysis.entities[call].label == "Meeting of Ken Testkato and Joe Biden (November)"
    assert call.endswith("-2025-11")
