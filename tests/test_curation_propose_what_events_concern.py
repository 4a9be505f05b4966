"""`alliance-kg propose` on three texts written for these tests in the manner of news reports
(tests/fixtures/curation/launch-and-news-conference.txt, referendum-remarks.txt, two-launches-and-talks.txt): what
the events news tells concern (round 10, news_topics.py) — the missile a launch fires, what a speaker said at a news
conference or to reporters, and the event another is done in response to; and what they do not (the states a
speaker names, a missile's defence, a launch "the launches" cannot pick out of two)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, concerns_of, labelled, proposed_on

pytestmark = pytest.mark.slow  # the rules run over the texts with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def launch(tmp_path_factory):
    return proposed_on(FIXTURES / "launch-and-news-conference.txt", tmp_path_factory.mktemp("c10-a") / "sources")


@pytest.fixture(scope="module")
def referendum(tmp_path_factory):
    return proposed_on(FIXTURES / "referendum-remarks.txt", tmp_path_factory.mktemp("c10-b") / "sources")


@pytest.fixture(scope="module")
def two_launches(tmp_path_factory):
    return proposed_on(FIXTURES / "two-launches-and-talks.txt", tmp_path_factory.mktemp("c10-c") / "sources")


def test_a_launch_concerns_the_kind_of_missile_it_fires(launch, two_launches):
    fired = labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, fired) == {"ballistic-missiles"}  # "fired a ballistic missile"
    # "launched two short-range missiles": missiles, the text naming no kind the registry holds
    saturday = labelled(two_launches, "Missile launch of North Korea (June 2031)")
    assert concerns_of(two_launches, saturday) == {"missiles"}
    # "fired a Testong-9 missile": a named type the registry lacks is the reviewer's, not "missiles"
    may = labelled(two_launches, "Missile launch of North Korea (May 2031)")
    assert concerns_of(two_launches, may) == set()


def test_a_news_conference_concerns_what_was_said_there_and_the_one_launch_the_missile_names(launch):
    conference = labelled(launch, "Press conference of Kenji Testmura (May 2031)")
    fired = labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, conference) == {"counterstrike-capabilities", fired}
    # "Japan and the United States would work closely together": the states a speaker names are not its topics
    other = labelled(launch, "Press conference of Aiko Testyama (May 2031)")
    assert concerns_of(launch, other) == set()


def test_an_event_done_in_response_to_the_launch_concerns_it(launch):
    drill = labelled(launch, "Exercise of South Korea (May 2031)")
    fired = labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, drill) == {fired}


def test_remarks_to_reporters_concern_the_one_vote_the_result_names(referendum):
    remarks = labelled(referendum, "Remarks of Kenji Testmura (March 2031)")
    vote = labelled(referendum, "Okinawa prefectural referendum (March 2031)")
    assert concerns_of(referendum, remarks) == {vote}
    conference = labelled(referendum, "Press conference of Kenji Testmura (March 2031)")
    assert concerns_of(referendum, conference) == {"cruise-missiles"}  # "Japan's purchase of cruise missiles"


def test_the_forms_of_a_news_conference_and_what_they_leave_out(two_launches):
    conferences = sorted(
        e.id for e in two_launches.analysis.entities.values() if e.label.startswith("Press conference")
    )
    topics = {event: concerns_of(two_launches, event) for event in conferences}
    # "At a joint news conference after the talks, Biden said … that Japan's counterstrike capabilities …";
    # "the launches" cannot say which of the text's two launches: none of them
    # (a joint one after the talks of two: both held it, round 12)
    biden = labelled(two_launches, "Press conference of Joe Biden and Kenji Testmura (June 2031)")
    assert topics[biden] == {"counterstrike-capabilities"}
    # "…, Testmura told a news conference": the words before the speaker; "missile defense" is no missile fired
    # and no capability the registry names, so that conference concerns nothing; the other, cruise missiles
    testmura = sorted(set(conferences) - {biden})
    assert [topics[event] for event in testmura] == [set(), {"cruise-missiles"}]


@pytest.fixture(scope="module")
def talks(tmp_path_factory):
    return proposed_on(FIXTURES / "talks-on-and-ships.txt", tmp_path_factory.mktemp("c10-d") / "sources")


def test_talks_on_a_launch_concern_the_launch_not_the_state_whose_launch_it_is(talks):
    call = labelled(talks, "Meeting of Kenji Testmura and Joe Biden (September 2031)")
    fired = labelled(talks, "Missile launch of North Korea (September 2031)")
    assert concerns_of(talks, call) == {fired}  # "held telephone talks on North Korea's missile launch"
    assert concerns_of(talks, fired) == {"cruise-missiles"}


def test_what_one_discussed_with_the_other_is_what_their_talks_concern(talks):
    meeting = labelled(talks, "Meeting of Aiko Testyama and Antony Blinken (September 2031)")
    assert concerns_of(talks, meeting) == {"taiwan-strait"}  # not Washington, where they met


def test_talks_on_a_day_at_a_place_concern_nothing(talks):
    meeting = labelled(talks, "Meeting of Taro Testda (September 2031)")
    assert concerns_of(talks, meeting) == set()  # "held talks on Thursday at Yokosuka"


def test_a_meeting_called_to_discuss_the_launch_has_it_as_an_agenda_item(talks):
    council = labelled(talks, "United Nations Security Council meeting of September 2031")
    fired = labelled(talks, "Missile launch of North Korea (September 2031)")
    claims = [c for c in talks.analysis.claims if c.subject == council and c.relation == "concerns"]
    assert [(c.object, c.note) for c in claims] == [(fired, "an agenda item of the meeting to come")]


def test_a_ships_arrival_concerns_the_ship_proposed_new(talks):
    arrival = labelled(talks, "Arrival of USS Testfield at Yokosuka (September 2031)")
    ship = labelled(talks, "USS Testfield")
    assert talks.analysis.entities[ship].type == "Capability"
    assert concerns_of(talks, arrival) == {ship}


def test_a_capability_called_later_by_the_first_word_of_its_name(talks):
    conference = labelled(talks, "Press conference of Taro Testda (September 2031)")
    system = labelled(talks, "Testbolt anti-ship missile system")
    assert concerns_of(talks, conference) == {system}  # "the Testbolt would leave Japan": not Japan


def test_a_regular_news_conference_concerns_the_vote_its_words_name(referendum):
    conference = labelled(referendum, "Press conference of Aiko Testyama (March 2031)")
    vote = labelled(referendum, "Okinawa prefectural referendum (March 2031)")
    assert concerns_of(referendum, conference) == {vote}  # "told a regular news conference … that the referendum …"
