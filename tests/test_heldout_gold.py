"""The held-out evaluation set (evaluation/heldout/) loads and validates: every gold claim's quote is in its text, its
relation and qualifiers are the ontology's, its entities resolve, its dates resolve, every sentence is accounted for.

The checks are evaluation/heldout/tools/check_gold.py's, run here on the repository's copy of the set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alliance_kg.curation.evaluate import GOLD
from alliance_kg.loaders.sources import SourcesFolder, load_sources

REPOSITORY = Path(__file__).resolve().parent.parent
HELDOUT = REPOSITORY / "evaluation" / "heldout"


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", HELDOUT / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_heldout_texts_load_as_a_sources_folder_with_one_gold_file_each():
    texts = {source.id: source for source in load_sources(SourcesFolder(HELDOUT))}
    gold = sorted(path.name for path in (HELDOUT / GOLD).glob("*.yaml"))
    assert sorted(texts) == ["h01", "h02", "h03", "h04"]
    assert gold == [
        "h01-kishida-state-visit.yaml",
        "h02-tokyo-two-plus-two.yaml",
        "h03-ishiba-trump-summit.yaml",
        "h04-takaichi-trump-tokyo.yaml",
    ]


@pytest.mark.slow
def test_the_heldout_gold_files_validate_against_the_texts_ontology_and_registry():
    problems, report, per_relation, new_entities = _checker().check(HELDOUT, SourcesFolder(REPOSITORY / "seeds"))
    assert problems == []
    assert [(name, claims) for name, _words, _sentences, claims, *_ in report] == [
        ("h01-kishida-state-visit.yaml", 120),
        ("h02-tokyo-two-plus-two.yaml", 102),
        ("h03-ishiba-trump-summit.yaml", 92),
        ("h04-takaichi-trump-tokyo.yaml", 123),
    ]
    assert sum(per_relation.values()) == 437
    assert len(new_entities) == 117


@pytest.mark.slow
def test_the_checker_reports_a_quote_that_is_not_in_the_text(tmp_path):
    folder = tmp_path / "heldout"
    folder.mkdir()
    for part in ("metadata.yaml", "texts", GOLD):
        source = HELDOUT / part
        target = folder / part
        if source.is_dir():
            target.mkdir()
            for path in source.iterdir():
                (target / path.name).write_bytes(path.read_bytes())
        else:
            target.write_bytes(source.read_bytes())
    gold = folder / GOLD / "h02-tokyo-two-plus-two.yaml"
    text = gold.read_text(encoding="utf-8")
    first_quote = text.index("quote: ") + len("quote: ")
    gold.write_text(text[:first_quote] + '"words the text never says" # was: ' + text[first_quote:], encoding="utf-8")
    problems, *_ = _checker().check(folder, SourcesFolder(REPOSITORY / "seeds"))
    assert len([p for p in problems if p.startswith("h02-tokyo-two-plus-two.yaml: claim ") and "never says" in p]) == 1
