"""`alliance-kg propose` on a text written for these tests in the manner of a news report about forces
(tests/fixtures/curation/forces-in-news.txt): ships, units, bases and places the registry lacks, named by the forms
news reports use — where they are based (`deployedTo`), what units have (`possesses`), where bases and towns lie
(`locatedIn`), what a state acquires and in which mood, a capability's range, a ship's class, and an event's figure."""

from __future__ import annotations

import pytest
from proposal_fixtures import FIXTURES, claim, proposed_on, triples

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)


@pytest.fixture(scope="module")
def forces(tmp_path_factory):
    return proposed_on(FIXTURES / "forces-in-news.txt", tmp_path_factory.mktemp("forces") / "sources")


def entity(run, identifier: str) -> tuple[str, str]:
    proposed = run.analysis.entities[identifier]
    return proposed.type, proposed.label


def test_names_by_their_form_are_new_entities_of_the_kind_the_form_says(forces):
    assert entity(forces, "uss-testwood") == ("Capability", "USS Testwood")
    assert entity(forces, "us-9th-fleet") == ("MilitaryUnit", "U.S. 9th Fleet")
    assert entity(forces, "carrier-air-wing-8") == ("MilitaryUnit", "Carrier Air Wing 8")
    assert entity(forces, "marine-corps-air-station-kitahama") == ("Facility", "Marine Corps Air Station Kitahama")
    assert entity(forces, "camp-tessa") == ("Facility", "Camp Tessa")
    assert entity(forces, "sorano-prefecture") == ("Place", "Sorano Prefecture")
    assert entity(forces, "tarama-island") == ("Place", "Tarama Island")
    assert entity(forces, "california") == ("Place", "California")  # "Oakport, Calif."
    assert entity(forces, "japan-ground-self-defense-force") == ("MilitaryUnit", "Japan Ground Self-Defense Force")
    # the registry's own are used, not proposed again: "Okinawa Prefecture" is Okinawa, the ASDF is registered
    assert "okinawa-prefecture" not in forces.analysis.entities
    assert ("japan-air-self-defense-force", "patriot-batteries") in triples(forces, "possesses")


def test_where_units_and_ships_are_based(forces):
    deployed = triples(forces, "deployedTo")
    # "arrived at its new home port of Marisaki"
    assert ("uss-testwood", "marisaki") in deployed
    # "the U.S. 9th Fleet, which is headquartered in Marisaki"; "Carrier Air Wing 8, based at Marine Corps Air
    # Station Kitahama"
    assert ("us-9th-fleet", "marisaki") in deployed
    assert ("carrier-air-wing-8", "marine-corps-air-station-kitahama") in deployed
    # "deployed their Coastal Interdiction Launcher System to Tarama Island"
    assert ("coastal-interdiction-launcher-system", "tarama-island") in deployed
    # "the Navy sent the destroyer USS Testwell to the South China Sea": a region is a place
    assert ("uss-testwell", "south-china-sea") in deployed
    # "The F-35Bs of the 7th Test Squadron, stationed on Tarama Island"
    assert ("7th-test-squadron", "tarama-island") in deployed
    # "which operates 12 Ospreys from Camp Kuroda"
    assert ("japan-ground-self-defense-force", "camp-kuroda") in deployed
    # "The U.S. Navy has about 9,000 sailors stationed in Marisaki", with the number
    assert claim(forces, "us-navy", "deployedTo", "marisaki").qualifiers == {"quantity": "9000"}
    # "The United States has about 50,000 troops stationed in Japan": a state is no place and no unit
    assert not {pair for pair in deployed if "japan" in pair or "united-states" in pair}
    # the ship that left is not based where the new one is
    assert ("uss-harborview", "marisaki") not in deployed


