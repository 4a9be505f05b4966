"""The alliance-kg ontology (OWL 2 in Turtle) and what the loaders need to know of it."""

from alliance_kg.ontology.namespaces import AKG, BASE, CLAIM, DOC, GRAPH, ID
from alliance_kg.ontology.vocabulary import ONTOLOGY_FILES, Vocabulary, ontology_quads

__all__ = ["AKG", "BASE", "CLAIM", "DOC", "GRAPH", "ID", "ONTOLOGY_FILES", "Vocabulary", "ontology_quads"]
