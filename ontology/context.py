"""The JSON-LD context of the graph, derived from the ontology: its prefixes and a term for each of its classes and
properties, so that JSON-LD clients read `"coversDomain": "domain:space"` instead of full IRIs.

The prefixes are those the ontology's Turtle files declare plus the project's namespaces (`namespaces.PREFIXES`).
Each class and property of the `akg:` namespace is a term named by its local name; object properties are typed
`@id`, so their values compact to (compact) IRIs. A local name that is also a prefix (`akg:domain`, `domain:`) gets
no term of its own: the prefix wins, and the property compacts as `akg:domain`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from alliance_kg.ontology.namespaces import AKG, ONTOLOGY_FILES, PREFIXES
from alliance_kg.ontology.vocabulary import Vocabulary
from pyoxigraph import RdfFormat, parse

CONTEXT_FILE_NAME = "context.jsonld"  # served at PUBLIC_BASE + this name


def ontology_prefixes() -> dict[str, str]:
    """The `@prefix` declarations of the ontology's Turtle files, in file order."""
    prefixes: dict[str, str] = {}
    for path in ONTOLOGY_FILES:
        parser = parse(path=str(path), format=RdfFormat.TURTLE)
        for _ in parser:
            pass
        prefixes.update({name: iri for name, iri in parser.prefixes.items() if name and name not in prefixes})
    return prefixes


@cache
def jsonld_context() -> dict[str, Any]:
    """The context document, `{"@context": {...}}`: prefixes first, then the ontology's terms by name."""
    prefixes = {**PREFIXES, **{k: v for k, v in ontology_prefixes().items() if k not in PREFIXES}}
    vocabulary = Vocabulary.load()
    base = str(AKG)
    terms: dict[str, Any] = {}
    for kind, members in (
        ("class", vocabulary.classes),
        ("object", vocabulary.object_properties),
        ("datatype", vocabulary.datatype_properties),
    ):
        for iri in members:
            name = iri.value.removeprefix(base)
            if not iri.value.startswith(base) or name in prefixes or name in terms:
                continue
            terms[name] = {"@id": f"akg:{name}", "@type": "@id"} if kind == "object" else f"akg:{name}"
    return {"@context": {**prefixes, **dict(sorted(terms.items()))}}
