"""Rewrite tests/expected/*.tsv from a fresh build; review the diff against the texts before committing."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alliance_kg.loaders.build import build  # noqa: E402
from alliance_kg.queries import load_catalogue  # noqa: E402
from alliance_kg.store.local import current_store_path  # noqa: E402
from catalogue_answers import EXPECTED_DIR, Case, answer_tsv, cases  # noqa: E402
from pyoxigraph import Store  # noqa: E402
from wikidata_fixture import fixture_store, serving  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir:
        build(Path(data_dir), progress=lambda message: print(message, file=sys.stderr))
        store = Store.read_only(str(current_store_path(Path(data_dir))))
        known = cases()
        named = {case.name for case in known}
        # A new query without parameters gets its case; a parameterised one needs its file named by hand first.
        for name, query in load_catalogue().items():
            if name not in named and not any(p.required for p in query.parameters):
                known.append(Case(name))
        with serving(fixture_store()) as wikidata:  # federated queries: over the local Wikidata fixture
            for case in known:
                case.file.write_text(answer_tsv(store, case, wikidata.services), encoding="utf-8")
                print(f"wrote {case.file.relative_to(EXPECTED_DIR.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
