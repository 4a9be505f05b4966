"""The sentences of a source text, with their character offsets: the unit that claims and `unclaimed:` entries
account for (loaders/coverage.py, and `alliance-kg stats`).

A simple, deterministic splitter (no trained model): every line of the file is a block (headings, bylines,
captions and boilerplate are lines of their own in these news texts); within a line a sentence ends at ".", "!",
"?" or "…" (with any closing quotes or brackets) followed by white space and an upper-case letter, a digit or an
opening quote — unless the word before the full stop is a known abbreviation ("U.S.", "Jan.", "Gen.", "Mr.",
"D.C.", …) or an initial ("J."). A sentence that really ends on an abbreviation ("… with the U.S. The …") is
therefore not split: the splitter errs towards longer sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
        "p.m",
        "a.m",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "no",
        "nos",
        "vol",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "est",
        "approx",
    ]
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a text with their character offsets (see module docstring for the rules)."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\r\n]+", text):
        offset, block = line.start(), line.group()
        begin = 0
        for end in _SENTENCE_END.finditer(block):
            if block[end.start()] == "." and _is_abbreviation(block[: end.start() + 1]):
                continue
            _add(sentences, block, offset, begin, end.end())
            begin = end.end()
        _add(sentences, block, offset, begin, len(block))
    return sentences


def _is_abbreviation(upto_period: str) -> bool:
    match = _WORD_BEFORE.search(upto_period)
    if match is None:
        return False
    word = match.group(1).strip(".").casefold()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _add(sentences: list[Sentence], block: str, offset: int, begin: int, end: int) -> None:
    piece = block[begin:end]
    stripped = piece.strip()
    if not stripped:
        return
    start = offset + begin + (len(piece) - len(piece.lstrip()))
    sentences.append(Sentence(start, start + len(stripped), stripped))
