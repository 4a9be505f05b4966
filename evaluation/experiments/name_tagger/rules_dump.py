"""The rules' side of the name-tagger comparison: per text of each dev set, the entity ids the gold's claims name
and those the proposer's proposals name, from the project's own evaluator (`gold_folder`, as `alliance-kg propose
--evaluate --no-seeds --gold …`). Writes <out>/rules_entities.json (~25 s for the 11 sets).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from alliance_kg.curation.evaluate import gold_folder
from alliance_kg.loaders.sources import SourcesFolder
from corpus import SETS, check_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=SETS, help="the dev sets (default: %(default)s)")
    parser.add_argument("--evaluation", type=Path, default=Path("evaluation"), help="the folder of the gold sets")
    parser.add_argument("--out", type=Path, default=Path("build/experiments/name_tagger"), help="output folder")
    args = parser.parse_args()
    out: dict[str, dict] = {}
    for name in check_sets(args.sets):
        t0 = time.time()
        for r in gold_folder(args.evaluation / name, SourcesFolder.default()):
            out[r.label] = {
                "named_by_gold": sorted({e for i in r.gold for e in (i.subject, i.object)}),
                "named_by_proposals": sorted({e for i in r.proposed for e in (i.subject, i.object)}),
                "new_entities": [r.score.new_entities.right, r.score.new_entities.total],
            }
        print(name, round(time.time() - t0, 1), "s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "rules_entities.json").write_text(json.dumps(out, indent=1))
    print(args.out / "rules_entities.json")


if __name__ == "__main__":
    main()
