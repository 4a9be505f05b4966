"""What the graph says now about each claim that issue 12 found unsupported, and the patterns it unified.

A claim that a text does not make as a fact (a plan, an agenda item, talks to start, a call, a former state) has
no plain shortcut triple: it lives in its qualified node, with its akg:modality. Each test reads the claim's own
graph and the default graph (what a SPARQL user without GRAPH sees).
"""

from __future__ import annotations

import re

import pytest
from alliance_kg.loaders.dates import DateValue, days_named
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.queries import load_catalogue

PREFIXES = """
PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX id: <https://w3id.org/alliance-kg/id/>
PREFIX claim: <https://w3id.org/alliance-kg/claim/>
PREFIX modality: <https://w3id.org/alliance-kg/id/modality/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
BASE = "https://w3id.org/alliance-kg/"


def rows(store, query: str) -> list[dict[str, str | None]]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def ask(store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def statement_of(store, claim_id: str) -> dict[str, str | None]:
    """The qualified node of a claim: subject, shortcut, object and modality, and whether the claim graph (or
    the default graph) holds the shortcut triple."""
    (row,) = rows(
        store,
        f"""SELECT ?s ?p ?o ?m WHERE {{
              GRAPH claim:{claim_id} {{ ?n akg:modality ?m ; a ?form ; ?sp ?s ; ?op ?o }}
              ?form akg:qualifies ?p ; akg:subjectProperty ?sp ; akg:objectProperty ?op }}""",
    )
    s, p, o = (f"<{row[k]}>" for k in ("s", "p", "o"))
    row["shortcut_in_claim"] = ask(store, f"ASK {{ GRAPH claim:{claim_id} {{ {s} {p} {o} }} }}")
    row["shortcut_anywhere"] = ask(store, f"ASK {{ {s} {p} {o} }}")
    row["modality"] = row["m"].rsplit("/", 1)[-1]
    return row


@pytest.mark.parametrize(
    ("claim_id", "subject", "relation", "obj", "modality"),
    [
        # "officials ... affirmed that the U.S. and Japan would step up similar activities"
        ("000-japan-develops-hypersonic-weapons", "japan", "develops", "hypersonic-weapon-systems", "planned"),
        ("000-us-develops-hypersonic-weapons", "united-states", "develops", "hypersonic-weapon-systems", "planned"),
        ("000-japan-develops-hypersonic-interceptors", "japan", "develops", "counter-hypersonic-systems", "planned"),
        ("000-us-develops-hypersonic-interceptors", "united-states", "develops", "counter-hypersonic-systems",
         "planned"),
        # "agenda items ... joint development and production of missiles"
        ("002-japan-develops-missiles", "japan", "develops", "missiles", "agenda-item"),
        ("002-us-develops-missiles", "united-states", "develops", "missiles", "agenda-item"),
        # "The move will also start talks on developing a long-range missile capability"
        ("001-japan-long-range-missiles", "japan", "develops", "long-range-missiles", "under-negotiation"),
        # "a call for the United States to return to the Trans-Pacific Partnership (TPP) project"
        ("003-tpp-party-us", "trans-pacific-partnership", "hasParty", "united-states", "former"),
        ("003-tpp-return-us", "trans-pacific-partnership", "hasParty", "united-states", "proposed"),
        # "after the premiership of Shinzo Abe", "former Prime Minister Abe Shinzo"
        ("003-abe-premiership", "shinzo-abe", "holdsOffice", "prime-minister-of-japan", "former"),
        ("004-abe-former-prime-minister", "shinzo-abe", "holdsOffice", "prime-minister-of-japan", "former"),
        # "The documents commit Japan and the United States to work together on ..."
        ("001-japan-develops-autonomous-systems", "japan", "develops", "autonomous-systems", "agreed-to-pursue"),
        # "will now see Japan acquire", "would be equipped with", "Japan's adoption of counterstrike capabilities"
        ("001-japan-acquires-counterstrike", "japan", "acquires", "counterstrike-capabilities", "planned"),
        ("001-new-formation-isr", "new-formation-2023", "acquires", "isr-capabilities", "planned"),
        ("003-counterstrike-adopted", "japan", "acquires", "counterstrike-capabilities", "planned"),
        # "called for low altitude Osprey training"
        ("000-osprey-training-japan", "japan", "makesCommitment", "commitment/low-altitude-osprey-training",
         "proposed"),
        # "yielded commitments ... to cultivate a more agile U.S. Marine littoral regiment in Okinawa"
        ("003-marine-littoral-regiment-okinawa", "us-marine-littoral-regiment-okinawa", "deployedTo", "okinawa",
         "agreed-to-pursue"),
        # "the Exchange of Notes ..., when signed"
        ("004-exchange-of-notes-party-japan", "us-japan-exchange-of-notes-rdps-te", "hasParty", "japan",
         "under-negotiation"),
    ],
)  # fmt: skip
def test_what_a_text_does_not_state_as_done_has_no_shortcut(graph_store, claim_id, subject, relation, obj, modality):
    got = statement_of(graph_store, claim_id)
    assert (got["s"], got["p"], got["o"]) == (BASE + "id/" + subject, BASE + "ontology#" + relation, BASE + "id/" + obj)
    assert got["modality"] == modality
    assert not got["shortcut_in_claim"]
    if claim_id not in ("003-counterstrike-adopted", "001-japan-acquires-counterstrike"):
        assert not got["shortcut_anywhere"]  # no other source states it as done either


def test_a_stated_fact_keeps_its_shortcut_beside_its_node(graph_store):
    got = statement_of(graph_store, "000-japan-develops-bmd-interceptor")
    assert got["modality"] == "asserted" and got["shortcut_in_claim"]
    # 002: "the acquisition of counterstrike capabilities ... have been in the works for a while"
    assert statement_of(graph_store, "002-japan-acquires-counterstrike")["modality"] == "asserted"


def test_capabilities_a_state_already_has_are_possessed_not_acquired(graph_store):
    for claim_id, capability in (("004-offensive-strike-capability-japan", "offensive-strike-capability"),
                                 ("000-japan-mv-22", "mv-22-osprey"), ("000-us-mv-22", "mv-22-osprey")):  # fmt: skip
        got = statement_of(graph_store, claim_id)
        assert got["p"] == BASE + "ontology#possesses" and got["o"] == BASE + "id/" + capability
        assert got["modality"] == "asserted"
    assert not ask(graph_store, "ASK { ?who akg:acquires id:offensive-strike-capability }")
    assert not ask(graph_store, "ASK { ?who akg:acquires id:mv-22-osprey }")
    # "Japanese defense forces, which haven't wielded such a weapon since World War II"
    assert statement_of(graph_store, "001-japan-no-long-range-missiles")["modality"] == "negated"


def test_a_former_prime_minister_is_not_a_current_one(graph_store):
    assert not ask(graph_store, "ASK { id:shinzo-abe akg:holdsOffice ?office }")
    holders = rows(graph_store, "SELECT DISTINCT ?p WHERE { ?p akg:holdsOffice id:prime-minister-of-japan }")
    assert holders == [{"p": BASE + "id/fumio-kishida"}]


def test_a_fortnight_before_is_a_span_not_a_day(graph_store):
    """003: "Just a fortnight before Kishida's arrival" (January 13, 2023): 7 to 21 days before, no day."""
    for claim_id, subject, prop in (
        ("003-scc-2023-date", "event/scc-2023-01", "akg:date"),
        ("003-scc-2023-joint-statement-issued", "scc-joint-statement-2023-01", "dcterms:issued"),
    ):
        s = f"<{BASE}id/{subject}>"
        graph = f"claim:{claim_id}"
        assert not ask(graph_store, f"ASK {{ GRAPH {graph} {{ {s} {prop} ?d }} }}")
        (bounds,) = rows(
            graph_store, f"SELECT ?a ?b WHERE {{ GRAPH {graph} {{ {s} akg:earliestDate ?a ; akg:latestDate ?b }} }}"
        )
        assert bounds == {"a": "2022-12-23", "b": "2023-01-06"}
    # the sources that name the day keep it, beside 003's span: the disagreement stays, with each source
    days = rows(graph_store, "SELECT DISTINCT ?d WHERE { id:event\\/scc-2023-01 akg:date ?d }")
    assert days == [{"d": "2023-01-11"}]
    assert not ask(graph_store, 'ASK { ?s ?p "2022-12-30"^^<http://www.w3.org/2001/XMLSchema#date> }')


def test_no_day_at_day_precision_unless_a_quote_names_it(graph_store):
    """Every xsd:date value a claim states is named by one of its quotes, or counted from a day a quote names."""
    texts = {f"{BASE}doc/{s.id}": s for s in load_sources(SourcesFolder.default())}
    found = rows(
        graph_store,
        """SELECT ?claim ?doc ?day (GROUP_CONCAT(?exact; separator=" … ") AS ?quotes) WHERE {
              GRAPH ?claim { ?s ?p ?day FILTER(DATATYPE(?day) = <http://www.w3.org/2001/XMLSchema#date>)
                             FILTER(?p NOT IN (akg:earliestDate, akg:latestDate)) }
              ?claim akg:sourceDocument ?doc ; <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?exact
           } GROUP BY ?claim ?doc ?day""",
    )
    assert len(found) > 30
    for row in found:
        source = texts[row["doc"]]
        named = days_named(row["quotes"], source.date) | {
            day for anchor in days_named(row["quotes"], source.date)
            for day in days_named(row["quotes"], source.date, DateValue.day(anchor))
        }  # fmt: skip
        assert DateValue.parse_iso(row["day"]).earliest in named, row["claim"]


def test_part_of_a_title_is_not_the_title(graph_store):
    """002 quotes words the title "indicated"; the statement has no dcterms:title, and the claim is retired."""
    assert not ask(graph_store, "ASK { id:us-japan-leaders-joint-statement-2024-04 dcterms:title ?t }")
    assert not ask(graph_store, "ASK { GRAPH claim:002-joint-statement-title { ?s ?p ?o } }")
    assert not ask(graph_store, 'ASK { ?e skos:altLabel "Global Partners for the Future"@en }')


def test_nodes_about_a_document_are_minted_under_id_doc(graph_store):
    """The five qualified nodes of 002 whose subject is "this document" are …/id/doc/002/…, not …/id/https://…."""
    minted = """ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?s), "https://w3id.org/alliance-kg/id/https")
                                        && ?g != <https://w3id.org/alliance-kg/graph/release>) }"""
    assert not ask(graph_store, minted)  # only the record of retired IRIs still names them
    nodes = rows(
        graph_store,
        """SELECT ?n WHERE { ?n akg:assessor <https://w3id.org/alliance-kg/doc/002> } ORDER BY ?n""",
    )
    assert [r["n"].removeprefix(BASE) for r in nodes] == [
        "id/doc/002/identifiesThreat/china/1e09b26e70",
        "id/doc/002/identifiesThreat/china/d58c652110",
        "id/doc/002/identifiesThreat/north-korea/1e09b26e70",
        "id/doc/002/identifiesThreat/north-korea/d58c652110",
        "id/doc/002/identifiesThreat/terrorist-groups/1e09b26e70",
    ]


def test_revisions_are_one_pattern(graph_store):
    """A completed revision is akg:revises between versions; the scheme has no 'revised' status any more."""
    revisions = rows(
        graph_store,
        "SELECT ?new ?old WHERE { ?n akg:revises ?o . ?n rdfs:label ?new . ?o rdfs:label ?old } ORDER BY ?new",
    )
    assert [(r["new"], r["old"]) for r in revisions] == [
        ("1997 Guidelines for Japan-U.S. Defense Cooperation", "Guidelines for Japan-U.S. Defense Cooperation (before 1997)"),
        ("2015 Guidelines for Japan-U.S. Defense Cooperation", "1997 Guidelines for Japan-U.S. Defense Cooperation"),
        ("Defense Buildup Program of Japan (2022)", "Defense Buildup Program of Japan (before its 2022 revision)"),
        ("Japan's updated Free and Open Indo-Pacific policy", "Free and Open Indo-Pacific"),
        ("National Defense Strategy of Japan (2022)", "National Defense Strategy of Japan (before its 2022 revision)"),
        ("National Security Strategy of Japan (2022)", "National Security Strategy of Japan (before its 2022 revision)"),
    ]  # fmt: skip
    assert not ask(graph_store, "ASK { ?c skos:prefLabel 'revised'@en }")
    # the strategies revised "at the end of 2022": the year, with the last third of it as bounds
    (issued,) = rows(
        graph_store,
        """SELECT ?y ?a ?b WHERE { id:japan-national-security-strategy-2022 dcterms:issued ?y ;
              akg:earliestDate ?a ; akg:latestDate ?b }""",
    )
    assert issued == {"y": "2022", "a": "2022-09-01", "b": "2022-12-31"}


def test_summits_of_a_series_name_it(graph_store):
    series = rows(
        graph_store,
        """SELECT ?m ?series WHERE { VALUES ?m { id:event\\/nato-summit-2022 id:event\\/g7-summit-2023-05 }
              ?m akg:meetingOf ?s . ?s rdfs:label ?series } ORDER BY ?series""",
    )
    assert [r["series"] for r in series] == ["Group of Seven", "NATO"]


def test_events_have_the_participants_the_text_names(graph_store):
    for event, expected in (
        ("event/article-v-cyber-affirmation-2019", ["japan", "united-states"]),  # "the allies affirmed"
        ("event/scc-2021-03", ["japan", "united-states"]),  # "the two countries' commitment"
        ("event/space-framework-agreement-signing-2023", ["japan", "united-states"]),  # "Leaders from Japan and"
        ("event/russian-invasion-of-ukraine", ["russia", "ukraine", "vladimir-putin"]),
    ):
        got = rows(graph_store, f"SELECT ?p WHERE {{ <{BASE}id/{event}> akg:participant ?p }} ORDER BY ?p")
        assert [r["p"].removeprefix(BASE + "id/") for r in got] == expected, event
    assert not ask(graph_store, "ASK { id:event\\/russian-invasion-of-ukraine akg:place ?p }")


def test_article_5_is_found_by_its_number(graph_store):
    got = rows(
        graph_store,
        """SELECT ?a ?doc WHERE { GRAPH ?claim { ?a akg:articleNumber "5" } ?claim akg:sourceDocument ?doc }
           ORDER BY ?doc""",
    )
    assert [(r["a"].removeprefix(BASE), r["doc"][-3:]) for r in got] == [
        ("id/us-japan-security-treaty/art_5", "001"),
        ("id/us-japan-security-treaty/art_5", "003"),
    ]


def test_the_agenda_items_of_one_sentence_are_said_one_way(graph_store):
    """Every item of 002's list of agenda items is something the state visit concerns, and every claim that
    says more about an item (development, membership) is an agenda item, not a fact."""
    concerned = rows(
        graph_store,
        """SELECT ?o WHERE { GRAPH ?claim { id:event\\/kishida-state-visit-2024-04 akg:concerns ?o }
              ?claim <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact>
                     "Even many agenda items meant to foster a closer bilateral alliance" } ORDER BY ?o""",
    )
    assert [r["o"].removeprefix(BASE + "id/") for r in concerned] == [
        "artificial-intelligence", "aukus", "missiles", "naval-maintenance-in-japan", "quantum-computing",
        "semiconductor-design", "un-security-council",
    ]  # fmt: skip
    others = rows(
        graph_store,
        """SELECT ?claim ?m WHERE {
              ?claim <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact>
                     "Even many agenda items meant to foster a closer bilateral alliance" .
              GRAPH ?claim { ?n akg:modality ?m } }""",
    )
    assert len(others) == 10 and {r["m"].rsplit("/", 1)[-1] for r in others} == {"agenda-item"}


def test_registry_says_only_what_the_texts_say(graph_store):
    """No label or definition names a year that no text names (the 2013 of a strategy no text dates)."""
    texts = " ".join(s.text for s in load_sources(SourcesFolder.default()))
    stated = set(re.findall(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)", texts))
    entries = rows(
        graph_store,
        """SELECT ?e ?text WHERE { GRAPH <https://w3id.org/alliance-kg/graph/registry> {
              { ?e rdfs:label ?text } UNION { ?e skos:definition ?text } } }""",
    )
    assert len(entries) > 300
    for row in entries:
        assert set(re.findall(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)", row["text"])) <= stated, row
    assert not ask(
        graph_store,
        "ASK { GRAPH <https://w3id.org/alliance-kg/graph/registry> { id:japan-national-security-strategy-2013 ?p ?o } }",
    )


def catalogue_rows(store, name: str) -> list[dict[str, str | None]]:
    solutions = store.query(load_catalogue()[name].text)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_capabilities_under_development_are_only_what_is_stated_as_done(graph_store):
    got = catalogue_rows(graph_store, "capabilities_under_development")
    assert {(r["capability"], r["developer"], r["with"]) for r in got} == {
        ("Ballistic missile interceptor", "Japan", "United States"),
        ("Ballistic missile interceptor", "United States", "Japan"),
    }
    intentions = {"Hypersonic weapon systems", "Counter-hypersonic systems", "Missiles", "Long-range missiles",
                  "Autonomous systems", "Microwave weapons", "Artificial intelligence"}  # fmt: skip
    assert not intentions & {r["capability"] for r in got}


def test_plans_and_intentions_are_found_as_such(graph_store):
    got = catalogue_rows(graph_store, "plans_and_intentions")
    found = {(r["modality"], r["subject"], r["relation"], r["object"], r["source"][-3:]) for r in got}
    for row in [
        ("planned", "Japan", "develops", "Hypersonic weapon systems", "000"),
        ("planned", "United States", "develops", "Counter-hypersonic systems", "000"),
        ("agenda item", "Japan", "develops", "Missiles", "002"),
        ("agenda item", "Japan", "member of", "United Nations Security Council", "002"),
        ("under negotiation", "Japan", "develops", "Long-range missiles", "001"),
        ("agreed to pursue", "United States", "develops", "Microwave weapons", "001"),
        ("proposed", "Trans-Pacific Partnership", "has party", "United States", "003"),
        ("proposed", "Japan", "makes commitment", "Low altitude Osprey training", "000"),
        ("planned", "Japan", "makes commitment", "Japan's defense expenditures at 2% of GDP", "003"),
        ("planned", "G-7 leaders' summit hosted by Japan (May 2023)", "date", "2023-05", "003"),
        ("under negotiation", "Exchange of Notes on Cooperative Research, Development, Production and Sustainment as "
         "well as Cooperation in Testing and Evaluation", "has party", "Japan", "004"),
    ]:  # fmt: skip
        assert row in found, row
    # nothing stated as done, negated or former is a plan
    assert not {r["modality"] for r in got} & {"asserted", "negated", "former"}
    assert ("planned", "Japan", "develops", "Ballistic missile interceptor", "000") not in found
