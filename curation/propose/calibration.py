"""What a proposal's confidence means: how often its rule's proposals were right on texts annotated by hand.

`alliance-kg propose --calibrate` measures each rule (curation/evaluate.py: a proposal is right when its triple is a
gold triple of the same text) and writes the counts to calibration.yaml beside this module. A proposal's confidence
is then its rule's measured precision, drawn towards the confidence its rule's author gave it by PRIOR_WEIGHT
proposals' worth, so that a rule measured on few proposals stays near that judgement and one measured on many says
what it was measured to be. A rule the table does not know keeps its author's value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from alliance_kg.curation.propose.analysis import ProposedClaim
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.yamlfile import LINE, read_yaml

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.yaml"
PRIOR_WEIGHT = 4  # the author's confidence counts as this many proposals measured at it


@dataclass(frozen=True)
class Measured:
    """A rule's proposals on the calibration texts, and how many of them were right."""

    right: int
    proposed: int


def confidence(prior: float, measured: Measured | None) -> float:
    """The rule's precision on the calibration texts, smoothed towards `prior` by PRIOR_WEIGHT proposals."""
    if measured is None:
        return prior
    return (measured.right + PRIOR_WEIGHT * prior) / (measured.proposed + PRIOR_WEIGHT)


def calibrate(claims: Iterable[ProposedClaim], table: Mapping[str, Measured]) -> None:
    """Set each claim's confidence from its rule's measurement (its author's value is the prior), and say what the
    measurement was."""
    for claim in claims:
        measured = table.get(claim.rule)
        claim.confidence = confidence(claim.confidence, measured)
        claim.measured = None if measured is None else (measured.right, measured.proposed)


def load_calibration(path: Path = CALIBRATION_FILE) -> Mapping[str, Measured]:
    """The table of calibration.yaml (empty when there is none), read once per version of the file: every proposal
    run asks for it. A malformed entry is an error naming the file and line."""
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return MappingProxyType({})
    return _read_table(path, stamp)


@cache
def _read_table(path: Path, stamp: int) -> Mapping[str, Measured]:
    rules = read_yaml(path).get("rules") or {}
    table = {}
    for rule, counts in rules.items():
        if rule == LINE:
            continue
        line = counts.get(LINE) if isinstance(counts, dict) else rules.get(LINE)
        try:
            right, proposed = int(counts["right"]), int(counts["proposed"])
        except (KeyError, TypeError, ValueError):
            raise LoadError(path, line, f"rule {rule!r} needs whole numbers `right` and `proposed`") from None
        if not 0 <= right <= proposed:
            raise LoadError(path, line, f"rule {rule!r} has {right} right of {proposed} proposed")
        table[str(rule)] = Measured(right, proposed)
    return MappingProxyType(table)


def calibration_yaml(table: Mapping[str, Measured], command: str, measured_on: list[str]) -> str:
    """The text of calibration.yaml: a header saying how it was made, then each rule's counts, by name."""
    lines = [
        f"# Written by `{command}`: do not edit by hand; run it again after changing the rules.",
        "# How many of each rule's proposals were right (the triple is a gold triple of the same text) on the texts",
        "# below; a proposal's confidence is this precision, drawn towards its rule's own value by a few proposals'",
        "# worth (curation/propose/calibration.py).",
        "measured_on:",
        *(f"- {name}" for name in measured_on),
        "rules:",
        *(f"  {rule}: {{right: {m.right}, proposed: {m.proposed}}}" for rule, m in sorted(table.items())),
    ]
    return "\n".join(lines) + "\n"