def test_a_basing_to_come_is_planned(forces):
    # "The 4th Coastal Missile Regiment will be stationed at Camp Tessa, Okinawa"
    assert claim(forces, "4th-coastal-missile-regiment", "deployedTo", "camp-tessa").modality == "planned"
    assert claim(forces, "uss-testwood", "deployedTo", "marisaki").modality == "asserted"


def test_what_units_have(forces):
    possesses = triples(forces, "possesses")
    # "The ship is assigned to the U.S. 9th Fleet": the ship the report is about, not the one it replaces
    assert ("us-9th-fleet", "uss-testwood") in possesses
    assert ("us-9th-fleet", "uss-harborview") not in possesses
    assert ("us-9th-fleet", "uss-testwell") not in possesses  # named more often, but later
    # "which operates 12 Ospreys": the registry's Osprey, with the number
    assert claim(forces, "japan-ground-self-defense-force", "possesses", "mv-22-osprey").qualifiers == {
        "quantity": "12"
    }
    # "The F-35Bs of the 7th Test Squadron": a model designator is a capability
    assert ("7th-test-squadron", "f-35b") in possesses
    assert entity(forces, "f-35b") == ("Capability", "F-35B")
    # "the Japanese destroyer Hatakaze"
    assert ("japan", "hatakaze-destroyer") in possesses
    # "The 9th Fleet's commander": a person, no capability
    assert not {pair for pair in possesses if pair[1].startswith("commander")}


def test_where_bases_and_towns_lie(forces):
    located = triples(forces, "locatedIn")
    assert ("marisaki", "japan") in located  # "Marisaki, Japan"
    assert ("oakport", "california") in located  # "Oakport, Calif."
    assert ("marine-corps-air-station-kitahama", "sorano-prefecture") in located
    assert ("camp-kuroda", "sorano-prefecture") in located
    assert ("camp-tessa", "okinawa") in located  # "Camp Tessa, Okinawa"
    assert ("tarama-island", "okinawa") in located  # "Tarama Island in Okinawa Prefecture"
    assert ("saipan", "united-states") in located  # "Saipan, a U.S. territory"
    assert ("camp-lorne", "saipan") in located  # "Saipan … hosts Camp Lorne"
    assert ("kitamura", "sorano-prefecture") in located  # "Kitamura, Sorano Prefecture"
    # "Hanase, Japan's southernmost inhabited island": in Japan, and so the text characterises it
    assert ("hanase", "japan") in located
    assert claim(forces, "hanase", "characterisation", "Japan's southernmost inhabited island").modality == "asserted"
    # "Kemo Island, Japan's closest neighbor to the range": no island, city or port of Japan's
    assert ("kemo-island", "japan") not in located
    # "at Camp Kuroda, Camp Tessa and Marisaki": a list, not one place in another
    assert ("camp-kuroda", "camp-tessa") not in located
    assert ("camp-tessa", "marisaki") not in located


def test_what_a_state_acquires_keeps_the_mood_of_its_own_predicate(forces):
    # "Japan is acquiring up to 300 Testhawks from the United States": the number counts, "up to" is no end of it
    testhawks = claim(forces, "japan", "acquires", "testhawks")
    assert testhawks.qualifiers == {"supplier": "united-states", "quantity": "300"}
    assert testhawks.modality == "asserted"
    # "Japan plans to open a new base …, and is buying 40 Skylark drones": the plan is not the purchase's mood
    assert claim(forces, "japan", "acquires", "skylark-drones").modality == "asserted"


def test_a_capabilitys_range_a_ships_class_and_a_meetings_length(forces):
    characterised = {(c.subject, c.object) for c in forces.analysis.claims if c.relation == "characterisation"}
    assert ("type-30-missiles", "a range of about 2,000 kilometers") in characterised
    assert ("uss-testwell", "Arleigh Burke-class destroyer") in characterised
    figures = {(c.subject, c.object) for c in forces.analysis.claims if c.relation == "figure"}
    assert figures == {("event/testkawa-austin-meeting-2026-05", "about 50 minutes")}
