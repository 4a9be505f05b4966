"""The catalogue of competency questions: one SPARQL file per question, described in grlc's decorator syntax."""

from queries.catalogue import QUERIES_DIR, CatalogueError, Query, load_catalogue, load_query

__all__ = ["QUERIES_DIR", "CatalogueError", "Query", "load_catalogue", "load_query"]
