"""The ontology is documented, and consistent under HermiT, alone and with the loaded data."""

from __future__ import annotations

import pytest
from alliance_kg.ontology import AKG, ONTOLOGY_FILES, Vocabulary, ontology_quads
from alliance_kg.ontology.namespaces import OWL, RDF, RDFS, SKOS
from alliance_kg.ontology.reasoning import InconsistentGraph, reason
from pyoxigraph import Literal, NamedNode, Triple

REQUIRED_CLASSES = [
    "State", "Organisation", "Person", "Agreement", "Treaty", "JointStatement", "MemorandumOfUnderstanding",
    "FrameworkAgreement", "Guidelines", "TreatyArticle", "SecurityDomain", "Capability", "Event", "Meeting",
    "SourceDocument", "Claim", "DomainCoverage",
]  # fmt: skip


def test_required_classes_exist():
    vocabulary = Vocabulary.load()
    missing = [name for name in REQUIRED_CLASSES if AKG[name] not in vocabulary.classes]
    assert missing == []


def test_the_vocabulary_gives_the_domain_and_range_class_of_an_object_property():
    vocabulary = Vocabulary.load()
    assert (vocabulary.domains[AKG.articleOf], vocabulary.ranges[AKG.articleOf]) == (AKG.TreatyArticle, AKG.Agreement)
    assert vocabulary.ranges[AKG.hasParty] == NamedNode("http://www.w3.org/ns/prov#Agent")
    # a datatype property's range is a datatype, kept apart
    assert not set(vocabulary.ranges) & vocabulary.datatype_properties


def test_every_term_of_ours_has_an_english_label_and_a_definition():
    triples = [q.triple for q in ontology_quads()]
    declared = {
        t.subject
        for t in triples
        if t.predicate == RDF.type
        and t.object in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    }
    for term in declared:
        labels = [t.object for t in triples if t.subject == term and t.predicate == RDFS.label]
        definitions = [t.object for t in triples if t.subject == term and t.predicate == SKOS.definition]
        assert any(isinstance(lb, Literal) and lb.language == "en" for lb in labels), term
        assert definitions, term


def test_security_domains_form_a_skos_scheme():
    vocabulary = Vocabulary.load()
    domains = [c for c, t in vocabulary.concept_types.items() if t == AKG.SecurityDomain]
    labels = sorted(next(label for label, kind in vocabulary.concepts[c] if kind == "prefLabel") for c in domains)
    assert labels == ["air", "cyber", "land", "maritime", "space"]


def test_the_modalities_annotation_files_may_name_are_the_modality_schemes_concepts():
    from alliance_kg.loaders.claims import MODALITIES

    vocabulary = Vocabulary.load()
    concepts = [c for c, t in vocabulary.concept_types.items() if t == AKG.Modality]
    assert sorted(c.value.rsplit("/", 1)[-1] for c in concepts) == sorted(MODALITIES)


@pytest.mark.slow
def test_ontology_alone_is_consistent():
    reason(q.triple for q in ontology_quads(ONTOLOGY_FILES))


@pytest.mark.slow
def test_ontology_with_the_loaded_data_is_consistent_and_infers_inverses(built_graph):
    _, result = built_graph
    inferred = reason(q.triple for q in result.quads)
    treaty = "https://w3id.org/alliance-kg/id/us-japan-security-treaty"
    article = treaty + "/art_5"
    # articleOf is owl:inverseOf hasArticle: the texts say "Article V ... of the treaty", HermiT adds the inverse.
    assert (treaty, AKG.hasArticle.value, article) in inferred.inferred_values


@pytest.mark.slow
def test_an_inconsistent_graph_is_caught():
    """An entity typed both State and Person (disjoint classes) cannot be."""
    japan = NamedNode("https://w3id.org/alliance-kg/id/japan")
    triples = [q.triple for q in ontology_quads()] + [
        Triple(japan, RDF.type, AKG.State),
        Triple(japan, RDF.type, AKG.Person),
    ]
    with pytest.raises(InconsistentGraph):
        reason(triples)
