"""`alliance-kg propose` on texts written for these tests (tests/fixtures/curation/documents-of-state.txt and the
two treaty-article-*.txt): how news reports speak of documents of state, treaties and their articles — a document
kept in versions named bare ("a new National Security Strategy"), when it was adopted ("first adopted in 2013"), what
it replaced ("replaces", "were revised in 1997 and again in 2015"), a chronology's dated approval; a treaty's article
("Article 5 of the treaty", "the treaty's Article V", "Article V, the mutual defense clause of …"); and a joint
statement told as issued after a meeting the rules read as planned."""

from __future__ import annotations

from pathlib import Path

import pytest
from proposal_fixtures import proposed_on

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry (a few seconds)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"
ARTICLE = ("us-japan-security-treaty/art_5", "us-japan-security-treaty")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return proposed_on(FIXTURES / "documents-of-state.txt", tmp_path_factory.mktemp("propose-statedocs") / "sources")


def claims(run, relation: str) -> set[tuple]:
    return {(c.subject, c.object, c.modality) for c in run.analysis.claims if c.relation == relation}


def sentence_of(run, claim) -> str:
    return run.analysis.text[claim.start : claim.end]


def test_documents_named_bare_are_the_version_the_cabinet_approved_adopted_that_day(run):
    # "Japan's Cabinet on Friday approved a new National Security Strategy and a National Defense Strategy."
    approved = {"japan-national-security-strategy-2022", "japan-national-defense-strategy-2022"}
    assert {(d, "japan", "asserted") for d in approved} <= claims(run, "issuedBy")
    assert {(d, "Friday (past)", "asserted") for d in approved} <= claims(run, "dcterms:issued")
    assert {(d, "adopted", "asserted") for d in approved} <= claims(run, "status")


def test_first_adopted_in_a_year_dates_the_version_in_force_then(run):
    # "The National Security Strategy, first adopted in 2013, …" in a text of December 2022: the version before 2022
    assert ("japan-national-security-strategy-pre-2022", "2013", "asserted") in claims(run, "dcterms:issued")
    assert ("japan-national-security-strategy-pre-2022", "japan", "asserted") in claims(run, "issuedBy")
    # "The U.S. National Security Strategy, first adopted in 1987, …" is not Japan's
    assert not {s for s, o, _ in claims(run, "dcterms:issued") if o == "1987"}


def test_a_sentence_of_another_states_keeps_japans_documents_out(run):
    # "The Pentagon released its National Defense Strategy on Thursday.": not Japan's strategy
    japans = {"japan-national-defense-strategy-2022", "japan-national-defense-strategy-pre-2022"}
    assert not {o for s, o, _ in claims(run, "dcterms:issued") if s in japans and o == "Thursday (past)"}
    # "Under Japanese law, …": a legal order, not a law; "China's Foreign Ministry said in a statement": not Japan's
    assert not [e for e in run.analysis.entities.values() if e.rule == "law-of-a-state" and "China" not in e.label]
    assert not [e for e in run.analysis.entities.values() if e.rule == "statement-of-a-state"]


def test_what_a_document_replaces_and_the_versions_a_revision_made(run):
    revises = claims(run, "revises")
    # "The National Defense Strategy replaces the National Defense Program Guidelines."
    assert ("japan-national-defense-strategy-2022", "japan-national-defense-program-guidelines", "asserted") in revises
    # "The Guidelines for Japan-U.S. Defense Cooperation were revised in 1997 and again in 2015."
    guidelines = "guidelines-for-japan-us-defense-cooperation"
    assert {
        (f"{guidelines}/1997", f"{guidelines}/before-1997", "asserted"),
        (f"{guidelines}/2015", f"{guidelines}/1997", "asserted"),
    } <= revises
    assert {(f"{guidelines}/1997", "1997", "asserted"), (f"{guidelines}/2015", "2015", "asserted")} <= claims(
        run, "dcterms:issued"
    )


def test_a_chronologys_dated_item_tells_an_approval_in_the_present(run):
    # "- Nov. 27, 1978: The Security Consultative Committee approves the first Guidelines …": the version of 1978
    first = "guidelines-for-japan-us-defense-cooperation/before-1997"
    assert (first, "adopted", "asserted") in claims(run, "status")
    assert (first, "Nov. 27, 1978", "asserted") in claims(run, "dcterms:issued")
    assert not {s for s, _, _ in claims(run, "issuedBy") if s == first}  # a committee: whose state, not said


