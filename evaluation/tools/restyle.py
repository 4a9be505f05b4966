"""Writes a copy of an evaluation set in another house style, to measure how the proposer holds up on the way real
pages write the same words (not part of the package).

Run from the repository, with its virtual environment:
    .venv/bin/python evaluation/tools/restyle.py STYLE SET OUT   # e.g. restyle.py no-break evaluation/dev9 /tmp/x
    .venv/bin/alliance-kg propose --evaluate --no-seeds --gold /tmp/x/dev9 --results /tmp/x-results

Each style is a substitution that looks at one character and the one before it, applied alike to the texts and to
every string of the gold copied from them (quotes, `also_quotes`, unclaimed sentences, literal objects and
qualifier values), so that the copy's gold is still verbatim and checks clean (check_gold.py):

- typographic: curly apostrophes and quotation marks (’ “ ”), as most publishers print them;
- no-break: a no-break space for every space inside a sentence, as saved web pages often have;
- hyphen-dashes: " - " for a spaced em dash, as wire services write a dateline and an aside;
- us: "US" for "U.S.", as many outlets write it;
- single-newlines: one newline between paragraphs, as text taken from a page often comes.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

GOLD = "gold"


def _typographic(text: str) -> str:
    text = re.sub(r"(?:(?<=[\s(\[\u2014])|^)\"", "\u201c", text, flags=re.MULTILINE)
    return text.replace('"', "\u201d").replace("'", "\u2019")


STYLES: dict[str, Callable[[str], str]] = {
    "typographic": _typographic,
    "no-break": lambda text: re.sub(r"(?<![.!?\n]) (?! )", "\u00a0", text),
    "hyphen-dashes": lambda text: text.replace(" \u2014 ", " - "),
    "us": lambda text: re.sub(r"\bU\.S\.", "US", text),
    "single-newlines": lambda text: re.sub(r"\n\n+", "\n", text),
}
COPIED_FROM_THE_TEXT = ("quote", "object", "sentence")


def restyle_gold(data: dict, style: Callable[[str], str]) -> dict:
    """The gold file's strings copied from the text, restyled; ids, relations and entities as they are."""
    for claim in data.get("claims") or []:
        for key in COPIED_FROM_THE_TEXT:
            if isinstance(claim.get(key), str) and (key != "object" or " " in claim[key]):
                claim[key] = style(claim[key])
        claim["also_quotes"] = [
            style(q) if isinstance(q, str) else {**q, "quote": style(str(q["quote"]))}
            for q in claim.get("also_quotes") or []
        ] or None
        if claim["also_quotes"] is None:
            del claim["also_quotes"]
        for key, value in (claim.get("qualifiers") or {}).items():
            if isinstance(value, str) and " " in value:
                claim["qualifiers"][key] = style(value)
    for entry in data.get("unclaimed") or []:
        if isinstance(entry.get("sentence"), str):
            entry["sentence"] = style(entry["sentence"])
    return data


def restyle_set(name: str, folder: Path, out: Path) -> Path:
    """A copy of the evaluation set `folder` at `out/<its name>`, written in the style `name`."""
    style = STYLES[name]
    target = out / folder.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target)
    for path in (target / "texts").glob("*.txt"):
        path.write_text(style(path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (target / GOLD).glob("*.yaml"):
        data = restyle_gold(yaml.safe_load(path.read_text(encoding="utf-8")), style)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in STYLES:
        print(__doc__)
        print(f"styles: {', '.join(STYLES)}")
        return 2
    target = restyle_set(argv[0], Path(argv[1]), Path(argv[2]))
    print(f"{target}: {argv[1]} in the style {argv[0]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
