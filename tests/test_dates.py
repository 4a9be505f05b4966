"""Dates as the sources write them, resolved against the document's own date."""

from __future__ import annotations

from datetime import date

import pytest
from alliance_kg.loaders.dates import DateResolutionError, DateValue, days_named, resolve_date

WEEK_OF_16_JAN_2023 = DateValue.parse_iso("2023-01-16/2023-01-22")  # Monday to Sunday
YEAR_2023 = DateValue.parse_iso("2023")


@pytest.mark.parametrize(
    ("expression", "reference", "anchor", "expected"),
    [
        ("1960", YEAR_2023, None, "1960"),
        ("2023-01", YEAR_2023, None, "2023-01"),
        ("2023-01-06/2023-01-13", YEAR_2023, None, "2023-01-06/2023-01-13"),
        ("January 13, 2023", YEAR_2023, None, "2023-01-13"),
        ("13 January 2023", YEAR_2023, None, "2023-01-13"),
        ("January 2023", YEAR_2023, None, "2023-01"),
        ("Sept. 3, 2021", YEAR_2023, None, "2021-09-03"),
        ("Jan. 11", WEEK_OF_16_JAN_2023, None, "2023-01-11"),
        ("March 16", DateValue.parse_iso("2022-01-21/2022-12-31"), None, "2022-03-16"),
        ("last week", WEEK_OF_16_JAN_2023, None, "2023-01-09/2023-01-15"),
        ("last week", DateValue.parse_iso("2023-01-18"), None, "2023-01-09/2023-01-15"),
        ("this week", DateValue.parse_iso("2023-01-18"), None, "2023-01-16/2023-01-22"),
        ("next week", DateValue.parse_iso("2023-01-18"), None, "2023-01-23/2023-01-29"),
        ("last month", DateValue.parse_iso("2023-01-18"), None, "2022-12"),
        ("last month", DateValue.parse_iso("2023-03-31"), None, "2023-02"),
        ("last year", DateValue.parse_iso("2023-01-18"), None, "2022"),
        ("yesterday", DateValue.parse_iso("2023-01-01"), None, "2022-12-31"),
        ("two days ago", DateValue.parse_iso("2023-01-01"), None, "2022-12-30"),
        ("a day prior", YEAR_2023, DateValue.parse_iso("2023-01-12"), "2023-01-11"),
        ("two days later", YEAR_2023, DateValue.parse_iso("2023-01-11"), "2023-01-13"),
        # counts of weeks and longer are rounded: "a fortnight" is 7 to 21 days, never exactly 14
        ("a fortnight before", YEAR_2023, DateValue.parse_iso("2023-01-13"), "2022-12-23/2023-01-06"),
        ("a week before", YEAR_2023, DateValue.parse_iso("2023-01-13"), "2023-01-03/2023-01-09"),
        ("3 weeks after", YEAR_2023, DateValue.parse_iso("2023-01-13"), "2023-01-31/2023-02-06"),
        ("a month later", YEAR_2023, DateValue.parse_iso("2023-01"), "2023-02"),
        ("a month later", YEAR_2023, DateValue.parse_iso("2023-01-13"), "2023-01-29/2023-02-28"),
        ("a year before", YEAR_2023, DateValue.parse_iso("2023"), "2022"),
        # parts of months, years and decades, and "around"
        ("early January", YEAR_2023, None, "2023-01-01/2023-01-10"),
        ("mid-January 2023", YEAR_2023, None, "2023-01-11/2023-01-20"),
        ("late May 2023", YEAR_2023, None, "2023-05-21/2023-05-31"),
        ("the end of 2022", YEAR_2023, None, "2022-09-01/2022-12-31"),
        ("the end of the year", DateValue.parse_iso("2023-01-13/2023-01-31"), None, "2023-09-01/2023-12-31"),
        ("early 2023", YEAR_2023, None, "2023-01-01/2023-04-30"),
        ("the early 1990s", YEAR_2023, None, "1990-01-01/1993-12-31"),
        ("around Jan. 11", YEAR_2023, None, "2023-01-08/2023-01-14"),
        ("around January 2023", YEAR_2023, None, "2022-12-17/2023-02-15"),
        ("around 1990", YEAR_2023, None, "1989-07-03/1991-07-01"),
    ],
)
def test_resolves(expression, reference, anchor, expected):
    assert resolve_date(expression, reference, anchor).iso() == expected


def test_precision_and_xsd_type_follow_the_words():
    assert resolve_date("1960", YEAR_2023).xsd() == ("1960", "http://www.w3.org/2001/XMLSchema#gYear")
    assert resolve_date("January 2023", YEAR_2023).xsd() == ("2023-01", "http://www.w3.org/2001/XMLSchema#gYearMonth")
    assert resolve_date("Jan. 11", YEAR_2023).xsd() == ("2023-01-11", "http://www.w3.org/2001/XMLSchema#date")
    week = resolve_date("last week", WEEK_OF_16_JAN_2023)
    assert week.precision is None
    assert (week.earliest, week.latest) == (date(2023, 1, 9), date(2023, 1, 15))
    with pytest.raises(DateResolutionError, match="not a single day, month or year"):
        week.xsd()


