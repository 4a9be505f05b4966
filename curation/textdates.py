"""Date expressions as news texts write them, found in running text with their offsets.

Each mention carries the expression an annotation writes for it, which loaders/dates.py resolves against the
document's date (so proposals and hand-written claims resolve dates with the same code): "Jan. 11", "12th January,
2023", "last week", "two days later" (which counts from an anchor), weekdays with their tense, which only the
words around them give: "said on Wednesday" → "Wednesday (past)", "will meet on Wednesday" → "Wednesday (future)",
and months counted from the last date the text gave: "in May that year" → "May 2023".
Finding is by pattern, not by a date parser's search (dateparser reads "We" as Wednesday and "the 2+2" as a date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from alliance_kg.loaders.dates import MONTHS, WEEKDAYS

_MONTH_NAMES = sorted({name for name in MONTHS if len(name) > 2}, key=len, reverse=True)
_MONTH_WORDS = dict(enumerate(calendar.month_name))
_MONTH = r"(?:" + "|".join(name.capitalize() for name in _MONTH_NAMES) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(rf"\b{_WEEKDAY},?\s+(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|\({_MONTH}\s+{_DAY}\))")),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b{_YEAR}-[01]\d-[0-3]\d\b")),
    ("month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![,\s]*\d)")),
    ("day", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)")),
    # "in May that year", "later that month", "the following month": counted from the date the text gave last
    ("that-year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?that\s+year\b")),
    ("that-month", re.compile(r"\b(?:(?:later|earlier|early|late)\s+(?:in\s+)?that|that\s+same|the\s+same|the\s+(?:following|next))\s+month\b", re.IGNORECASE)),
    ("relative", re.compile(r"\b(?<!the\s)(?:last|this|next)\s+(?:week|month|year)\b", re.IGNORECASE)),
    ("relative", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.IGNORECASE)),
    (
        "offset",
        re.compile(
            rf"\b(?i:{_NUMBER})\s+(?:day|week|fortnight|month|year)s?\s+(?:before|after|later|earlier|prior|ago)\b"
        ),
    ),
    ("weekday", re.compile(rf"\b(?:(?:last|next|this)\s+)?{_WEEKDAY}\b")),
    ("year", re.compile(rf"(?<![\w$.,-]){_YEAR}(?![\w%-])")),
]

FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is to|are to|is set to|are set to|(?:is|are) scheduled|scheduled to|(?:is|are) expected to|"
    r"plans? to|planning to|due to|going to|to be held|upcoming|ahead of)\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:said|says|met|held|signed|was|were|had|did|announced|agreed|visited|told|issued|released|unveiled|"
    r"began|spoke|called|launched|hosted|welcomed|arrived|reported|took place|reached|attended|paid|made|took|flew|joined|"
    r"adopted|concluded|completed|returned)\b",
    re.IGNORECASE,
)
ATTRIBUTION = re.compile(r",\s+(?:[\w.'\u2019-]+\s+){0,4}(?:said|says|told|added|reported)\b")
_CLAUSE_END = re.compile(r"[;:\u2014]|\s--\s")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    expression: str  # what an annotation file writes; loaders.dates.resolve_date reads it
    kind: str  # day, month, year, relative, offset (needs an anchor, except "ago"), weekday

    @property
    def needs_anchor(self) -> bool:
        return self.kind == "offset" and not self.text.lower().endswith("ago")


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every date expression in `text` (offsets shifted by `offset`), longest first where patterns overlap."""
    from alliance_kg.loaders.sentences import split_sentences

    sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            words = " ".join(match.group().split())
            expression = words
            if kind == "weekday":
                sentence = next((x for x in sentences if x.start <= start < x.end), None)
                bounds = (sentence.start, sentence.end) if sentence else (0, len(text))
                expression = _weekday_expression(text, start, end, words, bounds)
                if expression is None:
                    continue
            elif kind == "relative" or kind == "offset":
                expression = words.lower()
            elif kind == "day" and words.lower().startswith("the "):
                expression = words[4:]
            taken.append((start, end))
            found.append(DateMention(start + offset, end + offset, match.group(), expression, kind))
    return _year_of_the_sentence(_counted_from_the_last(sorted(found, key=lambda m: m.start)), sentences, offset)


DAY_WITHOUT_YEAR = re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>{_DAY})$")


