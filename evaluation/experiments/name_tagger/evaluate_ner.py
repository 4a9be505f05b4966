"""The name tagger's entity-level table beside the rules: recall of the gold-introduced entities per type (rules,
model, their union, the gazetteer baseline), precision of the model's span texts, and the folds. Reads
<preds>/<set>.json (train_loso.py) and <out>/rules_entities.json (rules_dump.py); writes <out>/table.md and
<out>/errors.txt (wrong tags, missed locatable entities) and prints the table.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from corpus import (
    EVAL_TYPES,
    LABEL,
    SETS,
    Doc,
    check_sets,
    find,
    lexicon_for,
    load_docs,
    load_registry,
    mark,
    names,
    norm,
    usable,
    variants,
)


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "–"


def table(
    docs: list[Doc], registry: list[dict[str, Any]], rules: dict[str, dict], preds: dict[str, dict], sets: list[str]
) -> tuple[list[str], list[str]]:
    """(the table's lines, the errors' lines)."""
    registry_names = {norm(n) for e in registry for n in names(e)}
    names_by_set: dict[str, set[str]] = defaultdict(set)  # normalised names of gold entities (all types) per set
    ids_by_set: dict[str, set[str]] = defaultdict(set)
    for s, _, _, ents in docs:
        for e in ents:
            ids_by_set[s].add(e["id"])
            names_by_set[s] |= {norm(n) for n in names(e)}
    rec: dict[str, Counter] = defaultdict(Counter)  # type → counts
    prec: dict[str, Counter] = defaultdict(Counter)  # predicted label → counts
    wrong_examples: dict[str, list[str]] = defaultdict(list)
    missed_examples: dict[str, list[str]] = defaultdict(list)
    lexp: Counter = Counter()
    novel: dict[str, Counter] = defaultdict(Counter)
    per_set: dict[str, Counter] = defaultdict(Counter)
    extra: Counter = Counter()
    for s, doc_id, text, ents in docs:
        if s not in preds:
            continue
        spans = preds[s]["preds"][doc_id]
        r = rules[f"{s}/{doc_id}"]
        tagged: dict[str, set[str]] = defaultdict(set)  # normalised text → labels
        for _, _, label, t in spans:
            tagged[norm(t)].add(label)
        lex_tagged = {norm(text[a:b]) for a, b, _ in mark(text, lexicon_for([d for d in docs if d[0] != s], registry))}
        other_names = set().union(*(names_by_set[o] for o in sets if o != s))
        other_ids = set().union(*(ids_by_set[o] for o in sets if o != s))
        doc_names: set[str] = set()
        rules_names: set[str] = set()
        for e in ents:
            ns = {norm(n) for n in names(e)}
            if e["id"] in r["named_by_proposals"]:
                rules_names |= ns
            doc_names |= ns
            if e["type"] not in EVAL_TYPES or e["id"] not in r["named_by_gold"]:
                continue
            c = rec[e["type"]]
            c["total"] += 1
            ps = per_set[s]
            located = any(find(text, v) for n in names(e) for v in variants(n) if usable(v))
            seen = e["id"] in other_ids or bool(ns & other_names)
            model = bool(ns & set(tagged))
            typed = any(LABEL[e["type"]] in tagged[n] for n in ns if n in tagged)
            by_rules = e["id"] in r["named_by_proposals"]
            c["lexicon"] += bool(ns & lex_tagged)
            c["lexicon_or_rules"] += bool(ns & lex_tagged) or by_rules
            c["located"] += located
            c["rules"] += by_rules
            c["model"] += model
            c["model_typed"] += typed
            c["union"] += model or by_rules
            ps["total"] += 1
            ps["rules"] += by_rules
            ps["model"] += model
            ps["union"] += model or by_rules
            c["model_only"] += model and not by_rules
            c["seen"] += seen
            c["model_seen"] += model and seen
            c["unseen"] += not seen
            c["model_unseen"] += model and not seen
            c["rules_unseen"] += by_rules and not seen
            c["union_unseen"] += (model or by_rules) and not seen
            if not model and located:
                missed_examples[e["type"]].append(f"{s}/{doc_id}: {e['label']}")
        for t in lex_tagged - registry_names:
            lexp["tagged"] += 1
            lexp["right"] += t in doc_names
            lexp["real"] += t in doc_names or t in names_by_set[s] or t in other_names
        for t, labels in tagged.items():
            if t in registry_names:
                continue
            label = sorted(labels)[0]
            if t not in other_names:
                novel[label]["tagged"] += 1
                novel[label]["right"] += t in doc_names
                novel[label]["real"] += t in doc_names or t in names_by_set[s]
            if t not in rules_names:
                extra["tagged"] += 1
                extra["right"] += t in doc_names
                extra["real"] += t in doc_names or t in names_by_set[s] or t in other_names
            c = prec[label]
            c["tagged"] += 1
            if t in doc_names:
                c["right"] += 1
            elif any(t in n or n in t for n in doc_names if len(n) > 3):
                c["partial"] += 1
                wrong_examples[label].append(f"{s}/{doc_id}: {t} (partial)")
            elif t in names_by_set[s] or t in other_names:
                c["other_set_name"] += 1
                wrong_examples[label].append(f"{s}/{doc_id}: {t} (a gold name of another text)")
            else:
                wrong_examples[label].append(f"{s}/{doc_id}: {t}")

    def recall_row(title: str, c: Counter) -> str:
        return (
            f"| {title} | {c['total']} | {c['located']} | {pct(c['rules'], c['total'])} | "
            f"{pct(c['model'], c['total'])} | {pct(c['model_typed'], c['total'])} | {pct(c['union'], c['total'])} | "
            f"{c['model_only']} | {c['unseen']} / {c['rules_unseen']} / {c['model_unseen']} / {c['union_unseen']} |"
        )

    def precision_row(title: str, c: Counter) -> str:
        other = c["tagged"] - c["right"] - c["partial"] - c["other_set_name"]
        return (
            f"| {title} | {c['tagged']} | {pct(c['right'], c['tagged'])} | {c['partial']} | {c['other_set_name']} | "
            f"{other} | {pct(c['right'] + c['other_set_name'], c['tagged'])} |"
        )

    out = [f"Folds: {', '.join(preds)}", ""]
    out += ["## Recall: gold-introduced entities (named by the gold's claims) the held-out text introduces", ""]
    out += [
        "| type | gold | locatable | rules | model (any label) | model (right label) | union rules∪model | model only |"
        " unseen-in-training: gold / rules / model / union |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--|",
    ]
    tot: Counter = Counter()
    for t in EVAL_TYPES:
        if rec[t]["total"]:
            tot.update(rec[t])
            out.append(recall_row(t, rec[t]))
    out.append(recall_row("**all named**", tot))
    out += [
        "",
        "Per held-out set (all named types): "
        + "; ".join(
            f"{k} rules {v['rules']}, model {v['model']}, union {v['union']} of {v['total']}"
            for k, v in per_set.items()
        ),
    ]
    out += ["", "## Precision: distinct span texts per text the model tags that are not registry names", ""]
    out += [
        "| predicted label | tagged | strict: a gold-introduced name of the text | overlaps a gold name of the text "
        "(boundary) | a gold name of another text | other | lenient: a real name (strict + another text's) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    ptot: Counter = Counter()
    for label in sorted(prec):
        ptot.update(prec[label])
        out.append(precision_row(label, prec[label]))
    out.append(precision_row("**all**", ptot))
    out += [
        "",
        "Baseline, no learning: string-matching the training sets' gold names + registry names (the model's training "
        f"lexicon) in the held-out text: recall {pct(tot['lexicon'], tot['total'])}; of its distinct non-registry span "
        f"texts, strict {pct(lexp['right'], lexp['tagged'])}, lenient {pct(lexp['real'], lexp['tagged'])}.",
        f"Recall of lexicon ∪ rules: {pct(tot['lexicon_or_rules'], tot['total'])} (model ∪ rules: "
        f"{pct(tot['union'], tot['total'])}).",
        "",
        "Marginal cost of feeding the model's spans to the rules: of its distinct non-registry span texts that are not "
        f"a name of an entity the rules already introduce, strict {pct(extra['right'], extra['tagged'])}, lenient "
        f"{pct(extra['real'], extra['tagged'])}.",
    ]
    nv: Counter = Counter()
    for v in novel.values():
        nv.update(v)
    out += [
        "",
        "Novel span texts (not a gold name of any training set, not a registry name), per label, strict (lenient): "
        + "; ".join(f"{k} {pct(v['right'], v['tagged'])} ({v['real']})" for k, v in sorted(novel.items()))
        + f"; all {pct(nv['right'], nv['tagged'])} (lenient {pct(nv['real'], nv['tagged'])}).",
    ]
    out += ["", "## Folds", ""]
    out += [
        "| held out | train s | total s | epochs run | best epoch | val F (silver) | marked spans (unaligned) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for s, p in preds.items():
        out.append(
            f"| {s} | {p['train_seconds']} | {p['total_seconds']} | {p['epochs_run']} | {p['best_epoch']} | "
            f"{p['best_val_f']} | {p['marked_spans']['spans']} ({p['marked_spans']['unaligned']}) |"
        )
    out.append(
        f"| **sum** | {sum(p['train_seconds'] for p in preds.values()):.0f} | "
        f"{sum(p['total_seconds'] for p in preds.values()):.0f} | | | | |"
    )
    errors = ["# WRONG (tagged, not a gold name of the text)"]
    errors += [f"{k}\t{x}" for k, v in wrong_examples.items() for x in v]
    errors += ["", "# MISSED (locatable, not tagged)"]
    errors += [f"{k}\t{x}" for k, v in missed_examples.items() for x in v]
    return out, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=SETS, help="the dev sets (default: %(default)s)")
    parser.add_argument("--evaluation", type=Path, default=Path("evaluation"), help="the folder of the gold sets")
    parser.add_argument("--out", type=Path, default=Path("build/experiments/name_tagger"), help="output folder")
    parser.add_argument("--preds", type=Path, help="the folder of <set>.json predictions (default: <out>/preds)")
    args = parser.parse_args()
    sets = check_sets(args.sets)
    docs, registry = load_docs(args.evaluation, sets), load_registry()
    rules = json.loads((args.out / "rules_entities.json").read_text())
    folder = args.preds or args.out / "preds"
    preds = {s: json.loads((folder / f"{s}.json").read_text()) for s in sets if (folder / f"{s}.json").exists()}
    lines, errors = table(docs, registry, rules, preds, sets)
    (args.out / "table.md").write_text("\n".join(lines) + "\n")
    (args.out / "errors.txt").write_text("\n".join(errors))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
