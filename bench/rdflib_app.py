"""The rdflib reference over HTTP: rdflib-endpoint (FastAPI) on an rdflib Dataset loaded from the N-Quads.

    BENCH_NQUADS=corpus.nq uvicorn --factory bench.rdflib_app:create_app --port 8200 --workers 2

The Dataset's default graph is the union of its named graphs (`default_union=True`), the same answers as the
materialised union of our build.
"""

from __future__ import annotations

import os

from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def load_dataset(path: str) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset


def create_app() -> SparqlEndpoint:
    """Called by uvicorn in each worker: every worker loads its own Dataset."""
    return SparqlEndpoint(graph=load_dataset(os.environ["BENCH_NQUADS"]), path="/sparql", cors_enabled=False)