@pytest.mark.parametrize(
    ("expression", "reference", "anchor", "message"),
    [
        ("a day prior", YEAR_2023, None, "give it as `anchor`"),
        ("Jan. 11", DateValue.parse_iso("2022-12-20/2023-01-20"), None, "spans years; write the year"),
        ("Febtober 3, 2023", YEAR_2023, None, "not a month name"),
        ("February 30, 2023", YEAR_2023, None, "not a valid date"),
        ("sometime soon", YEAR_2023, None, "cannot read the date"),
        ("2023-13", YEAR_2023, None, "not a valid date"),
        ("zillion days later", YEAR_2023, YEAR_2023, "not a number"),
    ],
)
def test_unreadable_dates_say_what_to_write(expression, reference, anchor, message):
    with pytest.raises(DateResolutionError, match=message):
        resolve_date(expression, reference, anchor)


def test_approximate_words_never_resolve_to_one_day():
    for expression in ("a fortnight before", "a week before", "two weeks after", "a month later", "around Jan. 11"):
        span = resolve_date(expression, YEAR_2023, DateValue.parse_iso("2023-01-13"))
        assert span.precision != "day", expression
        assert span.earliest < span.latest


def test_days_named_by_a_quote():
    reference, anchor = WEEK_OF_16_JAN_2023, DateValue.parse_iso("2023-01-11")
    quote = "On Jan. 11, the two governments held a meeting and two days later came the summit"
    # "Jan. 11" without its year also names the next Jan. 11 ("will meet on Jan. 11"), as a weekday names both
    assert days_named(quote, reference, anchor) == {date(2023, 1, 11), date(2024, 1, 11), date(2023, 1, 13)}
    assert days_named("April 10, 2024 and 13 January 2023", reference) == {date(2024, 4, 10), date(2023, 1, 13)}
    # words that give a span, or no date at all, name no day
    assert days_named("Just a fortnight before Kishida's arrival, last week, in 2019", reference, anchor) == set()


def test_a_span_cannot_end_before_it_starts():
    with pytest.raises(DateResolutionError, match="before it starts"):
        DateValue.parse_iso("2023-02-01/2023-01-01")


THURSDAY_12_JAN_2023 = DateValue.parse_iso("2023-01-12")


@pytest.mark.parametrize(
    ("expression", "reference", "expected"),
    [
        # a weekday with the tense of the words around it ("said on Wednesday", "will meet on Wednesday")
        ("Wednesday (past)", THURSDAY_12_JAN_2023, "2023-01-11"),
        ("Wednesday (future)", THURSDAY_12_JAN_2023, "2023-01-18"),
        ("Thursday (past)", THURSDAY_12_JAN_2023, "2023-01-12"),  # the document's own day
        ("Thursday (future)", THURSDAY_12_JAN_2023, "2023-01-12"),
        ("Wed. (past)", THURSDAY_12_JAN_2023, "2023-01-11"),
        ("last Thursday", THURSDAY_12_JAN_2023, "2023-01-05"),
        ("next Thursday", THURSDAY_12_JAN_2023, "2023-01-19"),
        ("this Monday", THURSDAY_12_JAN_2023, "2023-01-09"),
        # a document dated only to a week: the weekday is only known to lie in a span
        ("Wednesday (past)", WEEK_OF_16_JAN_2023, "2023-01-11/2023-01-18"),
        # ordinals and "of"
        ("12th January, 2023", YEAR_2023, "2023-01-12"),
        ("January 12th, 2023", YEAR_2023, "2023-01-12"),
        ("the 12th of January 2023", YEAR_2023, "2023-01-12"),
        ("12th of January", THURSDAY_12_JAN_2023, "2023-01-12"),
        # a weekday before the date it names
        ("Wednesday, Jan. 11, 2023", YEAR_2023, "2023-01-11"),
        ("Wednesday (Jan. 11)", THURSDAY_12_JAN_2023, "2023-01-11"),
    ],
)
def test_resolves_weekdays_with_tense_and_ordinal_dates(expression, reference, expected):
    assert resolve_date(expression, reference).iso() == expected


def test_a_weekday_alone_asks_for_its_tense():
    with pytest.raises(DateResolutionError, match=r"ambiguous; write 'Wednesday \(past\)'.*'Wednesday \(future\)'"):
        resolve_date("Wednesday", THURSDAY_12_JAN_2023)


def test_a_weekday_that_contradicts_its_date_is_an_error():
    with pytest.raises(DateResolutionError, match="2023-01-11 is a Wednesday, not a Thursday"):
        resolve_date("Thursday, Jan. 11, 2023", YEAR_2023)


TUESDAY_7_JAN_2025 = DateValue.parse_iso("2025-01-07")
FRIDAY_20_DEC_2024 = DateValue.parse_iso("2024-12-20")


