"""The entity registry: one entity however the texts name it, and only reviewed Wikidata identifiers."""

from __future__ import annotations

import pytest
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import Vocabulary
from graph_fixtures import copy_of_sources


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(Vocabulary.load(), SourcesFolder.default())


@pytest.mark.parametrize(
    ("names", "entity_id"),
    [
        (["Article V", "Article 5", "article v"], "us-japan-security-treaty/art_5"),
        (["U.S.", "United States", "US", "united states"], "united-states"),
        (["Japan"], "japan"),
    ],
)
def test_every_name_the_texts_use_resolves_to_one_entity(registry, names, entity_id):
    assert {registry.resolve(name).id for name in names} == {entity_id}


def test_an_unknown_name_resolves_to_nothing_and_gets_suggestions(registry):
    assert registry.resolve("Untied States") is None
    assert "united states" in registry.suggestions("Untied States")


def test_an_unreviewed_wikidata_identifier_is_refused(tmp_path):
    sources = copy_of_sources(tmp_path / "sources")
    sources.entities.write_text(
        "entities:\n  - id: atlantis\n    type: State\n    label: Atlantis\n    definition: x\n    wikidata: Q999999999\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match=r"entities.yaml:2: .*Q999999999"):
        Registry.load(Vocabulary.load(), sources)
