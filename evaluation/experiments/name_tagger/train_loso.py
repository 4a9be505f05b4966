"""Leave-one-set-out name tagger from scratch: for each held-out dev set, train a blank English spaCy NER on the
other sets' texts (spans marked from their gold `entities:` and the registry's names) and tag the held-out set's
texts. Writes <out>/preds/<set>.json. One core: run with OMP_NUM_THREADS=1 (~30 min for the 11 folds).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import spacy
from corpus import LABEL, SETS, Doc, check_sets, lexicon_for, load_docs, load_registry, mark, names
from spacy.language import Language
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch

MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 4,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each non-blank paragraph (blocks split by a blank line)."""
    pos = 0
    for para in text.split("\n\n"):
        if para.strip():
            yield pos, para
        pos += len(para) + 2


def examples(nlp: Language, train_docs: list[Doc], registry: list[dict[str, Any]], stats: dict) -> list[Example]:
    """One example per paragraph: the text's own gold names (priority 2) and the lexicon's, marked wherever they occur."""
    lexicon = lexicon_for(train_docs, registry)
    out = []
    for _, _, text, entities in train_docs:
        own = [(n, LABEL[e["type"]], 2) for e in entities if e["type"] in LABEL for n in names(e)]
        spans = mark(text, own + lexicon)
        for start, para in paragraphs(text):
            doc = nlp.make_doc(para)
            found = []
            for a, b, label in spans:
                if a >= start and b <= start + len(para):
                    span = doc.char_span(a - start, b - start, label=label, alignment_mode="contract")
                    stats["spans"] += 1
                    if span is None or span.text.strip() == "":
                        stats["unaligned"] += 1
                    else:
                        found.append(span)
            reference = nlp.make_doc(para)
            reference.ents = [
                reference.char_span(s.start_char, s.end_char, label=s.label_) for s in filter_spans(found)
            ]
            out.append(Example(nlp.make_doc(para), reference))
    return out


def run_fold(
    test_set: str, docs: list[Doc], registry: list[dict[str, Any]], args: argparse.Namespace, out: Path
) -> None:
    """Train without `test_set`, keep the best epoch on a 10% validation split, tag `test_set`'s texts."""
    t0 = time.time()
    fix_random_seed(args.seed)  # the weights' initialisation and dropout (today's run of the notes was unseeded)
    train_docs = [d for d in docs if d[0] != test_set]
    nlp = spacy.blank("en")
    nlp.add_pipe("ner", config={"model": MODEL})
    stats = {"spans": 0, "unaligned": 0}
    exs = examples(nlp, train_docs, registry, stats)
    rng = random.Random(args.seed)
    rng.shuffle(exs)
    n_val = max(1, len(exs) // 10)
    val, train = exs[:n_val], exs[n_val:]
    optimizer = nlp.initialize(lambda: train)
    best, best_epoch, bytes_best, log = -1.0, 0, None, []
    for epoch in range(args.epochs):
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=args.batch):
            nlp.update(batch, sgd=optimizer, drop=args.dropout, losses=losses)
        f = nlp.evaluate(val)["ents_f"] or 0.0
        log.append((epoch, round(float(losses.get("ner", 0)), 1), round(float(f), 3)))
        if f > best:
            best, best_epoch, bytes_best = f, epoch, nlp.to_bytes()
        elif epoch - best_epoch >= args.patience:
            break
    nlp.from_bytes(bytes_best)
    t_train = time.time() - t0
    preds = {}
    for name, doc_id, text, _ in docs:
        if name != test_set:
            continue
        spans = []
        for start, para in paragraphs(text):
            for ent in nlp(para).ents:
                spans.append([ent.start_char + start, ent.end_char + start, ent.label_, ent.text])
        preds[doc_id] = spans
    result = {
        "set": test_set,
        "train_seconds": round(t_train, 1),
        "total_seconds": round(time.time() - t0, 1),
        "best_val_f": round(float(best), 3),
        "best_epoch": best_epoch,
        "epochs_run": len(log),
        "log": log,
        "train_examples": len(train),
        "val_examples": len(val),
        "marked_spans": stats,
        "preds": preds,
    }
    (out / f"{test_set}.json").write_text(json.dumps(result, indent=1))
    print(
        f"{test_set}: {result['train_seconds']} s, best val F {result['best_val_f']}, epoch {best_epoch} of {len(log)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sets", nargs="+", default=SETS, help="the dev sets, all used for training (default: %(default)s)"
    )
    parser.add_argument("--folds", nargs="+", help="the held-out sets to run (default: every set of --sets)")
    parser.add_argument("--evaluation", type=Path, default=Path("evaluation"), help="the folder of the gold sets")
    parser.add_argument("--out", type=Path, default=Path("build/experiments/name_tagger"), help="output folder")
    parser.add_argument("--epochs", type=int, default=30, help="at most this many epochs (default: %(default)s)")
    parser.add_argument("--patience", type=int, default=5, help="stop after this many epochs without a better F")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--batch", type=int, default=8, help="paragraphs per batch")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sets = check_sets(args.sets)
    folds = check_sets(args.folds or sets)
    if set(folds) - set(sets):
        raise SystemExit(f"--folds must be among --sets: {sorted(set(folds) - set(sets))}")
    out = args.out / "preds"
    out.mkdir(parents=True, exist_ok=True)
    docs, registry = load_docs(args.evaluation, sets), load_registry()
    for name in folds:
        run_fold(name, docs, registry, args, out)


if __name__ == "__main__":
    main()
