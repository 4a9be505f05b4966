"""The dev evaluation sets (evaluation/dev/, evaluation/dev2/) load and validates: every gold claim's quote is in its text, its relation
and qualifiers are the ontology's, its entities resolve, its dates resolve, every sentence is accounted for.

The checks are evaluation/dev/tools/check_gold.py's (the held-out set's checker), run here on both dev sets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alliance_kg.curation.evaluate import GOLD
from alliance_kg.loaders.sources import SourcesFolder, load_sources

REPOSITORY = Path(__file__).resolve().parent.parent
DEV = REPOSITORY / "evaluation" / "dev"
DEV2 = REPOSITORY / "evaluation" / "dev2"


def _checker():
    spec = importlib.util.spec_from_file_location("check_dev_gold", DEV / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dev_texts_load_as_a_sources_folder_with_one_gold_file_each():
    texts = {source.id: source for source in load_sources(SourcesFolder(DEV))}
    gold = sorted(path.name for path in (DEV / GOLD).glob("*.yaml"))
    assert sorted(texts) == ["d01", "d02", "d03", "d04"]
    assert gold == [
        "d01-mattis-tokyo.yaml",
        "d02-trump-abe-summit.yaml",
        "d03-washington-two-plus-two.yaml",
        "d04-tokyo-2plus2-2021.yaml",
    ]


@pytest.mark.slow
def test_the_dev_gold_files_validate_against_the_texts_ontology_and_registry():
    problems, report, per_relation, new_entities = _checker().check(DEV, SourcesFolder(REPOSITORY / "seeds"))
    assert problems == []
    assert [(name, claims) for name, _words, _sentences, claims, *_ in report] == [
        ("d01-mattis-tokyo.yaml", 56),
        ("d02-trump-abe-summit.yaml", 55),
        ("d03-washington-two-plus-two.yaml", 57),
        ("d04-tokyo-2plus2-2021.yaml", 74),
    ]
    assert sum(per_relation.values()) == 242
    assert len(new_entities) == 70


def test_the_second_dev_set_loads_as_a_sources_folder_with_one_gold_file_each():
    texts = {source.id: source for source in load_sources(SourcesFolder(DEV2))}
    gold = sorted(path.name for path in (DEV2 / GOLD).glob("*.yaml"))
    assert sorted(texts) == ["e01", "e02", "e03", "e04"]
    assert gold == [
        "e01-tokyo-2plus2-2024.yaml",
        "e02-hegseth-nakatani-readout.yaml",
        "e03-camp-david-one-year.yaml",
        "e04-ishiba-trump-preview.yaml",
    ]


@pytest.mark.slow
def test_the_second_dev_set_gold_validates_against_the_texts_ontology_and_registry():
    problems, report, per_relation, new_entities = _checker().check(DEV2, SourcesFolder(REPOSITORY / "seeds"))
    assert problems == []
    assert [(name, claims) for name, _words, _sentences, claims, *_ in report] == [
        ("e01-tokyo-2plus2-2024.yaml", 79),
        ("e02-hegseth-nakatani-readout.yaml", 56),
        ("e03-camp-david-one-year.yaml", 62),
        ("e04-ishiba-trump-preview.yaml", 52),
    ]
    assert sum(per_relation.values()) == 249
    assert len(new_entities) == 73


@pytest.mark.slow
def test_the_dev_checker_reports_a_sentence_left_unaccounted(tmp_path):
    folder = tmp_path / "dev"
    folder.mkdir()
    for part in ("metadata.yaml", "texts", GOLD):
        source = DEV / part
        target = folder / part
        if source.is_dir():
            target.mkdir()
            for path in source.iterdir():
                (target / path.name).write_bytes(path.read_bytes())
        else:
            target.write_bytes(source.read_bytes())
    gold = folder / GOLD / "d03-washington-two-plus-two.yaml"
    text = gold.read_text(encoding="utf-8")
    gold.write_text(text.replace("- sentence: 'Photo: The four ministers'\n  why: caption\n", ""), encoding="utf-8")
    problems, *_ = _checker().check(folder, SourcesFolder(REPOSITORY / "seeds"))
    assert problems == ["d03-washington-two-plus-two.yaml: sentence not accounted for: "
                        "'Photo: The four ministers at the State Department on 19th April, 2019.'"]
