"""Month expressions counted from the date a text gave last ("in May that year", "later that month", "the following
month"), as curation/textdates.py finds them, on a text written for the tests
(tests/fixtures/curation/months-counted-from-the-last.txt); and a month without its year ("spoke by phone in
November"), which a news report means as the nearest one before or after its date, by the clause's tense."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alliance_kg.curation.textdates import bare_months, find_dates

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "curation" / "months-counted-from-the-last.txt"


def test_months_counted_from_the_last_date_the_text_gave():
    found = [(m.text, m.expression, m.kind) for m in find_dates(FIXTURE.read_text(encoding="utf-8"))]
    assert found == [
        ("March 2023", "March 2023", "month"),
        ("March 16", "March 16", "day"),
        ("May that year", "May 2023", "month"),  # the year of "March 2023"
        ("later that month", "May 2023", "month"),  # the month just named, not the document's
        ("the following month", "June 2023", "month"),
        ("December 2023", "December 2023", "month"),
        ("the same month", "December 2023", "month"),
        ("The next month", "January 2024", "month"),  # over the year's end
        ("next month", "next month", "relative"),  # without "the": counted from the document's date, as before
    ]


def test_nothing_to_count_from_leaves_the_expression_out():
    assert find_dates("The ministers met again later that month, and in May that year.") == []


def test_a_month_without_its_year_is_the_nearest_one_in_the_direction_of_the_clause_tense():
    text = (
        "Testishiba spoke with Testtrump by phone in November. "
        "He will visit Canberra in March, and Testwong will travel to Tokyo in early February. "
        "Testkato met Testyoon in April 2024. "
        "The ministers talked about the May elections, and the summit is in June. "
        "The upgrade follows the agreement reached in April by the two leaders."
    )
    found = [(m.text, m.expression, m.kind) for m in bare_months(text, find_dates(text), date(2025, 2, 5))]
    assert found == [
        ("November", "November 2024", "month"),  # past: the November before the text's February
        ("March", "March 2025", "month"),  # future: the March after it
        ("early February", "February 2025", "month"),  # the text's own month
        ("April 2024", "April 2024", "month"),  # written with its year: as it was
        ("April", "April 2024", "month"),  # "reached": past, the April before
    ]  # "the May elections": no "in"; "the summit is in June": no tense the rules read, so no year to give


def test_a_day_without_its_year_takes_the_year_of_its_month_written_before_in_the_sentence():
    text = (
        "The thaw came in March 2023, when Testyoon flew to Tokyo for a summit on March 16, the first in years. "
        "Testkishida went to Seoul on March 20."
    )
    found = [(m.text, m.expression) for m in find_dates(text)]
    assert found == [
        ("March 2023", "March 2023"),
        ("March 16", "March 16, 2023"),  # the month and year of its own sentence
        ("March 20", "March 20"),  # another sentence: as written, the document's year
    ]