@pytest.mark.parametrize(
    ("expression", "reference", "expected"),
    [
        # a month and day without a year, with the tense of its clause, as for weekdays
        ("Dec. 16 (past)", TUESDAY_7_JAN_2025, "2024-12-16"),  # "met on Dec. 16" in a January report
        ("Dec. 16 (future)", TUESDAY_7_JAN_2025, "2025-12-16"),
        ("Jan. 10 (future)", FRIDAY_20_DEC_2024, "2025-01-10"),  # "will meet on Jan. 10" in a December report
        ("Jan. 10 (past)", FRIDAY_20_DEC_2024, "2024-01-10"),
        ("Jan. 7 (past)", TUESDAY_7_JAN_2025, "2025-01-07"),  # the document's own date, whichever the tense
        ("Jan. 7 (future)", TUESDAY_7_JAN_2025, "2025-01-07"),
        ("16 December (past)", TUESDAY_7_JAN_2025, "2024-12-16"),
        ("16th of December (past)", TUESDAY_7_JAN_2025, "2024-12-16"),
        ("Feb. 29 (past)", DateValue.parse_iso("2025-03-01"), "2024-02-29"),  # the last February 29
        ("Feb. 29 (past)", DateValue.parse_iso("2023-03-01"), "2020-02-29"),
        ("Feb. 29 (future)", DateValue.parse_iso("2024-03-01"), "2028-02-29"),
        ("Jan. 11 (past)", WEEK_OF_16_JAN_2023, "2023-01-11"),
        ("Dec. 16 (past)", DateValue.parse_iso("2022-12-20/2023-01-20"), "2022-12-16"),
        # a document dated across the day: the day is only known to lie in a span
        ("Jan. 1 (past)", DateValue.parse_iso("2022-12-20/2023-01-20"), "2022-01-01/2023-01-01"),
        # a month without a year, with its tense
        ("November (past)", DateValue.parse_iso("2025-02-05"), "2024-11"),  # "spoke in November" in February
        ("November (future)", DateValue.parse_iso("2025-02-05"), "2025-11"),
        ("January (future)", FRIDAY_20_DEC_2024, "2025-01"),
        ("December (future)", FRIDAY_20_DEC_2024, "2024-12"),  # the document's own month
        ("December (past)", FRIDAY_20_DEC_2024, "2024-12"),
        ("Sept. (past)", TUESDAY_7_JAN_2025, "2024-09"),
        # fiscal years say whose
        ("Japanese fiscal 2027", YEAR_2023, "2027-04-01/2028-03-31"),
        ("Japan's fiscal year 2027", YEAR_2023, "2027-04-01/2028-03-31"),
        ("Japanese FY2027", YEAR_2023, "2027-04-01/2028-03-31"),
        ("U.S. fiscal 2027", YEAR_2023, "2026-10-01/2027-09-30"),
        ("federal fiscal year 2024", YEAR_2023, "2023-10-01/2024-09-30"),
        # days counted from the anchor, parts of the current unit
        ("earlier this month", TUESDAY_7_JAN_2025, "2025-01-01/2025-01-07"),
        ("later this year", TUESDAY_7_JAN_2025, "2025-01-07/2025-12-31"),
        ("later this week", TUESDAY_7_JAN_2025, "2025-01-07/2025-01-12"),
    ],
)
def test_resolves_days_and_months_by_tense_and_fiscal_years(expression, reference, expected):
    assert resolve_date(expression, reference).iso() == expected


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        ("the following day", "2024-12-31", "2025-01-01"),
        ("the next day", "2024-02-28", "2024-02-29"),
        ("the day before", "2025-03-01", "2025-02-28"),
        ("the previous day", "2025-01-01", "2024-12-31"),
    ],
)
def test_days_counted_from_the_anchor(expression, anchor, expected):
    assert resolve_date(expression, YEAR_2023, DateValue.parse_iso(anchor)).iso() == expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("November", r"a month without its year is ambiguous; write 'November \(past\)'"),
        ("fiscal 2027", r"a fiscal year is a government's; write 'Japanese fiscal 2027'"),
        ("FY2027", r"write 'Japanese fiscal 2027' \(April to March\) or 'U.S. fiscal 2027'"),
        ("Feb. 30 (past)", "no February has a day 30"),
        ("the following day", "counts from another date"),
    ],
)
def test_months_alone_and_fiscal_years_without_whose_say_what_to_write(expression, message):
    with pytest.raises(DateResolutionError, match=message):
        resolve_date(expression, TUESDAY_7_JAN_2025)


def test_what_resolved_before_keeps_its_meaning():
    # a month and day without a tense still takes the document's year, as hand-written claims have it
    assert resolve_date("Dec. 16", TUESDAY_7_JAN_2025).iso() == "2025-12-16"
    assert resolve_date("this year", TUESDAY_7_JAN_2025).iso() == "2025"
    assert resolve_date("Wednesday (past)", TUESDAY_7_JAN_2025).iso() == "2025-01-01"


def test_days_named_by_a_quote_read_a_month_and_day_either_way_and_the_following_day():
    quote = "The ministers met on Dec. 16 and again the following day"
    named = days_named(quote, TUESDAY_7_JAN_2025, DateValue.parse_iso("2024-12-16"))
    assert named == {date(2024, 12, 16), date(2025, 12, 16), date(2024, 12, 17)}
    assert days_named("in fiscal 2027, in November", TUESDAY_7_JAN_2025) == set()
