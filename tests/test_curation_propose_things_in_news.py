"""`alliance-kg propose` on a text written for these tests (tests/fixtures/curation/things-in-news.txt): the things a
news report introduces that are not events — a tower, shrine or palace in its town, islets in their sea, a training
area a unit's, ships and their owners, units and their services, a law a legislature enacts and a cabinet decision —
and the forms that say none of it (a month after "in", a ship named without the Navy, a law only promised)."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, about, claim, events_in, proposed_on, triples

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return proposed_on(FIXTURES / "things-in-news.txt", tmp_path_factory.mktemp("things12") / "sources")


def named(run, label: str) -> str:
    """The id of the proposed new entity with this label; the test fails, naming it, when there is none."""
    found = [e.id for e in run.analysis.entities.values() if e.label == label]
    assert found, f"no proposed entity labelled {label!r}"
    return found[0]


def test_a_tower_shrine_or_palace_is_in_the_town_after_it(news):
    located = triples(news, "locatedIn")
    assert (named(news, "Koyama Tower"), named(news, "New Hartford")) in located  # a town of two words
    assert (named(news, "Kitsune Palace"), named(news, "Minato")) in located
    assert (named(news, "Hoshino Shrine"), "tokyo") in located
    # "… in New Hartford in May", "… in Minato in April": a month is no town
    assert not {place for _, place in located if news.analysis.label(place) in ("May", "April")}


def test_a_facility_at_a_base_is_in_it(news):
    camp = named(news, "Camp Testhill")
    assert claim(news, named(news, "Kitahama Replacement Facility"), "locatedIn", camp).rule == "forces-in-town"
    # "Marine Fighter Attack Squadron 314 at Marine Corps Air Station Kitahama": a unit is deployed there, not in it
    assert not {s for s, _ in triples(news, "locatedIn") if s == named(news, "Marine Fighter Attack Squadron 314")}


def test_islets_are_in_the_sea_their_apposition_names(news):
    assert claim(news, named(news, "Testu Islands"), "locatedIn", "east-china-sea").rule == "forces-place-in-place"


def test_a_training_area_after_a_units_possessive_is_the_units(news):
    operated = triples(news, "operatedBy")
    gsdf = "japan-ground-self-defense-force"
    assert (named(news, "Kashiwa training area"), gsdf) in operated
    assert (named(news, "Nishi training area"), gsdf) in operated  # "… and its Nishi training area"


def test_a_base_the_headquarters_of_a_unit_is_where_the_unit_is(news):
    camp = named(news, "Camp Testhill")
    assert claim(news, named(news, "U.S. Pacific Command"), "deployedTo", camp).rule == "forces-headquarters-of"
    assert not [c for c in news.analysis.claims if c.subject == camp and c.relation == "characterisation"]


def test_a_prime_ministers_office_is_where_his_remarks_were_made(news):
    (remarks,) = events_in(news, "laws would deter aggression")
    assert about(news, remarks, "place") == {(named(news, "Prime Minister's Office"), "asserted")}
    # "Defense Minister … told reporters at his office": not the prime minister's
    (other,) = events_in(news, "training would begin soon")
    assert about(news, other, "place") == set()
    # "Australian Prime Minister … at his office": not Japan's prime minister's
    (australian,) = events_in(news, "Canberra welcomed the laws")
    assert about(news, australian, "place") == set()


def test_a_ship_named_after_its_owners_word_is_the_owners(news):
    assert claim(news, "japan", "possesses", named(news, "JS Hayate")).rule == "ships-owner-named"
    assert claim(news, "united-kingdom", "possesses", named(news, "HMS Valiant Fox")).rule == "ships-owner-named"


def test_a_sister_ship_has_the_owners_of_its_ship(news):
    assert claim(news, "japan", "possesses", named(news, "Kirin")).rule == "ships-sister-ship"


def test_a_us_navy_ship_is_the_navys_only_where_the_sentence_names_the_navy(news):
    navy = named(news, "U.S. Navy")
    owned = {ship for owner, ship in triples(news, "possesses") if owner == navy}
    # not the USS Linden of the next sentence, which names "the Philippine Navy's" only
    assert owned == {named(news, "USS Testport"), named(news, "USS Harlow")}


def test_a_us_service_named_before_a_model_has_it(news):
    models = {
        news.analysis.label(model)
        for owner, model in triples(news, "possesses")
        if owner == named(news, "U.S. Air Force")
    }
    assert models == {"CV-44B"}  # not the FA-70 of "a Philippine Air Force FA-70"
    assert claim(news, "us-marine-corps", "possesses", named(news, "F-35B")).rule == "ships-service-model"


def test_a_unit_is_a_member_of_the_service_its_possessive_or_name_gives(news):
    members = triples(news, "memberOf")
    assert (named(news, "9th Fleet"), named(news, "U.S. Navy")) in members
    assert (named(news, "5th Multi-Domain Task Force"), named(news, "U.S. Army")) in members
    squadron = named(news, "Marine Fighter Attack Squadron 314")
    assert (squadron, "us-marine-corps") in members
    assert (squadron, named(news, "Marine Corps Air Station Kitahama")) in triples(news, "deployedTo")
    # "the Philippine Navy's 4th Marine Brigade": another state's marines
    assert not {unit for unit, _ in members if news.analysis.label(unit) == "4th Marine Brigade"}


def test_a_law_the_diet_enacts_is_adopted_issued_by_japan_that_day(news):
    law = named(news, "Japan's maritime defense legislation")
    assert claim(news, law, "status", "adopted").modality == "asserted"
    assert claim(news, law, "issuedBy", "japan").rule == "law-enacted"
    assert claim(news, law, "dcterms:issued", "Saturday (past)").rule == "law-enacted"
    # "had promised that the new laws would be enacted by this summer": a promise, not a second law
    laws = [e for e in news.analysis.entities.values() if e.type == "StateDocument" and "legislation" in e.label]
    assert len(laws) == 1


def test_a_cabinet_decision_of_a_day_is_japans_of_that_day(news):
    decision = named(news, "Cabinet decision of July 1, 2025")
    assert claim(news, decision, "issuedBy", "japan").rule == "cabinet-decision"
    assert claim(news, decision, "dcterms:issued", "July 1, 2025").rule == "cabinet-decision"
    assert not [c for c in news.analysis.claims if c.subject == decision and c.relation == "status"]
