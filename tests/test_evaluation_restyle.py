"""evaluation/tools/restyle.py: a copy of an evaluation set in another house style (curly quotes, no-break spaces,
"US", …) whose gold still checks clean, for measuring the proposer on the way real pages write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alliance_kg.loaders.sources import SourcesFolder

REPOSITORY = Path(__file__).resolve().parent.parent
EVALUATION = REPOSITORY / "evaluation"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, EVALUATION / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SENTENCE = 'TOKYO \u2014 The U.S. and Japan\'s ministers said "deterrence" matters.\n\nThey met. Again.'


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "typographic",
            "TOKYO \u2014 The U.S. and Japan\u2019s ministers said \u201cdeterrence\u201d matters.\n\nThey met. Again.",
        ),
        (
            "no-break",
            'TOKYO\u00a0\u2014\u00a0The\u00a0U.S. and\u00a0Japan\'s\u00a0ministers\u00a0said\u00a0"deterrence"\u00a0matters.\n\n'
            "They\u00a0met. Again.",
        ),
        ("hyphen-dashes", 'TOKYO - The U.S. and Japan\'s ministers said "deterrence" matters.\n\nThey met. Again.'),
        ("us", 'TOKYO \u2014 The US and Japan\'s ministers said "deterrence" matters.\n\nThey met. Again.'),
        (
            "single-newlines",
            'TOKYO \u2014 The U.S. and Japan\'s ministers said "deterrence" matters.\nThey met. Again.',
        ),
    ],
)
def test_each_style_rewrites_what_it_says(style, expected):
    assert _tool("restyle").STYLES[style](SENTENCE) == expected


@pytest.mark.parametrize(("style", "changed"), [("typographic", 4), ("no-break", 4), ("us", 3)])
def test_a_restyled_set_checks_clean_and_its_texts_are_restyled(style, changed, tmp_path):
    tool = _tool("restyle")
    copy = tool.restyle_set(style, EVALUATION / "dev", tmp_path)
    problems, report, per_relation, _ = _tool("check_gold").check(copy, SourcesFolder(REPOSITORY / "seeds"))
    assert problems == []
    assert sum(per_relation.values()) == 242  # every claim of the set kept
    texts = {p.name: p.read_text(encoding="utf-8") for p in (EVALUATION / "dev" / "texts").glob("*.txt")}
    restyled = {p.name: p.read_text(encoding="utf-8") for p in (copy / "texts").glob("*.txt")}
    assert restyled == {name: tool.STYLES[style](text) for name, text in texts.items()}
    assert sum(restyled[name] != text for name, text in texts.items()) == changed  # d03 never writes "U.S."
