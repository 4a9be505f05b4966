"""The expected answers of the catalogue's queries: one TSV file per case in tests/expected/.

A case is a query name, plus parameter values for a parameterised query, encoded in the file name:
`article_v_domains.tsv`, `domains_covered_on--day=2020-01-01.tsv`; an entity IRI is written `id:<id>` with `~` for
`/` (`evidence_for_entity--entity=id:us-japan-security-treaty~art_5.tsv`). The TSV is the SPARQL 1.1 TSV results format
(typed terms), so a changed datatype (a year that became a day) shows as a difference.

Regenerate after a reviewed change of the annotations: `.venv/bin/python tests/update_expected.py`; then read
the diff against the source texts before committing it — the files are the specification, not a snapshot.

Federated queries (SERVICE) never reach the internet in the tests: `offline_text` replaces each SERVICE IRI by
the local endpoint that stands in for it (`https://query.wikidata.org/sparql` → the Wikidata-shaped fixture of
tests/fixtures/wikidata, served by tests/wikidata_fixture.py), and refuses a query that names any other
endpoint. The expected answer of a federated query is therefore the answer over that fixture.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alliance_kg.ontology import ID
from alliance_kg.queries import load_catalogue
from alliance_kg.queries.parameters import substitutions
from pyoxigraph import QueryResultsFormat, Store

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"


@dataclass(frozen=True)
class Case:
    name: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> Path:
        suffix = "".join(f"--{key}={value}" for key, value in self.params)
        return EXPECTED_DIR / f"{self.name}{suffix}.tsv"

    @classmethod
    def from_file(cls, path: Path) -> Case:
        name, *pairs = path.stem.split("--")
        return cls(name, tuple(tuple(pair.split("=", 1)) for pair in pairs))

    def __str__(self) -> str:
        return self.file.stem


def cases() -> list[Case]:
    return [Case.from_file(path) for path in sorted(EXPECTED_DIR.glob("*.tsv"))]


def parameter_value(text: str) -> str:
    return str(ID) + text.removeprefix("id:").replace("~", "/") if text.startswith("id:") else text


def offline_text(text: str, services: Mapping[str, str] | None) -> str:
    """The query with each SERVICE IRI of `services` (remote → local URL) replaced by its local stand-in;
    ValueError if it still names an endpoint that is not one of those stand-ins (no test calls the internet)."""
    from alliance_kg.server.federation import service_terms

    for remote, local in (services or {}).items():
        text = text.replace(f"<{remote}>", f"<{local}>")
    outside = sorted({str(term) for term in service_terms(text)} - set((services or {}).values()))
    if outside:
        raise ValueError(f"the query calls SERVICE {', '.join(outside)}, which has no local stand-in in the tests")
    return text


def answer_tsv(store: Store, case: Case, services: Mapping[str, str] | None = None) -> str:
    query = load_catalogue()[case.name]
    values = {key: parameter_value(value) for key, value in case.params}
    text = offline_text(query.text, services)
    bindings = substitutions(query, values) or None
    # No name for the solutions: a callee's frame left in a reference cycle (offline_text's) keeps this frame, and
    # with it its locals, until the garbage collector runs, perhaps on a live server's thread; pyoxigraph's
    # solutions may only be dropped on the thread that made them ('PyQuerySolutions is unsendable').
    return store.query(text, substitutions=bindings).serialize(format=QueryResultsFormat.TSV).decode("utf-8")