def test_a_joint_statement_told_as_issued_is_issued_by_the_states(run):
    # the meeting is read as planned ("welcomed Japan's plans to …"); "In a joint statement issued after the talks,
    # the two leaders said …" reports a statement issued
    statement = next(c.subject for c in run.analysis.claims if c.relation == "issuedAt")
    assert {(s, o, m) for s, o, m in claims(run, "issuedBy") if s == statement} == {
        (statement, "japan", "asserted"),
        (statement, "united-states", "asserted"),
    }
    assert next(m for s, _, m in claims(run, "issuedAt") if s == statement) == "asserted"


def test_an_agreement_that_entered_into_force_is_in_force_and_one_due_to_is_not(run):
    # "The Japan-U.K. Reciprocal Access Agreement, signed in January, entered into force on Wednesday, while the
    # U.S.-Japan Space Cooperation Framework Agreement is due to take effect next year."
    in_force = {s for s, o, _ in claims(run, "status") if o == "in force"}
    assert in_force == {"japan-uk-reciprocal-access-agreement"}


def test_a_law_its_states_possessive_names_is_a_new_document_issued_by_that_state(run):
    # "The ministers voiced concern over China's new coast guard law, which allows …"
    law = next(e for e in run.analysis.entities.values() if e.rule == "law-of-a-state")
    assert (law.type, law.label) == ("StateDocument", "China's coast guard law")
    assert (law.id, "china", "asserted") in claims(run, "issuedBy")


def test_article_of_the_treaty_is_the_treaty_named_before(run):
    # "Under the U.S.-Japan Security Treaty, …, and the leaders said Article 5 of the treaty covers attacks in space."
    assert claims(run, "articleOf") == {(*ARTICLE, "asserted")}
    claim = next(c for c in run.analysis.claims if c.relation == "articleOf")
    assert "Article 5 of the treaty" in sentence_of(run, claim) and claim.rule == "article-of-treaty"


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("treaty-article-possessive.txt", "the treaty's Article V obliges"),  # after "Article 5 of the North Atlantic
        # Treaty", which names another treaty and proposes nothing (else its sentence would be the claim's quote)
        ("treaty-article-apposition.txt", "Article V, the mutual defense clause of the U.S.-Japan Security Treaty"),
    ],
)
def test_the_treatys_article_and_an_apposition_name_the_articles_treaty(tmp_path, fixture, words):
    run = proposed_on(FIXTURES / fixture, tmp_path / "sources")
    assert claims(run, "articleOf") == {(*ARTICLE, "asserted")}
    claim = next(c for c in run.analysis.claims if c.relation == "articleOf")
    assert words in sentence_of(run, claim)


def test_a_registered_joint_statement_is_issued_by_the_states_and_gets_no_party(tmp_path):
    # "… held a "2+2" meeting in Tokyo on Tuesday and issued a joint statement": the registry's statement of that
    # meeting, issued by the states (evaluation/README.md); its parties are the registry's already
    run = proposed_on(FIXTURES / "joint-statement-registered.txt", tmp_path / "sources")
    statement = "scc-joint-statement-2021-03"
    assert ("scc-joint-statement-2021-03", "event/scc-2021-03", "asserted") in claims(run, "issuedAt")
    assert {o for s, o, _ in claims(run, "issuedBy") if s == statement} == {"japan", "united-states"}
    assert not {o for s, o, _ in claims(run, "hasParty") if s == statement}


@pytest.fixture(scope="module")
def meeting_run(tmp_path_factory):
    return proposed_on(FIXTURES / "guidelines-approved.txt", tmp_path_factory.mktemp("propose-guidelines") / "sources")


def test_guidelines_approved_at_a_meeting_are_issued_at_it_and_replace_those_of_a_year(meeting_run):
    guidelines = "guidelines-for-japan-us-defense-cooperation"
    meeting = next(s for s, o, _ in claims(meeting_run, "participant") if o == "lloyd-austin")
    # "At the meeting, the ministers approved and released the revised Guidelines …": the version of 2015
    assert (f"{guidelines}/2015", meeting, "asserted") in claims(meeting_run, "issuedAt")
    # "The new Guidelines replace the Guidelines of 1997."
    assert (f"{guidelines}/2015", f"{guidelines}/1997", "asserted") in claims(meeting_run, "revises")
    assert (f"{guidelines}/1997", "1997", "asserted") in claims(meeting_run, "dcterms:issued")


def test_the_white_house_speaks_for_its_state_in_a_statement(meeting_run):
    # "The White House said in a statement on Monday …"
    issued = {(s, o) for s, o, _ in claims(meeting_run, "issuedBy") if s.startswith("statement/")}
    assert {o for _, o in issued} == {"united-states"}
    statement = next(s for s, _ in issued)
    assert (statement, "Monday (past)", "asserted") in claims(meeting_run, "dcterms:issued")
