"""The build's reference: `oxigraph load` (the CLI of the PyPI `oxigraph` wheel, pyoxigraph's version) of the same
quads into a fresh directory, timed from the file to the CLI's exit.

`oxigraph load` writes the quads as they are: it does not derive a default graph (Oxigraph takes the union of the
named graphs at query time, with `--union-default-graph`). Our build writes each named-graph quad and its
default-graph copy, so the like-for-like input is the built store's whole content (named quads and their copies)
as N-Quads; `oxigraph load` of the named quads alone is timed beside it, as the smaller work. Our build ends by
optimising the store (RocksDB's compaction: queries ran 1.7–2× slower without it), which `oxigraph load` leaves to
`oxigraph optimize` (it advises running it before a read-heavy workload): that is timed after the load of the same
quads, so that the build is compared with both the load alone and the load that makes the same store.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.servers import BIN


def dump_store(store_path: Path, target: Path) -> int:
    """Every quad of the store (named graphs and default graph) as N-Quads into `target`; returns how many."""
    from pyoxigraph import RdfFormat, Store

    store = Store.read_only(str(store_path))
    store.dump(str(target), format=RdfFormat.N_QUADS)
    return len(store)


def load(nquads: Path, location: Path, timeout_s: float = 3600, optimize: bool = False) -> dict[str, Any]:
    """`oxigraph load --location LOCATION --file NQUADS` into a fresh `location` (removed first): seconds, quads;
    with `optimize`, `oxigraph optimize` of it after, timed apart (`optimize_seconds`)."""
    from pyoxigraph import Store

    shutil.rmtree(location, ignore_errors=True)
    command = [str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph load failed ({done.returncode}): {done.stderr[-1000:]}")
    out: dict[str, Any] = {"seconds": seconds, "input_mb": nquads.stat().st_size / 2**20}
    if optimize:
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "oxigraph"), "optimize", "--location", str(location)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=True,
        )
        out["optimize_seconds"] = time.perf_counter() - started
    out["store_quads"] = len(Store.read_only(str(location)))
    return out


def beside_build(store_path: Path, corpus: Path, folder: Path) -> dict[str, Any]:
    """`oxigraph load` of what our build wrote (the built store's quads, dumped) and of the named quads alone
    (`corpus`), each into a fresh directory under `folder` (removed after)."""
    whole = folder / "store-quads.nq"
    dumped = dump_store(store_path, whole)
    location = folder / "oxigraph-load"
    try:
        out = {
            "store_quads_input": dumped,
            "same_quads": load(whole, location, optimize=True),
            "named_only": load(corpus, location),
        }
    finally:
        whole.unlink(missing_ok=True)
        shutil.rmtree(location, ignore_errors=True)
    return out