def _year_of_the_sentence(found: list[DateMention], sentences: list, offset: int) -> list[DateMention]:
    """"in March 2023, when Yoon … flew to Tokyo for a summit … on March 16": a day without its year, after a date of
    the same month written with its year in the same sentence, is in that year (not the document's)."""
    resolved: list[DateMention] = []
    for mention in found:
        match = DAY_WITHOUT_YEAR.match(mention.expression) if mention.kind == "day" else None
        if match:
            sentence = next((x for x in sentences if x.start <= mention.start - offset < x.end), None)
            earlier = [
                m for m in resolved
                if sentence is not None and sentence.start <= m.start - offset and m.end <= mention.start
                and re.search(_YEAR, m.expression) and re.match(_MONTH, m.expression)
            ]
            if earlier:
                last = earlier[-1]
                same_month = MONTHS[re.match(_MONTH, last.expression).group().lower().rstrip(".")] == MONTHS[match["month"].lower().rstrip(".")]
                if same_month:
                    year = re.search(_YEAR, last.expression).group()
                    mention = DateMention(mention.start, mention.end, mention.text, f"{mention.expression}, {year}", "day")
        resolved.append(mention)
    return resolved


def _counted_from_the_last(found: list[DateMention]) -> list[DateMention]:
    """"May that year", "later that month", "the following month" as the month they name ("May 2023"), counted from
    the month and year the text wrote last before them; left out when no earlier date gives them."""
    resolved: list[DateMention] = []
    year: int | None = None
    month: int | None = None
    for mention in found:
        if mention.kind in ("that-year", "that-month"):
            words = mention.text.lower().split()
            if mention.kind == "that-year":
                month = MONTHS[words[0].rstrip(".")]
            elif words[-2] in ("following", "next") and month is not None:
                year, month = (year + 1, 1) if month == 12 and year is not None else (year, month + 1)
            if year is None or month is None:
                continue
            mention = DateMention(mention.start, mention.end, mention.text, f"{_MONTH_WORDS[month]} {year}", "month")
        else:
            written = re.search(_YEAR, mention.expression)
            named = re.search(_MONTH, mention.expression)
            if written:
                year = int(written.group())
            if named:
                month = MONTHS[named.group().lower().rstrip(".")]
            elif written:
                month = None  # "in 2023": no month to count "that month" from
        resolved.append(mention)
    return resolved


BARE_MONTH = re.compile(rf"\bin\s+(?:early\s+|late\s+|mid-)?(?P<month>{_MONTH})(?![\w.])(?![,\s]*\d)")


def bare_months(text: str, found: list[DateMention], published: date) -> list[DateMention]:
    """"met by phone in November", "will visit in April": a month without its year, as a news report means it —
    the nearest such month before the text's date for a clause in the past, after it for one in the future (the
    month of the text's date itself either way); with no tense to tell, none. Only after "in", where a month name
    cannot be a name or the modal "May"."""
    from alliance_kg.loaders.sentences import split_sentences

    sentences = split_sentences(text)
    added = []
    for match in BARE_MONTH.finditer(text):
        start, end = match.span()
        if match.group("month").endswith(".") and match.group("month")[:-1] in calendar.month_name:
            end -= 1  # "… by phone in November.": the sentence's full stop
        if any(start < m.end and m.start < end for m in found):
            continue  # "in April 2024", "in May that year": written with their year
        sentence = next((x for x in sentences if x.start <= start < x.end), None)
        bounds = (sentence.start, sentence.end) if sentence else (0, len(text))
        tense = tense_around(text, start, end, bounds)
        if tense is None:
            continue
        month = MONTHS[match.group("month").lower().rstrip(".")]
        if tense == "past":
            year = published.year if month <= published.month else published.year - 1
        else:
            year = published.year if month >= published.month else published.year + 1
        words = " ".join(text[start:end].split()[1:])
        added.append(DateMention(start + 3, end, words, f"{_MONTH_WORDS[month]} {year}", "month"))
    return sorted(found + added, key=lambda m: m.start)


def _weekday_expression(text: str, start: int, end: int, words: str, bounds: tuple[int, int]) -> str | None:
    if words.split()[0].lower() in ("last", "next", "this"):
        return words
    tense = tense_around(text, start, end, bounds)
    if tense is None:
        return None
    name = words.split()[-1]
    assert name.lower() in WEEKDAYS
    return f"{name} ({tense})"


def tense_around(text: str, start: int, end: int, bounds: tuple[int, int] | None = None) -> str | None:
    """'past' or 'future' for the clause around text[start:end] (within its sentence, `bounds`), by the nearest
    tense marker; None if there is none."""
    first, last = bounds or (0, len(text))
    left = max((m.end() for m in _CLAUSE_END.finditer(text, first, start)), default=first)
    right_match = _CLAUSE_END.search(text, end, last)
    right = right_match.start() if right_match else last
    best: tuple[int, str] | None = None
    for pattern, tense in ((FUTURE, "future"), (PAST, "past")):
        for match in pattern.finditer(text, left, right):
            distance = start - match.end() if match.end() <= start else match.start() - end
            if distance < 0:
                continue
            if match.start() >= end and ATTRIBUTION.search(text, max(left, match.start() - 30), match.end()):
                continue  # "…on Wednesday, officials said": when it was said, not when the event is
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None
