"""Dates as the sources write them ("Jan. 11", "last week", "a fortnight before"), resolved to calendar spans.

A date is kept as the span of days the words allow: "1960" is 1960-01-01..1960-12-31, "Jan. 11" one day.
The span's precision (day, month, year) decides its XSD type, so a year is never stored as if it were a day.
Words that name no calendar unit ("last week") keep exact bounds; the graph stores the smallest enclosing unit
together with the bounds (see loaders/claims.py).

Approximate words resolve to the span they allow, never to one day: a count of weeks, fortnights, months or
years ("a fortnight before", "three weeks after") is read as rounded to the nearest unit (a fortnight is 7 to
21 days); "early", "mid" and "late" take a third of a month, year or decade; "the end of" is "late";
"around" widens what follows by three days (a day), half a month (a month) or half a year (a year or more).
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

XSD = "http://www.w3.org/2001/XMLSchema#"


class DateResolutionError(ValueError):
    """A date expression that cannot be resolved, with what to write instead."""


@dataclass(frozen=True)
class DateValue:
    """A span of days, both ends included."""

    earliest: date
    latest: date

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise DateResolutionError(f"the span ends ({self.latest}) before it starts ({self.earliest})")

    @classmethod
    def day(cls, value: date) -> DateValue:
        return cls(value, value)

    @classmethod
    def month(cls, year: int, month: int) -> DateValue:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def year(cls, year: int) -> DateValue:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse_iso(cls, text: str) -> DateValue:
        """`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an interval `start/end` of those."""
        text = str(text).strip()
        if "/" in text:
            start, _, end = text.partition("/")
            return cls(cls.parse_iso(start).earliest, cls.parse_iso(end).latest)
        try:
            if re.fullmatch(r"\d{4}", text):
                return cls.year(int(text))
            if re.fullmatch(r"\d{4}-\d{2}", text):
                return cls.month(int(text[:4]), int(text[5:]))
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return cls.day(date.fromisoformat(text))
        except ValueError as error:
            raise DateResolutionError(f"{text!r} is not a valid date: {error}") from error
        raise DateResolutionError(f"{text!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or start/end)")

    @property
    def precision(self) -> str | None:
        """'day', 'month' or 'year' when the span is exactly one such unit; None for any other span."""
        a, b = self.earliest, self.latest
        if a == b:
            return "day"
        if a == date(a.year, a.month, 1) and b == DateValue.month(a.year, a.month).latest:
            return "month"
        if a == date(a.year, 1, 1) and b == date(a.year, 12, 31):
            return "year"
        return None

    def iso(self) -> str:
        a = self.earliest
        match self.precision:
            case "day":
                return a.isoformat()
            case "month":
                return f"{a.year:04d}-{a.month:02d}"
            case "year":
                return f"{a.year:04d}"
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def xsd(self) -> tuple[str, str]:
        """(lexical form, datatype IRI): xsd:date, xsd:gYearMonth or xsd:gYear by precision."""
        datatype = {"day": "date", "month": "gYearMonth", "year": "gYear"}.get(self.precision or "")
        if datatype is None:
            raise DateResolutionError(f"the span {self.iso()} is not a single day, month or year")
        return self.iso(), XSD + datatype

    def shifted(self, days: int = 0, months: int = 0) -> DateValue:
        start = _add(self.earliest, days, months)
        if not days and self.precision == "month":  # a month later than February is all of March
            return DateValue.month(start.year, start.month)
        return DateValue(start, _add(self.latest, days, months))


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
UNITS = {"day": (1, 0), "week": (7, 0), "fortnight": (14, 0), "month": (0, 1), "year": (0, 12)}
BACKWARD = {"before", "prior", "earlier", "ago"}
FORWARD = {"after", "later"}
APPROXIMATE_UNIT_DAYS = {"week": 7, "fortnight": 14}  # counts of these are rounded, so they bound a span of days
HALF_UNIT_DAYS = {"month": 15, "year": 182}  # half a month or a year, in days, around a shifted day
THIRDS = {"early": 0, "mid": 1, "late": 2, "beginning": 0, "start": 0, "end": 2}
AROUND_DAYS = {"day": 3, "month": 15, "year": 182}

_MONTH = r"(?P<month>[A-Za-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})")
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})")
_MONTH_YEAR = re.compile(rf"{_MONTH},?\s+(?P<year>\d{{4}})")
_MONTH_DAY = re.compile(rf"{_MONTH}\s+{_DAY}")
_DAY_MONTH = re.compile(rf"{_DAY}\s+{_MONTH}")
_OF_MONTH = re.compile(rf"(?:the\s+)?{_DAY}\s+of\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?")
_WEEKDAY = re.compile(r"(?:(?P<which>last|next|this)\s+)?(?P<weekday>[a-z]+)\.?(?:\s*\((?P<tense>past|future)\))?")
_LEADING_WEEKDAY = re.compile(r"(?P<weekday>[A-Za-z]+)\.?,?\s+\(?(?P<rest>[^()]+?)\)?")
_OFFSET = re.compile(r"(?P<count>\d+|[a-z]+)\s+(?P<unit>day|week|fortnight|month|year)s?\s+(?P<direction>[a-z]+)")
_RELATIVE = re.compile(r"(?P<which>last|this|next)\s+(?P<unit>week|month|year)")
_NEAR_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_NEXT_DAYS = {  # a day counted from the anchor, in the words news texts use for it
    "the same day": 0, "that same day": 0, "the following day": 1, "the next day": 1, "the day after": 1,
    "the previous day": -1, "the preceding day": -1, "the day before": -1, "the day prior": -1,
}  # fmt: skip
_PART_OF_CURRENT = re.compile(r"(?P<side>earlier|later)\s+this\s+(?P<unit>week|month|year)")
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
WEEKDAYS |= {name.lower(): number for number, name in enumerate(calendar.day_abbr)}
WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_PART = r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+(?:in\s+)?|(?P<edge>beginning|start|end)\s+of\s+(?:the\s+)?)"
_PART_OF_MONTH = re.compile(rf"{_PART}(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{{4}}))?")
_PART_OF_YEAR = re.compile(rf"{_PART}(?:(?P<year>\d{{4}})|(?:the\s+)?(?:new\s+)?(?P<this>year))")
_DECADE = re.compile(r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<decade>\d{3}0)s")
_AROUND = re.compile(r"(?:around|about|circa|c\.|approximately|roughly)\s+(?P<rest>.+)")
_TENSED = re.compile(r"(?P<words>[^()]+?)\s*\((?P<tense>past|future)\)")
_BARE_MONTH = re.compile(r"(?P<month>[A-Za-z]+)\.?")
_FISCAL = re.compile(
    r"(?:(?P<whose>japanese|japan's|japan\u2019s|japan|u\.s\.|us|united states|american|federal)\s+)?"
    r"(?:fiscal\s+(?:year\s+)?|fy\s*)(?P<year>\d{4})"
)
FISCAL_YEARS = {  # whose fiscal year → (month it starts in, years before the one it is named by)
    "japanese": (4, 0),  # Japan's fiscal 2027: April 1, 2027 to March 31, 2028
    "u.s.": (10, 1),  # the U.S. federal fiscal 2027: October 1, 2026 to September 30, 2027
}
FISCAL_OWNERS = {"japanese": "japanese", "japan's": "japanese", "japan\u2019s": "japanese", "japan": "japanese"}
FISCAL_OWNERS |= {"u.s.": "u.s.", "us": "u.s.", "united states": "u.s.", "american": "u.s.", "federal": "u.s."}


def resolve_date(expression: str, reference: DateValue, anchor: DateValue | None = None) -> DateValue:
    """The span of days that `expression` means in a document dated `reference`.

    - ISO forms and intervals stand alone: "2023", "2023-01", "2023-01-11", "2023-01-06/2023-01-13".
    - Full dates stand alone: "January 13, 2023", "13 January 2023", "January 2023", "1960".
    - A month and day without a year ("Jan. 11") take the year of the document's date, which must lie in one year.
    - "last/this/next week|month|year", "yesterday", "today", "tomorrow", "two days ago" count from the document's
      date (a span, when the date is only known to lie in a span); "earlier this month" runs from the month's first
      day to the document's date, "later this year" from the document's date to the year's end.
    - "the following day", "the next day", "the day after", "the previous day", "the day before" count from `anchor`;
      "the same day" is `anchor`'s day.
    - "a day prior", "two days later", "a fortnight before" count from `anchor`, the date the text counts from;
      counts of weeks and longer are approximate (see the module docstring) and give a span.
    - A weekday says which of two days only with its tense, which the words around it carry ("said on Wednesday",
      "will meet on Wednesday"): "Wednesday (past)" is the last Wednesday on or before the document's date,
      "Wednesday (future)" the first on or after it; "last Wednesday" and "next Wednesday" exclude the document's
      own day, "this Wednesday" is the one in its (ISO) week. A weekday alone is an error that says so.
    - A weekday before a full date ("Wednesday, Jan. 11, 2023", "Wednesday (Jan. 11)") must be that date's.
    - A month and day, or a month, with the tense of its clause, as for weekdays: "Dec. 16 (past)" is the last
      Dec. 16 on or before the document's date ("met on Dec. 16" in a January report: the previous December),
      "Jan. 10 (future)" the first on or after it; "November (past)" the last November up to the document's
      month ("spoke in November"), "May (future)" the first May from it. A month alone is an error that says so.
    - A fiscal year says whose: "Japanese fiscal 2027" (also "Japan's", "FY2027") runs April 1, 2027 to March
      31, 2028; "U.S. fiscal 2027" (also "federal") October 1, 2026 to September 30, 2027. "fiscal 2027" alone
      is an error that says so.
    - Ordinals and "of": "12th January, 2023", "January 12th", "the 12th of January 2023".
    - "early January", "mid-2022", "late May 2023", "the end of 2022", "the end of the year", "early in the new
      year" (the year of the document's date), "the early 1990s", "around 1990", "around Jan. 11": approximate spans.
    """
    text = " ".join(str(expression).split())
    lowered = text.lower()
    if not text:
        raise DateResolutionError("empty date")
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?", text):
        return DateValue.parse_iso(text)
    if match := _AROUND.fullmatch(lowered):
        return _around(resolve_date(match["rest"], reference, anchor))
    if match := _FISCAL.fullmatch(lowered):
        return _fiscal_year(match, text)
    if match := _DECADE.fullmatch(lowered):
        return _part_of_decade(int(match["decade"]), match["part"])
    if match := _PART_OF_YEAR.fullmatch(lowered):
        year = int(match["year"]) if match["year"] else _single_year(reference, text)
        return _third(DateValue.year(year), match["part"] or match["edge"])
    if (match := _PART_OF_MONTH.fullmatch(lowered)) and match["month"] in MONTHS:
        year = int(match["year"]) if match["year"] else _single_year(reference, text)
        return _third(DateValue.month(year, MONTHS[match["month"]]), match["part"] or match["edge"])
    if match := _MONTH_DAY_YEAR.fullmatch(text) or _DAY_MONTH_YEAR.fullmatch(text):
        return DateValue.day(_calendar_day(int(match["year"]), match["month"], match["day"], text))
    if match := _MONTH_YEAR.fullmatch(text):
        return DateValue.month(int(match["year"]), _month_number(match["month"], text))
    if (match := _TENSED.fullmatch(text)) and (named := _month_and_day(match["words"])):
        return _tensed_calendar(named, match["tense"], reference, text)
    if (match := _BARE_MONTH.fullmatch(text)) and match["month"].lower() in MONTHS:
        name = match.group()
        raise DateResolutionError(
            f"{text!r}: a month without its year is ambiguous; write '{name} (past)' when the text reports it as past "
            f"(\"spoke in {name}\"), '{name} (future)' when it is to come, or the month with its year"
        )
    if match := _MONTH_DAY.fullmatch(text) or _DAY_MONTH.fullmatch(text):
        year = _single_year(reference, text)
        return DateValue.day(_calendar_day(year, match["month"], match["day"], text))
    if match := _OF_MONTH.fullmatch(text):
        year = int(match["year"]) if match["year"] else _single_year(reference, text)
        return DateValue.day(_calendar_day(year, match["month"], match["day"], text))
    if (match := _WEEKDAY.fullmatch(lowered)) and match["weekday"] in WEEKDAYS:
        return _weekday(match, reference, text)
    if (match := _LEADING_WEEKDAY.fullmatch(text)) and match["weekday"].lower() in WEEKDAYS:
        resolved = resolve_date(match["rest"], reference, anchor)
        weekday = WEEKDAYS[match["weekday"].lower()]
        if resolved.precision == "day" and resolved.earliest.weekday() != weekday:
            actual = calendar.day_name[resolved.earliest.weekday()]
            raise DateResolutionError(f"{text!r}: {resolved.iso()} is a {actual}, not a {calendar.day_name[weekday]}")
        return resolved
    if lowered in _NEAR_DAYS:
        return reference.shifted(days=_NEAR_DAYS[lowered])
    if lowered in _NEXT_DAYS:
        if anchor is None:
            raise DateResolutionError(f"{text!r} counts from another date: give it as `anchor` (e.g. anchor: Jan. 12)")
        return anchor.shifted(days=_NEXT_DAYS[lowered])
    if match := _PART_OF_CURRENT.fullmatch(lowered):
        unit = _calendar_unit_around(reference, match["unit"], 0)
        if match["side"] == "earlier":  # "earlier this month": from its first day to the document's date
            return DateValue(unit.earliest, reference.latest)
        return DateValue(reference.earliest, unit.latest)
    if match := _RELATIVE.fullmatch(lowered):
        step = {"last": -1, "this": 0, "next": 1}[match["which"]]
        return _calendar_unit_around(reference, match["unit"], step)
    if match := _OFFSET.fullmatch(lowered):
        return _offset(match, reference, anchor, text)
    raise DateResolutionError(
        f"cannot read the date {text!r}; write it as in the text, e.g. 'January 13, 2023', 'Jan. 11', '1960', "
        "'last week', 'a day prior' (with an anchor), or as ISO 'YYYY-MM-DD' or 'start/end'"
    )


def _weekday(match: re.Match[str], reference: DateValue, text: str) -> DateValue:
    """The weekday of `match` as seen from each possible day of the reference span (see resolve_date)."""
    weekday, which, tense = WEEKDAYS[match["weekday"]], match["which"], match["tense"]
    if which and tense:
        raise DateResolutionError(f"{text!r}: write either {which!r} or ({tense}), not both")
    if not which and not tense:
        name = calendar.day_name[weekday]
        raise DateResolutionError(
            f"{text!r}: a weekday alone is ambiguous; write '{name} (past)' when the text reports it as past "
            f'("said on {name}"), \'{name} (future)\' when it is to come ("will meet on {name}"), or the date'
        )

    def from_day(day: date) -> date:
        if which == "this":
            return day - timedelta(days=day.weekday()) + timedelta(days=weekday)
        back = (day.weekday() - weekday) % 7
        forward = (weekday - day.weekday()) % 7
        if which == "last" or tense == "past":
            return day - timedelta(days=back or (7 if which == "last" else 0))
        return day + timedelta(days=forward or (7 if which == "next" else 0))

    return DateValue(from_day(reference.earliest), from_day(reference.latest))


def _month_and_day(words: str) -> re.Match[str] | None:
    """A month and day ("Dec. 16", "16th of December") or a month ("November"), without a year; else None."""
    for pattern in (_MONTH_DAY, _DAY_MONTH, _OF_MONTH, _BARE_MONTH):
        named = pattern.fullmatch(words)
        if named and named["month"].lower() in MONTHS and not named.groupdict().get("year"):
            return named
    return None


def _tensed_calendar(named: re.Match[str], tense: str, reference: DateValue, text: str) -> DateValue:
    """A month and day ("Dec. 16") or a month ("November") without a year, as seen from each possible day of the
    reference span: the last on or before it (past), or the first on or after it (future)."""
    month = MONTHS[named["month"].lower()]
    day = int(named["day"]) if "day" in named.groupdict() and named["day"] else None
    if day is not None and not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: a leap year
        raise DateResolutionError(f"{text!r} is not a valid date: no {calendar.month_name[month]} has a day {day}")

    def spans_around(seen: date) -> list[DateValue]:  # the candidates in the years around `seen`, in order
        years = range(seen.year - 8, seen.year + 9)  # eight: the next February 29 is at most eight years away
        if day is None:
            return [DateValue.month(year, month) for year in years]
        return [
            DateValue.day(date(year, month, day)) for year in years if calendar.isleap(year) or (month, day) != (2, 29)
        ]

    def from_day(seen: date) -> DateValue:
        if tense == "past":
            return [span for span in spans_around(seen) if span.earliest <= seen][-1]
        return next(span for span in spans_around(seen) if span.latest >= seen)

    return DateValue(from_day(reference.earliest).earliest, from_day(reference.latest).latest)


def _fiscal_year(match: re.Match[str], text: str) -> DateValue:
    """A fiscal year as the span its government's fiscal year runs (see FISCAL_YEARS)."""
    if match["whose"] is None:
        raise DateResolutionError(
            f"{text!r}: a fiscal year is a government's; write 'Japanese fiscal {match['year']}' (April to March) "
            f"or 'U.S. fiscal {match['year']}' (October to September), or the span as ISO 'start/end'"
        )
    first_month, years_before = FISCAL_YEARS[FISCAL_OWNERS[match["whose"]]]
    start = date(int(match["year"]) - years_before, first_month, 1)
    return DateValue(start, _add(start, 0, 12) - timedelta(days=1))


def _offset(match: re.Match[str], reference: DateValue, anchor: DateValue | None, text: str) -> DateValue:
    count_word, unit, direction = match["count"], match["unit"], match["direction"]
    count = int(count_word) if count_word.isdigit() else NUMBERS.get(count_word)
    if count is None:
        raise DateResolutionError(f"{text!r}: {count_word!r} is not a number")
    if direction not in BACKWARD | FORWARD:
        raise DateResolutionError(f"{text!r}: expected before/prior/earlier/ago or after/later, not {direction!r}")
    if direction == "ago":
        base = anchor or reference
    elif anchor is None:
        raise DateResolutionError(f"{text!r} counts from another date: give it as `anchor` (e.g. anchor: Jan. 12)")
    else:
        base = anchor
    sign = -1 if direction in BACKWARD else 1
    days, months = UNITS[unit]
    if unit in APPROXIMATE_UNIT_DAYS:  # "a fortnight" is a fortnight give or take half of one
        size = APPROXIMATE_UNIT_DAYS[unit]
        fewest, most = math.ceil((count - 0.5) * size), math.floor((count + 0.5) * size)
        if sign < 0:
            return DateValue(base.earliest - timedelta(days=most), base.latest - timedelta(days=fewest))
        return DateValue(base.earliest + timedelta(days=fewest), base.latest + timedelta(days=most))
    calendar_base = (unit == "month" and base.precision == "month") or (
        unit == "year" and base.precision in ("month", "year")
    )
    shifted = base.shifted(days=sign * count * days, months=sign * count * months)
    if months and not calendar_base:  # "a month later" than a day: about a month, not that day of the next month
        half = timedelta(days=HALF_UNIT_DAYS[unit])
        return DateValue(shifted.earliest - half, shifted.latest + half)
    return shifted


def _third(span: DateValue, part: str) -> DateValue:
    """The early, middle or late third of a month (days 1-10, 11-20, 21-end) or of a year (four months each)."""
    index = THIRDS[part]
    if span.precision == "month":
        first = span.earliest
        start = first.replace(day=1 + 10 * index)
        end = span.latest if index == 2 else first.replace(day=10 * (index + 1))
        return DateValue(start, end)
    year = span.earliest.year
    return DateValue(date(year, 1 + 4 * index, 1), DateValue.month(year, 4 + 4 * index).latest)


def _part_of_decade(decade: int, part: str | None) -> DateValue:
    """The 1990s are 1990-1999; its early, mid and late parts are 1990-1993, 1994-1996 and 1997-1999."""
    first, last = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}[part]
    return DateValue(date(decade + first, 1, 1), date(decade + last, 12, 31))


def _around(span: DateValue) -> DateValue:
    """The span widened on both sides: by three days around a day, half a month around whole months, half a
    year around whole years."""
    a, b = span.earliest, span.latest
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        unit = "year"
    elif a.day == 1 and b == DateValue.month(b.year, b.month).latest:
        unit = "month"
    else:
        unit = "day"
    margin = timedelta(days=AROUND_DAYS[unit])
    return DateValue(a - margin, b + margin)


_WEEKDAY_NAMES = re.compile(
    rf"\b(?:(?P<which>last|next|this)\s+)?(?P<weekday>{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})\b\.?",
    re.IGNORECASE,
)
_DAY_NAMES = re.compile(
    rf"(?:(?P<month_first>(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
    rf"|(?P<day_first>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?(?:,?\s+\d{{4}})?)"
    r"|(?P<offset>(?:\d+|[a-z]+)\s+days?\s+(?:before|prior|earlier|ago|after|later))"
    r"|(?P<next>(?:the|that)\s+same\s+day|the\s+(?:following|next|previous|preceding)\s+day|the\s+day\s+(?:before|after|prior))"
    r"|(?P<near>yesterday|today|tomorrow))(?!\w)",
    re.IGNORECASE,
)


def days_named(text: str, reference: DateValue, anchor: DateValue | None = None) -> set[date]:
    """The single days that date expressions in `text` name ("Jan. 11", "April 10, 2024", "two days later" from
    `anchor`): what a claim's quotes must contain before the claim may state a date at day precision."""
    days: set[date] = set()
    for match in _DAY_NAMES.finditer(text):
        try:
            span = resolve_date(match.group(), reference, anchor)
        except DateResolutionError:
            continue
        if span.precision == "day":
            days.add(span.earliest)
        if (match["month_first"] or match["day_first"]) and not re.search(r"\d{4}$", match.group()):
            # a month and day without a year is the text's with the tense of its clause ("met on Dec. 16" in a
            # January report), which the quote alone may not carry: the nearest such day on either side
            for tense in (" (past)", " (future)"):
                try:
                    days.add(resolve_date(match.group() + tense, reference, anchor).earliest)
                except DateResolutionError:
                    continue
    # A weekday names a day once its tense is known ("said on Tuesday", "will meet on Tuesday"); the quote alone
    # may not carry the tense, so it names the nearest such weekday on either side of the document's date.
    for match in _WEEKDAY_NAMES.finditer(text):
        which = f"{match['which']} " if match["which"] else ""
        tenses = ("",) if which else (" (past)", " (future)")
        for tense in tenses:
            try:
                days.add(resolve_date(f"{which}{match['weekday']}{tense}", reference, anchor).earliest)
            except DateResolutionError:
                continue
    return days


def _calendar_unit_around(reference: DateValue, unit: str, step: int) -> DateValue:
    """The calendar week (ISO, Monday first), month or year `step` units from the reference span."""
    a, b = reference.earliest, reference.latest
    if unit == "week":
        start = a - timedelta(days=a.weekday()) + timedelta(weeks=step)
        end = b - timedelta(days=b.weekday()) + timedelta(weeks=step, days=6)
        return DateValue(start, end)
    if unit == "month":
        first, last = _add(date(a.year, a.month, 1), 0, step), _add(date(b.year, b.month, 1), 0, step)
        return DateValue(first, DateValue.month(last.year, last.month).latest)
    return DateValue(date(a.year + step, 1, 1), date(b.year + step, 12, 31))


def _single_year(reference: DateValue, text: str) -> int:
    if reference.earliest.year != reference.latest.year:
        raise DateResolutionError(
            f"{text!r} gives no year and the document's date {reference.iso()} spans years; write the year"
        )
    return reference.earliest.year


def _month_number(name: str, text: str) -> int:
    number = MONTHS.get(name.lower())
    if number is None:
        raise DateResolutionError(f"{text!r}: {name!r} is not a month name")
    return number


def _calendar_day(year: int, month_name: str, day: str, text: str) -> date:
    try:
        return date(year, _month_number(month_name, text), int(day))
    except ValueError as error:
        raise DateResolutionError(f"{text!r} is not a valid date: {error}") from error


def _add(day: date, days: int, months: int) -> date:
    if months:
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        month += 1
        day = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + timedelta(days=days)
