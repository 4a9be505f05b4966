"""The catalogue of competency questions: one SPARQL file per question, described in grlc's decorator syntax."""

from alliance_kg.queries.catalogue import QUERIES_DIR, CatalogueError, Query, load_catalogue, load_query

__all__ = ["QUERIES_DIR", "CatalogueError", "Query", "dataframe", "load_catalogue", "load_query"]


def __getattr__(name: str):
    # `queries.dataframe` (queries/client.py: answers as pandas DataFrames), imported on first use so that the
    # command line does not load pandas. Not `queries.run`: that name is the module queries/run.py.
    if name == "dataframe":
        from alliance_kg.queries.client import run

        return run
    raise AttributeError(f"module 'queries' has no attribute {name!r}")
