"""What the load generator sends: one query repeated (what the answer cache answers after the first request), or a
different query every request (what researchers mostly send, and what no cache answers): a parameterised catalogue
query whose parameter is drawn from a large set — `domains_covered_on` over 20,000 distinct days, `evidence_for_entity`
for every entity IRI of the store.

A distinct workload writes its requests as a template and a file of parameters, in an order shuffled with its seed,
for bench/wrk/distinct.lua; each server keeps its own position in that order, so a run starts where the previous run
on that server stopped and never replays it. The query text is the catalogue's with the parameter written in place
(`sparql_text.substitute`, as for an endpoint that takes no substitutions), so every server gets the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

from alliance_kg.store.sparql_text import substitute
from pyoxigraph import Literal, NamedNode, Store

MARKER = "__BENCH_PARAM__"  # survives URL-encoding (letters and underscores)
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
ENTITY_PREFIX = "https://w3id.org/alliance-kg/id/"
LAST_DAY = date(2026, 12, 31)
ENTITIES = """
SELECT DISTINCT ?entity WHERE {
  GRAPH ?claim { { ?entity ?p ?o } UNION { ?s ?p ?entity } }
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "%s"))
}"""


def days(count: int = 20_000, last: date = LAST_DAY) -> list[str]:
    """`count` consecutive days up to `last`, as SPARQL xsd:date literals."""
    first = last - timedelta(days=count - 1)
    return [str(Literal((first + timedelta(days=i)).isoformat(), datatype=XSD_DATE)) for i in range(count)]


def entities(store: Store) -> list[str]:
    """Every IRI of the graph's own entities that some claim mentions, as SPARQL IRIs (`<...>`), sorted."""
    found = store.query(ENTITIES % ENTITY_PREFIX)
    return sorted(str(solution["entity"]) for solution in found)


@dataclass
class Distinct:
    """A query with one parameter, sent with a different value each request."""

    name: str
    query: str
    variable: str  # the parameter's variable, without "?"
    values: list[str]  # SPARQL terms as written in a query
    seed: int
    positions: dict[str, int] = field(default_factory=dict)  # next position in the order, per server

    def text(self, value: str) -> str:
        """The query with `value` in place of the parameter: what each server is sent."""
        return substitute(self.query, {self.variable: value})

    def order(self) -> list[str]:
        shuffled = list(self.values)
        random.Random(f"{self.seed}:{self.name}").shuffle(shuffled)
        return shuffled

    def write(self, path: str, folder: Path) -> Path:
        """The file distinct.lua reads for an endpoint at `path` (e.g. /sparql): the request path with the marker,
        then each value URL-encoded, in this workload's order."""
        template = f"{path}?{urlencode({'query': self.text(MARKER)})}"
        if MARKER not in template:
            raise ValueError(f"{self.name}: the query has no parameter ?{self.variable}")
        written = folder / f"{self.name}{path.replace('/', '_')}.params"
        lines = [template, *(quote(value, safe="") for value in self.order())]
        written.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return written

    def start(self, server: str) -> int:
        return self.positions.get(server, 0)

    def advance(self, server: str, last: int) -> None:
        """After a run on `server` that sent up to position `last`: the next run starts after it."""
        self.positions[server] = max(self.start(server), last + 1)
