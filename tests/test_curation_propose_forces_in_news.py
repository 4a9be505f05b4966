"""`alliance-kg propose` on a text written for these tests in the manner of military news (tests/fixtures/curation/
forces-in-military-news.txt): what an apposition says a place, base, unit or exercise is, a base or district in its town,
Marines stationed somewhere or moved there, what a service has where and what it deploys, an exercise's run and size
— and the appositions that tell of something else, which characterise nothing."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, claim, events_in, proposed_on, triples

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return proposed_on(FIXTURES / "forces-in-military-news.txt", tmp_path_factory.mktemp("forces11") / "sources")


def exercise(run) -> str:
    return next(e.id for e in run.analysis.entities.values() if e.type == "Exercise")


def test_an_apposition_characterises_a_place_base_or_unit_as_written(news):
    said = triples(news, "characterisation")
    assert ("camp-torrey", "the first new Marine Corps base in about 40 years") in said
    assert ("9th-coastal-regiment", "a more agile unit designed to operate from remote islands") in said
    # a distance continues the apposition; the speaker after it does not
    assert ("hanejima", "Japan's easternmost inhabited island, about 90 kilometers west of Testland") in said
    assert claim(news, "hanejima", "locatedIn", "japan").rule == "forces-states-own"


def test_an_apposition_that_tells_of_something_else_characterises_nothing(news):
    subjects = {subject for subject, _ in triples(news, "characterisation")}
    # "off Kurose Prefecture, the first confirmed incursion …" is the incursion's
    assert "kurose-prefecture" not in subjects
    # "the return of part of the Kitano Training Area, the largest return of land …" is the return's
    assert "kitano-training-area" not in subjects
    # "Marisola, a U.S. territory" says where it is (locatedIn), no more
    assert "marisola" not in subjects
    assert ("marisola", "united-states") in triples(news, "locatedIn")


def test_a_base_or_district_in_its_town(news):
    located = triples(news, "locatedIn")
    assert ("marine-corps-air-station-kitahama", "minato") in located  # "… Kitahama in Minato"
    assert ("camp-torrey", "marisola") in located  # "Camp Torrey on Marisola"
    assert ("sakai", "minato") in located  # "the Sakai district in the northern part of Minato"
    # "trained at Camp Torrey in March": a month is no town
    assert not {place for base, place in located if base == "camp-torrey" and place != "marisola"}


def test_marines_stationed_somewhere_and_moved_there(news):
    deployed = triples(news, "deployedTo")
    moved = claim(news, "us-marine-corps", "deployedTo", "marisola")
    assert (moved.modality, moved.qualifiers) == ("asserted", {"quantity": "About 300 U.S. Marines"})
    assert ("us-marine-corps", "sorano-prefecture") in deployed
    # "Philippine Marines stationed in Palawan" are another state's: no claim on Palawan
    assert not {pair for pair in deployed if "palawan" in pair}


def test_what_a_service_has_where_and_what_it_deploys(news):
    has = claim(news, "us-marine-corps", "possesses", "mv-22-osprey")
    assert has.qualifiers == {"quantity": "16 MV-22 Ospreys"}
    # "Kitahama" again is the air station named in full
    assert ("mv-22-osprey", "marine-corps-air-station-kitahama") in triples(news, "deployedTo")
    # "U.S. Marines plan to deploy a Coastal Strike Launcher System …": having it is asserted, deploying it planned
    assert claim(news, "us-marine-corps", "possesses", "coastal-strike-launcher-system").modality == "asserted"
    assert claim(news, "coastal-strike-launcher-system", "deployedTo", "hanejima").modality == "planned"
    # "will also fly its V-22 Ospreys to Hanejima"
    assert claim(news, "japan-ground-self-defense-force", "possesses", "v-22").modality == "asserted"
    assert claim(news, "v-22", "deployedTo", "hanejima").modality == "planned"


def test_an_exercise_begun_its_run_size_and_kind(news):
    event = exercise(news)
    assert news.analysis.entities[event].label.startswith("Iron Testfield 26")
    dated = claim(news, event, "date", "2026-05-11/2026-06-05")
    assert dated.modality == "planned"
    assert claim(news, event, "figure", "about 20,000 personnel").rule == "event-figure"
    assert claim(news, event, "characterisation", "a large-scale field training exercise").rule == (
        "exercise-apposition"
    )
    # "U.S. and Japanese forces … began": the two states' armed forces drill, not the states
    parties = {c.object for c in news.analysis.claims if c.subject == event and c.relation == "participant"}
    # "Troops from Australia and the United Kingdom are also taking part": the text's only exercise; observers from
    # the Philippines take no part
    assert parties == {"us-armed-forces", "japan-self-defense-forces", "australia", "united-kingdom", "lee-harlan"}
    assert news.analysis.entities["japan-self-defense-forces"].aliases == ["Self-Defense Forces", "SDF"]


def test_a_base_the_text_makes_a_services(news):
    operated = triples(news, "operatedBy")
    assert ("camp-torrey", "us-marine-corps") in operated  # "Camp Torrey, the first new Marine Corps base …"
    assert ("camp-kuroshio", "us-marine-corps") in operated  # "the Marines' Camp Kuroshio"
    # "Camp Ryo, the oldest facility beside the Marine Corps museum": the Marine Corps is not what it is
    assert ("camp-ryo", "the oldest facility beside the Marine Corps museum") in triples(news, "characterisation")
    assert ("camp-ryo", "us-marine-corps") not in operated


def test_the_exercise_told_of_again_has_its_size_and_rank(news):
    event = exercise(news)
    # "About 21,000 personnel … are taking part in this year's exercise, the largest in its history": the text's only
    # exercise
    assert claim(news, event, "figure", "About 21,000 personnel").rule == "event-figure"
    assert claim(news, event, "characterisation", "the largest in its history").rule == "exercise-apposition"


def test_a_unit_in_its_town(news):
    deployed = triples(news, "deployedTo")
    assert claim(news, "5th-test-brigade", "deployedTo", "kaimana").rule == "forces-unit-in-town"
    # "the 6th Test Brigade in April": a month is no town
    assert not {place for unit, place in deployed if unit == "6th-test-brigade"}


def test_a_services_camp_on_an_island_and_where_an_island_lies(news):
    # "a Ground Self-Defense Force camp opened on Hanejima in 2019": the service is there since the year it opened
    posted = claim(news, "japan-ground-self-defense-force", "deployedTo", "hanejima")
    assert (posted.rule, posted.qualifiers) == ("forces-service-post", {"startDate": "2019"})
    # "Tarama Island, a quiet fishing island, lies about 60 kilometers north of Testland"
    said = triples(news, "characterisation")
    assert ("tarama-island", "about 60 kilometers north of Testland") in said
    assert ("tarama-island", "a quiet fishing island") in said


def test_exercises_in_the_bare_plural_are_no_event(news):
    # "has criticized joint exercises by the United States and its allies": a kind of activity
    assert events_in(news, "criticized joint exercises") == set()
    # "held joint drills in the Philippine Sea on Tuesday": one, with its day
    assert len(events_in(news, "Japan and the United States held joint drills")) == 1


def test_an_aircraft_accident_is_an_event_of_its_own(news):
    crash = next(e.id for e in news.analysis.entities.values() if e.id.startswith("event/mv-22-osprey-crash"))
    assert {(c.relation, c.object) for c in news.analysis.claims if c.subject == crash} == {
        ("concerns", "mv-22-osprey"),
        ("participant", "us-marine-corps"),
        ("date", "Monday (past)"),
        ("place", "sakura"),
        ("characterisation", "the first major accident involving the aircraft since 2019"),
    }
    # "Residents fear that an Osprey could crash near Minato one day": no accident
    assert len([e for e in news.analysis.entities if "crash" in e]) == 1


def test_who_commands_a_unit(news):
    # "Lt. Gen. Harold Testman, the commander of U.S. Forces Japan, … watched the opening on Monday"
    holds = claim(news, "harold-testman", "holdsOffice", "commander-of-us-forces-japan")
    assert (holds.rule, holds.qualifiers) == ("forces-commander", {"asOf": "2026-05-14"})  # the document's day
    assert ("commander-of-us-forces-japan", "us-forces-japan") in triples(news, "officeOf")
    # "Gen. Ken Satomi, a former commander": of nothing the text names
    assert "ken-satomi" not in news.analysis.entities


def test_a_move_of_marines_is_an_event_of_its_own(news):
    moved = next(e.id for e in news.analysis.entities.values() if "relocation" in e.id)
    assert {(c.relation, c.object) for c in news.analysis.claims if c.subject == moved} == {
        ("participant", "us-marine-corps"),
        ("figure", "About 300 U.S. Marines"),
    }
    # "About 9,000 Marines are currently stationed in Sorano": where they are, no move
    assert len([e for e in news.analysis.entities if "relocation" in e]) == 1


def test_the_top_commander_of_a_service_in_a_place(news):
    # "Col. Mark Testwell, the top Marine commander in Sorano"
    assert claim(news, "mark-testwell", "holdsOffice", "top-marine-commander-in-sorano").rule == "forces-top-commander"
    assert ("top-marine-commander-in-sorano", "us-marine-corps") in triples(news, "officeOf")
    # "the top Coast Guard commander in Minato": a service the lexicon does not name, no office guessed
    assert "ann-ridley" not in news.analysis.entities


def test_a_service_deploys_what_it_has(news):
    possesses = triples(news, "possesses")
    # "The Marine Corps deployed the F-35B to Kitahama in 2021": the sentence's subject has it
    assert claim(news, "us-marine-corps", "possesses", "f-35b").rule == "forces-members-deploy"
    # "Critics said that … the Marine Corps deployed the F-35C …": "the X" only after the sentence's subject
    assert ("us-marine-corps", "f-35c") not in possesses


def test_who_leads_the_exercise_takes_part(news):
    event = exercise(news)
    # "Adm. Lee Harlan, the commander of the U.S. 9th Fleet, is leading the exercise"
    assert claim(news, event, "participant", "lee-harlan").rule == "exercise-leader"
    # who watched its opening did not
    assert (event, "harold-testman") not in triples(news, "participant")


def test_what_a_sentence_opening_with_the_exercises_name_says_it_is(news):
    said = {c.object for c in news.analysis.claims if c.rule == "exercise-said"}
    # "Iron Testfield, held every year since 2011, is the largest joint exercise of the allies"
    assert said == {"held every year since 2011", "the largest joint exercise of the allies"}
    # "The last Iron Testfield, in 2025, was …" is another year's exercise: nothing of this one


def test_an_event_a_week_before_another_does_not_date_the_other(news):
    # "The crash comes a week before the Japanese and U.S. governments hold a ceremony in Minato"
    ceremony = events_in(news, "hold a ceremony in Minato", ("participant", "place"))
    assert len(ceremony) == 1
    assert not [c for c in news.analysis.claims if c.subject in ceremony and c.relation == "date"]


def test_a_base_the_states_military_operates(news):
    # "the U.S. military's Kitano Training Area": the U.S. armed forces as a whole (lexicon armed_forces)
    assert claim(news, "kitano-training-area", "operatedBy", "us-armed-forces").rule == "forces-base-of-service"
