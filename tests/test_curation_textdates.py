"""Date expressions as curation/textdates.py finds them in news texts written for the tests (tests/fixtures/curation/):
months counted from the date a text gave last ("in May that year", "later that month", "the following month"), and
months and days without a year read by their clause's tense or the calendar in a January and a December report."""

from __future__ import annotations

from pathlib import Path

from alliance_kg.curation.textdates import find_dates
from alliance_kg.loaders.dates import DateValue, resolve_date

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


JANUARY = FIXTURE.parent / "news-dates-january.txt"  # a report dated Tuesday, January 7, 2025
DECEMBER = FIXTURE.parent / "news-dates-december.txt"  # a report dated Friday, December 20, 2024


def _found(path: Path, reference: DateValue) -> list[tuple[str, str, str]]:
    return [
        (" ".join(m.text.split()), m.expression, _resolved(m, reference))
        for m in find_dates(path.read_text(encoding="utf-8"), reference=reference)
    ]


def _resolved(mention, reference: DateValue) -> str:
    if mention.needs_anchor:
        return "needs an anchor"
    return resolve_date(mention.expression, reference).iso()


def test_a_january_report_reads_months_and_days_by_their_tense_and_the_calendar():
    found = _found(JANUARY, DateValue.parse_iso("2025-01-07"))
    assert found == [
        ("Jan. 7", "Jan. 7", "2025-01-07"),  # the dateline: the document's own day, as written
        ("Dec. 16", "Dec. 16 (past)", "2024-12-16"),  # "met on Dec. 16" in January: last December
        ("Jan. 20", "Jan. 20", "2025-01-20"),  # "will meet": the document's year, written as an annotator would
        ("October last year", "October 2024", "2024-10"),  # counted from the document's year
        ("October", "October (past)", "2024-10"),  # "who took office in October": its own clause's tense
        ("November", "November (past)", "2024-11"),
        ("Tuesday", "Tuesday (past)", "2025-01-07"),  # no tense, but the document's own weekday
        # "on Thursday voiced hope": no tense marker, and not the document's weekday: left out
        ("fiscal 2027", "Japanese fiscal 2027", "2027-04-01/2028-03-31"),  # the sentence names Japan only
        # "The U.S. and Japan … in fiscal 2026": whose fiscal year is not said, and 2026 is no calendar year either
        ("FY2026", "U.S. fiscal 2026", "2025-10-01/2026-09-30"),
        # "possibly in March": a date the text does not commit to
        ("March 2023", "March 2023", "2023-03"),
        ("March 16", "March 16, 2023", "2023-03-16"),  # the year its sentence gave the month
        ("Jan. 3", "Jan. 3", "2025-01-03"),
        ("the following day", "the following day", "needs an anchor"),
        ("later this year", "later this year", "2025-01-07/2025-12-31"),
        ("2019", "2019", "2019"),
        # "In 2019 … In May, …, and on Jan. 5 …": the paragraph tells another year than the calendar's reading
    ]


def test_a_december_report_reads_next_january_as_next_year():
    found = _found(DECEMBER, DateValue.parse_iso("2024-12-20"))
    assert found == [
        ("Jan. 10", "Jan. 10 (future)", "2025-01-10"),  # "will meet on Jan. 10" in December: next January
        ("Dec. 2", "Dec. 2", "2024-12-02"),
        ("February", "February (past)", "2024-02"),
        ("Dec. 20", "Dec. 20", "2024-12-20"),  # the document's own date
        ("January", "January (future)", "2025-01"),
        ("May", "May (future)", "2025-05"),  # no tense marker: the May nearer the document's date
        ("November", "November (past)", "2024-11"),  # "in mid-November": the month, as annotations write it
        ("July", "July (past)", "2024-07"),
    ]


def test_without_the_document_date_days_are_written_as_the_text_writes_them():
    found = [(m.text, m.expression) for m in find_dates(DECEMBER.read_text(encoding="utf-8"))]
    assert found[:2] == [("Jan. 10", "Jan. 10"), ("Dec. 2", "Dec. 2")]
    assert ("February", "February (past)") in found  # a month alone needs its tense to be written at all
    assert all(text != "May" for text, _ in found)  # and without one it is left out


def test_a_document_dated_to_a_span_keeps_the_documents_year_where_no_tense_says_otherwise():
    during_2022 = DateValue.parse_iso("2022-01-21/2022-12-31")
    text = "Finally, the January 6 joint statement focuses on technology. A summit is planned in May."
    found = [(m.text, m.expression) for m in find_dates(text, reference=during_2022)]
    # where in the year the document lies is unknown, so "the nearer reading" says nothing; a month alone needs a tense
    assert found == [("January 6", "January 6")]
    assert resolve_date(found[0][1], during_2022).iso() == "2022-01-06"


def test_a_month_without_its_year_is_the_nearest_one_in_the_direction_of_the_clause_tense():
    reference = DateValue.parse_iso("2025-02-05")
    text = (
        "Testishiba spoke with Testtrump by phone in November. "
        "He will visit Canberra in March, and Testwong will travel to Tokyo in early February. "
        "Testkato met Testyoon in April 2024. "
        "The ministers talked about the May elections, and the summit is in June. "
        "The upgrade follows the agreement reached in April by the two leaders."
    )
    found = [
        (m.text, m.expression, resolve_date(m.expression, reference).iso())
        for m in find_dates(text, reference=reference)
    ]
    assert found == [
        ("November", "November (past)", "2024-11"),  # past: the November before the text's February
        ("March", "March (future)", "2025-03"),  # future: the March after it
        ("February", "February (future)", "2025-02"),  # "in early February": the text's own month
        ("April 2024", "April 2024", "2024-04"),  # written with its year: as it was
        ("April", "April (past)", "2024-04"),  # "reached": past, the April before
    ]  # "the May elections": no "in"; "the summit is in June": no tense the rules read, so no month to give


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
