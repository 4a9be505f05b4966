"""`alliance-kg propose` on three texts written for these tests in the manner of news reports
(tests/fixtures/curation/launch-and-news-conference.txt, referendum-remarks.txt, two-launches-and-talks.txt): what
the events news tells concern (round 10, news_topics.py) — the missile a launch fires, what a speaker said at a news
conference or to reporters, and the event another is done in response to; and what they do not (the states a
speaker names, a missile's defence, a launch "the launches" cannot pick out of two)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, proposed_on

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


def event_labelled(run, label: str) -> str:
    return next(e.id for e in run.analysis.entities.values() if e.label == label)


def concerns_of(run, event: str) -> set[str]:
    return {obj for obj, _ in about(run, event, "concerns")}


def test_a_launch_concerns_the_kind_of_missile_it_fires(launch, two_launches):
    fired = event_labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, fired) == {"ballistic-missiles"}  # "fired a ballistic missile"
    # "launched two short-range missiles": missiles, the text naming no kind the registry holds
    saturday = event_labelled(two_launches, "Missile launch of North Korea (June 2031)")
    assert concerns_of(two_launches, saturday) == {"missiles"}
    # "fired a Testong-9 missile": a named type the registry lacks is the reviewer's, not "missiles"
    may = event_labelled(two_launches, "Missile launch of North Korea (May 2031)")
    assert concerns_of(two_launches, may) == set()


def test_a_news_conference_concerns_what_was_said_there_and_the_one_launch_the_missile_names(launch):
    conference = event_labelled(launch, "Press conference of Kenji Testmura (May 2031)")
    fired = event_labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, conference) == {"counterstrike-capabilities", fired}
    # "Japan and the United States would work closely together": the states a speaker names are not its topics
    other = event_labelled(launch, "Press conference of Aiko Testyama (May 2031)")
    assert concerns_of(launch, other) == set()


def test_an_event_done_in_response_to_the_launch_concerns_it(launch):
    drill = event_labelled(launch, "Exercise of South Korea (May 2031)")
    fired = event_labelled(launch, "Missile launch of North Korea (May 2031)")
    assert concerns_of(launch, drill) == {fired}


def test_remarks_to_reporters_concern_the_one_vote_the_result_names(referendum):
    remarks = event_labelled(referendum, "Remarks of Kenji Testmura (March 2031)")
    vote = event_labelled(referendum, "Okinawa prefectural referendum (March 2031)")
    assert concerns_of(referendum, remarks) == {vote}
    conference = event_labelled(referendum, "Press conference of Kenji Testmura (March 2031)")
    assert concerns_of(referendum, conference) == {"cruise-missiles"}  # "Japan's purchase of cruise missiles"


def test_the_forms_of_a_news_conference_and_what_they_leave_out(two_launches):
    conferences = sorted(
        e.id for e in two_launches.analysis.entities.values() if e.label.startswith("Press conference")
    )
    topics = {event: concerns_of(two_launches, event) for event in conferences}
    # "At a joint news conference after the talks, Biden said … that Japan's counterstrike capabilities …";
    # "the launches" cannot say which of the text's two launches: none of them
    biden = event_labelled(two_launches, "Press conference of Joe Biden (June 2031)")
    assert topics[biden] == {"counterstrike-capabilities"}
    # "…, Testmura told a news conference": the words before the speaker; "missile defense" is no missile fired
    # and no capability the registry names, so that conference concerns nothing; the other, cruise missiles
    testmura = sorted(set(conferences) - {biden})
    assert [topics[event] for event in testmura] == [set(), {"cruise-missiles"}]
