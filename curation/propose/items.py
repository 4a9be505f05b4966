"""Dated list items: a chronology's "- Jan. 19, 1960: Kishi and Herter sign …" is a context of its own.

An item that opens with its own date tells of that day: its events are dated by it, and nothing the rules carry from
sentence to sentence (the last meeting, the lede's date, the meeting a list is set in) crosses from one item to the
next. Its present tense is the historical present of a chronology, not a plan.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue

# "- Jan. 19, 1960:", "• 1997:", "- April 27, 2015 —": a bullet, a date and a colon or dash before the item's text
DATED_ITEM = re.compile(r"[ \t]*[-•*\u2013\u2014][ \t]+(?P<head>[^:\n]{3,30}?)[ \t]*(?::|[ \t][\u2013\u2014][ \t])")
ITEM_START = re.compile(r"[ \t]*[-•*\u2013\u2014][ \t]+")


def item_head(analysis: Analysis, index: int) -> int | None:
    """The sentence opening the dated list item that sentence `index` belongs to, or None when it is in none (an
    item runs from its bullet to the end of its line)."""
    for before in range(index, -1, -1):
        sentence = analysis.sentences[before]
        if ITEM_START.match(analysis.text, sentence.start):
            return before if _item_date(analysis, before) is not None else None
        if before > 0 and "\n" in analysis.text[analysis.sentences[before - 1].end : sentence.start]:
            return None  # the line (paragraph) began with this sentence, without a bullet
    return None


def item_date(analysis: Analysis, index: int) -> tuple[DateMention, DateValue] | None:
    """The date the dated list item of sentence `index` opens with, resolved; None when it is in no dated item."""
    head = item_head(analysis, index)
    return None if head is None else _item_date(analysis, head)


def same_item(analysis: Analysis, a: int, b: int) -> bool:
    """Whether sentences `a` and `b` may share a context: true unless either lies in a dated item the other is not in."""
    last = len(analysis.sentences) - 1
    return item_head(analysis, min(a, last)) == item_head(analysis, min(b, last))


def _item_date(analysis: Analysis, index: int) -> tuple[DateMention, DateValue] | None:
    sentence = analysis.sentences[index]
    match = DATED_ITEM.match(analysis.text, sentence.start)
    if match is None or match.end() > sentence.end:
        return None
    dates = analysis.dates_in(match.start("head"), match.end("head"))
    if len(dates) != 1 or analysis.text[match.start("head") : dates[0].start].strip():
        return None  # the head is a date and nothing else
    if analysis.text[dates[0].end : match.end("head")].strip():
        return None
    value = analysis.resolve(dates[0].expression, dates[0])
    return None if value is None else (dates[0], value)
