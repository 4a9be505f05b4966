"""Per-set union of the rules and the composer's additions at a threshold, from a scores file of model.py and the
rules' own counts (extract.py's documents.json); and the additions per relation. Prints two tables.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from model import rules_numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scores", type=Path, help="a scores-<tag>.json of model.py")
    parser.add_argument("threshold", type=float, help="add the triples scored at least this")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("build/experiments/learned_composer"),
        help="extract.py's output folder (documents.json)",
    )
    args = parser.parse_args()
    scores = json.loads(args.scores.read_text())
    rules = rules_numbers(json.loads((args.data / "documents.json").read_text()))
    added: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_relation: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc, triple, p, label in scores:
        if p >= args.threshold:
            for tally in (added[doc.split("/")[0]], per_relation[triple[1]]):
                tally[0] += 1
                tally[1] += label
    print(f"threshold {args.threshold}")
    print("| set | rules P | rules R | added | right | union P | union R |\n|---|--:|--:|--:|--:|--:|--:|")
    tot: Counter = Counter()
    for name, c in rules.items():
        n, r = added[name]
        print(
            f"| {name} | {c['precision']:.3f} | {c['recall']:.3f} | {n} | {r} | "
            f"{(c['proposed_matched'] + r) / (c['proposed'] + n):.3f} | {(c['gold_matched'] + r) / c['gold']:.3f} |"
        )
        tot.update(p=c["proposed"], pm=c["proposed_matched"], gm=c["gold_matched"], g=c["gold"], n=n, r=r)
    print(
        f"| all | {tot['pm'] / tot['p']:.3f} | {tot['gm'] / tot['g']:.3f} | {tot['n']} | {tot['r']} | "
        f"{(tot['pm'] + tot['r']) / (tot['p'] + tot['n']):.3f} | {(tot['gm'] + tot['r']) / tot['g']:.3f} |"
    )
    print("\n| relation | added | right |\n|---|--:|--:|")
    for relation, (n, r) in sorted(per_relation.items(), key=lambda x: -x[1][0]):
        print(f"| {relation} | {n} | {r} |")


if __name__ == "__main__":
    main()
