"""Month expressions counted from the date a text gave last ("in May that year", "later that month", "the following
month"), as curation/textdates.py finds them, on a text written for the tests
(tests/fixtures/curation/months-counted-from-the-last.txt)."""

from __future__ import annotations

from pathlib import Path

from alliance_kg.curation.textdates import find_dates

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
