"""The learned composer's model: leave-one-set-out logistic regression (or gradient boosting) over the candidates of
extract.py. Each held-out set is scored by a model trained on the others; a triple's score is its best instance's.
Prints the threshold table (triples added, right, precision), and where some threshold reaches precision 0.8 the
additions per relation and per set (union with the rules); the top-ranked triples and the heaviest weights. Writes
<out>/scores-<tag>.json (document, triple, score, label) and <out>/report-<tag>.md.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from extract import SETS, check_sets
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
_STOPWORDS = (
    "the a an of to in on at for and or by with from as is are was were be been its their his her it this that "
    "said says s"
)
STOP = set(_STOPWORDS.split())


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 12, 20)) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def features(c: dict[str, Any]) -> dict[str, float]:
    r = c["rel"]
    f: dict[str, float] = {}

    def add(name: str, both: bool = True) -> None:
        f[name] = 1.0
        if both:
            f[f"{r}|{name}"] = 1.0

    f[f"rel={r}"] = 1.0
    add(f"stype={c['stype']}")
    add(f"otype={c['otype']}")
    add(f"sig={c['stype']}>{c['otype']}")
    for s in c["ssup"]:
        add(f"ssup={s}")
    for s in c["osup"]:
        add(f"osup={s}")
    add(f"skind={c['skind']}")
    add(f"okind={c['okind']}")
    add(f"kinds={c['skind']}>{c['okind']}")
    for k in (
        "squoted",
        "oquoted",
        "snew",
        "onew",
        "s_first",
        "o_first",
        "s_event_of_sent",
        "o_event_of_sent",
        "s_main_state",
        "o_main_state",
    ):
        if c.get(k):
            add(k)
    add(f"sfocus={c['s_focus_rank']}")
    add(f"ofocus={c['o_focus_rank']}")
    for x in c["srules"]:
        add(f"srule={x}")
    for x in c["orules"]:
        add(f"orule={x}")
    for x in c["srules_here"]:
        add(f"srule_here={x}")
    for x in c["orules_here"]:
        add(f"orule_here={x}")
    if not c["srules_here"] and not c["orules_here"]:
        add("no_rule_here")
    for x in c["s_rels_as_subj"]:
        add(f"s_has={x}")
    for x in c["o_rels_as_obj"]:
        add(f"o_has_in={x}")
    for x in c["s_rels_as_obj"]:
        add(f"s_has_in={x}")
    for x in c["o_rels_as_subj"]:
        add(f"o_has={x}")
    if r in c["s_rels_as_subj"]:
        add("s_has_same_rel")
    if r in c["o_rels_as_obj"]:
        add("o_has_same_rel_in")
    for x in c["pair_rels"]:
        add(f"pair={x}")
    if not c["pair_rels"]:
        add("pair_unlinked")
    add(f"docpos={min(4, int(c['doc_pos'] * 5))}")
    add(f"sentidx={bucket(c['sent_index'])}")
    add(f"nends={bucket(c['n_ends'])}")
    add(f"order={c['order']}")
    if "dist" in c:
        add(f"dist={bucket(c['dist'])}")
        add(f"same_clause={c['same_clause']}")
        for p in c["punct"]:
            add(f"punct={p}")
        if not c["punct"]:
            add("no_punct")
        for w in set(c["between"]):
            if w not in STOP or w in ("and", "of", "in", "at", "to", "by", "with", "on", "for", "which", "that"):
                add(f"b:{w}")
        for w in c["before"]:
            add(f"pre:{w}")
        for w in c["after"]:
            add(f"post:{w}")
    for w in set(c["clause"]):
        if w not in STOP and len(w) > 2:
            add(f"c:{w}")
    return f


def rules_numbers(documents: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per set, the rules' own lenient counts (distinct triples proposed, right, gold) from extract.py's documents.json:
    the same numbers as `alliance-kg propose --evaluate --no-seeds --gold …` gives overall, lenient."""
    total: dict[str, Counter] = defaultdict(Counter)
    for d in documents:
        total[d["label"].split("/")[0]].update(proposed=d["proposed"], right=d["right"], gold=d["gold"])
    return {
        name: {
            "proposed": c["proposed"],
            "proposed_matched": c["right"],
            "gold_matched": c["right"],
            "gold": c["gold"],
            "precision": c["right"] / c["proposed"],
            "recall": c["right"] / c["gold"],
        }
        for name, c in total.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("build/experiments/learned_composer"),
        help="extract.py's output folder (candidates.jsonl, documents.json)",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: --data)")
    parser.add_argument("--sets", nargs="+", default=SETS, help="the folds, one per set (default: %(default)s)")
    parser.add_argument("--model", default="lr", choices=["lr", "hgb"], help="logistic regression or gradient boosting")
    parser.add_argument("--C", type=float, default=0.3, help="the inverse regularisation strength of lr")
    parser.add_argument(
        "--weight", default="balanced", help="class weights: 'balanced', 'none' or a positive-class weight"
    )
    parser.add_argument(
        "--no-type-filter",
        action="store_true",
        help="keep every signature (default: only those right at least once in the training sets)",
    )
    parser.add_argument("--no-words", action="store_true", help="no clause/between words (structure features only)")
    parser.add_argument("--same-clause", action="store_true", help="only pairs both located by position in one clause")
    parser.add_argument(
        "--here",
        action="store_true",
        help="train on sentence-level labels (the sentence the gold quotes the triple in)",
    )
    parser.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times in training")
    args = parser.parse_args()
    folds = check_sets(args.sets)
    out_dir = args.out or args.data
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(args.data / "candidates.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    if args.same_clause:
        rows = [r for r in rows if r.get("same_clause")]
    print(f"candidate instances {len(rows)}, positive instances {sum(r['label'] for r in rows)}")
    feats = [features(r) for r in rows]
    if args.no_words:
        feats = [{k: v for k, v in f.items() if not any(x in k for x in ("c:", "b:", "pre:", "post:"))} for f in feats]
    sets = np.array([r["set"] for r in rows])
    y = np.array([r["label"] for r in rows])
    # train on the instances whose sentence the gold quotes the triple in (a triple's other sentences are noise)
    y_here = np.array([r.get("label_here", r["label"]) if args.here else r["label"] for r in rows])
    sig = [(r["rel"], r["stype"], r["otype"]) for r in rows]
    keys = [(r["doc"], tuple(r["triple"])) for r in rows]
    weight = (
        None if args.weight == "none" else ("balanced" if args.weight == "balanced" else {0: 1, 1: float(args.weight)})
    )
    prob = np.zeros(len(rows))
    considered = np.zeros(len(rows), dtype=bool)
    for held in folds:
        train = sets != held
        test = ~train
        if args.no_type_filter:
            ok = np.ones(len(rows), dtype=bool)
        else:  # a learned type filter: signatures that were ever right in the training sets
            good = {sig[i] for i in np.flatnonzero(train & (y == 1))}
            ok = np.array([s in good for s in sig])
        counts = Counter(k for i in np.flatnonzero(train & ok) for k in feats[i])
        vec = DictVectorizer()
        Xtr = vec.fit_transform(
            [{k: v for k, v in feats[i].items() if counts[k] >= args.min_count} for i in np.flatnonzero(train & ok)]
        )
        Xte = vec.transform([feats[i] for i in np.flatnonzero(test & ok)])
        if args.model == "lr":
            model = LogisticRegression(C=args.C, class_weight=weight, max_iter=3000)
            model.fit(Xtr, y_here[train & ok])
            p = model.predict_proba(Xte)[:, 1]
        else:
            from sklearn.ensemble import HistGradientBoostingClassifier

            keep_cols = np.asarray((Xtr > 0).sum(axis=0)).ravel() >= 20
            model = HistGradientBoostingClassifier(
                max_iter=300,
                learning_rate=0.05,
                max_leaf_nodes=15,
                class_weight=weight,
                l2_regularization=1.0,
                random_state=0,
            )
            model.fit(Xtr[:, keep_cols].toarray(), y_here[train & ok])
            p = model.predict_proba(Xte[:, keep_cols].toarray())[:, 1]
        idx = np.flatnonzero(test & ok)
        prob[idx] = p
        considered[idx] = True
        print(
            f"fold {held}: train {int((train & ok).sum())} ({int(y[train & ok].sum())} pos), "
            f"test {len(idx)} ({int(y[idx].sum())} pos)",
            flush=True,
        )
    # triple level: a triple's score is its best instance's
    best: dict = {}
    label: dict = {}
    rel_of: dict = {}
    for i, k in enumerate(keys):
        label[k] = y[i]
        rel_of[k] = rows[i]["rel"]
        if considered[i]:
            best[k] = max(best.get(k, 0.0), prob[i])
    tag = f"{args.model}-C{args.C}-{args.weight}{'-here' if args.here else ''}{'-nofilter' if args.no_type_filter else ''}{'-nowords' if args.no_words else ''}{'-clause' if args.same_clause else ''}"
    (out_dir / f"scores-{tag}.json").write_text(json.dumps([[k[0], list(k[1]), best[k], int(label[k])] for k in best]))
    docs = json.loads((args.data / "documents.json").read_text())
    missed_total = sum(d["gold"] - d["right"] for d in docs)
    pool_pos = sum(label.values())
    print(
        f"unique candidate triples {len(label)}, positive {pool_pos} (of {missed_total} gold triples the rules miss); "
        f"after type filter {len(best)} triples, {sum(label[k] for k in best)} positive"
    )
    out = ["| threshold | added | right | precision |", "|--:|--:|--:|--:|"]
    table = []
    for t in THRESHOLDS:
        chosen = [k for k, p in best.items() if p >= t]
        right = sum(label[k] for k in chosen)
        table.append((t, len(chosen), right))
        out.append(f"| {t:.2f} | {len(chosen)} | {right} | {right / len(chosen) if chosen else float('nan'):.2f} |")
    print("\n".join(out))
    # best threshold at precision >= 0.8 (the most right)
    ok_rows = [row for row in table if row[1] and row[2] / row[1] >= 0.8]
    report = ["## threshold table (leave-one-set-out, summed over held-out sets)", "", *out, ""]
    if ok_rows:
        t, n, right = max(ok_rows, key=lambda r: (r[2], r[0]))
        print(f"\nbest threshold with precision >= 0.8: {t} ({right}/{n})")
        chosen = {k for k, p in best.items() if p >= t}
        per_rel = defaultdict(lambda: [0, 0])
        for k in chosen:
            per_rel[rel_of[k]][0] += 1
            per_rel[rel_of[k]][1] += label[k]
        lines = ["| relation | added | right |", "|---|--:|--:|"]
        for rel, (n_, r_) in sorted(per_rel.items(), key=lambda x: -x[1][0]):
            lines.append(f"| {rel} | {n_} | {r_} |")
        print("\n".join(lines))
        rules = rules_numbers(docs)
        per_set = ["| set | rules P | rules R | added | right | union P | union R |", "|---|--:|--:|--:|--:|--:|--:|"]
        tot = Counter()
        for s in folds:
            mine = [k for k in chosen if k[0].split("/")[0] == s]
            right_s = sum(label[k] for k in mine)
            c = rules[s]
            up = (c["proposed_matched"] + right_s) / (c["proposed"] + len(mine))
            ur = (c["gold_matched"] + right_s) / c["gold"]
            per_set.append(
                f"| {s} | {c['precision']:.3f} | {c['recall']:.3f} | {len(mine)} | {right_s} | {up:.3f} | {ur:.3f} |"
            )
            tot.update(
                proposed=c["proposed"],
                pm=c["proposed_matched"],
                gm=c["gold_matched"],
                gold=c["gold"],
                added=len(mine),
                right=right_s,
            )
        per_set.append(
            f"| all | {tot['pm'] / tot['proposed']:.3f} | {tot['gm'] / tot['gold']:.3f} | {tot['added']} | "
            f"{tot['right']} | {(tot['pm'] + tot['right']) / (tot['proposed'] + tot['added']):.3f} | "
            f"{(tot['gm'] + tot['right']) / tot['gold']:.3f} |"
        )
        print("\n".join(per_set))
        report += [f"best threshold with precision >= 0.8: {t} ({right}/{n})", "", *lines, "", *per_set, ""]
        wrong = sorted((k for k in chosen if not label[k]), key=lambda k: -best[k])
        print("\nwrong additions:", *[f"  {best[k]:.2f} {k}" for k in wrong[:40]], sep="\n")
        rightl = sorted((k for k in chosen if label[k]), key=lambda k: -best[k])
        print("\nright additions:", *[f"  {best[k]:.2f} {k}" for k in rightl[:60]], sep="\n")
    else:
        print("\nno threshold reaches precision 0.8")
    ranked = sorted(best, key=lambda k: -best[k])
    for n in (10, 25, 50, 100, 200):
        print(f"top {n}: right {sum(label[k] for k in ranked[:n])}")
    print("\ntop-ranked:", *[f"  {best[k]:.2f} {'RIGHT' if label[k] else 'wrong'} {k}" for k in ranked[:40]], sep="\n")
    # weights of a model trained on all sets
    if args.model == "lr":
        if args.no_type_filter:
            ok = np.ones(len(rows), dtype=bool)
        else:
            good = {sig[i] for i in np.flatnonzero(y == 1)}
            ok = np.array([s in good for s in sig])
        counts = Counter(k for i in np.flatnonzero(ok) for k in feats[i])
        vec = DictVectorizer()
        X = vec.fit_transform(
            [{k: v for k, v in feats[i].items() if counts[k] >= args.min_count} for i in np.flatnonzero(ok)]
        )
        model = LogisticRegression(C=args.C, class_weight=weight, max_iter=3000).fit(X, y_here[ok])
        names = vec.get_feature_names_out()
        order = np.argsort(model.coef_[0])
        top = [f"  {model.coef_[0][i]:+.2f} {names[i]}" for i in order[::-1][:30]]
        bottom = [f"  {model.coef_[0][i]:+.2f} {names[i]}" for i in order[:20]]
        print("\ntop positive weights:", *top, "\ntop negative weights:", *bottom, sep="\n")
        report += [
            "top positive weights:",
            "",
            "```",
            *top,
            "```",
            "",
            "top negative weights:",
            "",
            "```",
            *bottom,
            "```",
        ]
    (out_dir / f"report-{tag}.md").write_text("\n".join(report) + "\n")
    print(f"\n{out_dir / f'report-{tag}.md'}")


if __name__ == "__main__":
    main()
