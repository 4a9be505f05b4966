"""The evaluation sets (evaluation/heldout/ and evaluation/dev/ to evaluation/dev13/) load and validate: every gold claim's quote is in its text, its relation and qualifiers are the
ontology's, its entities resolve, its dates resolve, every sentence is accounted for.

The checks are evaluation/tools/check_gold.py's, run here on the repository's copy of each set."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from alliance_kg.curation.evaluate import GOLD
from alliance_kg.loaders.sources import SourcesFolder, load_sources

REPOSITORY = Path(__file__).resolve().parent.parent
EVALUATION = REPOSITORY / "evaluation"
SEEDS = SourcesFolder(REPOSITORY / "seeds")

# set: (gold file and its claims, in order; gold claims in all; entities the registry lacks)
SETS = {
    "heldout": (
        [
            ("h01-kishida-state-visit.yaml", 120),
            ("h02-tokyo-two-plus-two.yaml", 102),
            ("h03-ishiba-trump-summit.yaml", 92),
            ("h04-takaichi-trump-tokyo.yaml", 123),
        ],
        437,
        117,
    ),
    "dev": (
        [
            ("d01-mattis-tokyo.yaml", 56),
            ("d02-trump-abe-summit.yaml", 55),
            ("d03-washington-two-plus-two.yaml", 57),
            ("d04-tokyo-2plus2-2021.yaml", 74),
        ],
        242,
        70,
    ),
    "dev2": (
        [
            ("e01-tokyo-2plus2-2024.yaml", 79),
            ("e02-hegseth-nakatani-readout.yaml", 56),
            ("e03-camp-david-one-year.yaml", 62),
            ("e04-ishiba-trump-preview.yaml", 52),
        ],
        249,
        73,
    ),
    "dev3": (
        [
            ("f01-kishida-biden-white-house.yaml", 112),
            ("f02-japan-strategy-documents-explainer.yaml", 76),
            ("f03-scc-new-york-2015-guidelines.yaml", 102),
            ("f04-suga-biden-phone-call.yaml", 64),
        ],
        354,
        71,
    ),
    "dev4": (
        [
            ("g01-suga-biden-white-house.yaml", 88),
            ("g02-alliance-timeline.yaml", 88),
            ("g03-aegis-ashore-scrapped.yaml", 51),
            ("g04-patriot-exports.yaml", 54),
        ],
        281,
        87,
    ),
    "dev5": (
        [
            ("k01-trump-abe-tokyo-summit.yaml", 106),
            ("k02-tomahawk-contract.yaml", 80),
            ("k03-osprey-grounding.yaml", 70),
            ("k04-kono-esper-guam.yaml", 89),
        ],
        345,
        136,
    ),
    "dev6": (
        [
            ("m01-china-missiles-japan-eez.yaml", 98),
            ("m02-japan-philippines-raa.yaml", 125),
            ("m03-davidson-taiwan-testimony.yaml", 91),
            ("m04-okinawa-henoko-referendum.yaml", 100),
        ],
        414,
        148,
    ),
    "dev7": (
        [
            ("n01-north-korea-missile-over-hokkaido.yaml", 105),
            ("n02-joint-operations-command-launch.yaml", 76),
            ("n03-george-washington-returns-yokosuka.yaml", 64),
            ("n04-typhon-iwakuni-resolute-dragon.yaml", 78),
        ],
        323,
        134,
    ),
    "dev8": (
        [
            ("p01-japan-philippines-us-summit.yaml", 128),
            ("p02-marines-okinawa-guam-relocation.yaml", 97),
            ("p03-keen-sword-25.yaml", 70),
            ("p04-osprey-nago-crash-landing.yaml", 88),
        ],
        383,
        134,
    ),
    "dev9": (
        [
            ("q01-biden-kishida-tokyo-summit.yaml", 155),
            ("q02-japan-security-legislation-enacted.yaml", 105),
            ("q03-f35b-izumo-landing.yaml", 110),
            ("q04-abe-pearl-harbor-visit.yaml", 114),
        ],
        484,
        173,
    ),
    "dev10": (
        [
            ("r01-operation-tomodachi-reagan.yaml", 121),
            ("r02-collective-self-defense-cabinet-decision.yaml", 123),
            ("r03-nakaima-henoko-landfill-approval.yaml", 135),
            ("r04-mv22-futenma-arrival.yaml", 151),
        ],
        530,
        188,
    ),
    "dev11": (
        [
            ("s01-senkaku-captain-release.yaml", 140),
            ("s02-hatoyama-henoko-fukushima.yaml", 149),
            ("s03-sm3-block-iia-intercept.yaml", 126),
            ("s04-obama-hiroshima-visit.yaml", 144),
        ],
        559,
        211,
    ),
    "dev12": (
        [
            ("t01-saco-final-report.yaml", 139),
            ("t02-defense-guidelines-1997.yaml", 121),
            ("t03-uss-fitzgerald-collision.yaml", 105),
            ("t04-okinawa-university-helicopter-crash.yaml", 105),
        ],
        470,
        152,
    ),
    "dev13": (
        [
            ("v01-nago-mayor-heliport.yaml", 111),
            ("v02-arms-export-easing-2011.yaml", 117),
            ("v03-kongo-sm3-intercept.yaml", 95),
            ("v04-clinton-tokyo-guam-agreement.yaml", 137),
        ],
        460,
        145,
    ),
}


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", EVALUATION / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy_of(name: str, target: Path) -> Path:
    for part in ("metadata.yaml", "texts", GOLD):
        source = EVALUATION / name / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copyfile(source, target / part)
    return target


@pytest.mark.parametrize("name", SETS)
def test_the_texts_load_as_a_sources_folder_with_one_gold_file_each(name):
    folder = EVALUATION / name
    texts = {source.id: source for source in load_sources(SourcesFolder(folder))}
    gold = sorted(path.name for path in (folder / GOLD).glob("*.yaml"))
    files, _, _ = SETS[name]
    assert gold == [file for file, _ in files]
    assert sorted(texts) == [file[:3] for file, _ in files]


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_the_gold_files_validate_against_the_texts_ontology_and_registry(name):
    problems, report, per_relation, new_entities = _checker().check(EVALUATION / name, SEEDS)
    files, claims, entities = SETS[name]
    assert problems == []
    assert [(file, count) for file, _words, _sentences, count, *_ in report] == files
    assert sum(per_relation.values()) == claims
    assert len(new_entities) == entities


@pytest.mark.slow
def test_the_checker_reports_a_quote_that_is_not_in_the_text(tmp_path):
    folder = _copy_of("heldout", tmp_path)
    gold = folder / GOLD / "h02-tokyo-two-plus-two.yaml"
    text = gold.read_text(encoding="utf-8")
    first_quote = text.index("quote: ") + len("quote: ")
    gold.write_text(text[:first_quote] + '"words the text never says" # was: ' + text[first_quote:], encoding="utf-8")
    problems, *_ = _checker().check(folder, SEEDS)
    assert len([p for p in problems if p.startswith("h02-tokyo-two-plus-two.yaml: claim ") and "never says" in p]) == 1


@pytest.mark.slow
def test_the_checker_reports_a_sentence_left_unaccounted(tmp_path):
    folder = _copy_of("dev", tmp_path)
    gold = folder / GOLD / "d03-washington-two-plus-two.yaml"
    text = gold.read_text(encoding="utf-8")
    gold.write_text(text.replace("- sentence: 'Photo: The four ministers'\n  why: caption\n", ""), encoding="utf-8")
    problems, *_ = _checker().check(folder, SEEDS)
    assert problems == [
        "d03-washington-two-plus-two.yaml: sentence not accounted for: "
        "'Photo: The four ministers at the State Department on 19th April, 2019.'"
    ]
