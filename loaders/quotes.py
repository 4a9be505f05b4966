"""Finds a verbatim quote in a source text and returns its character offsets."""

from __future__ import annotations


class QuoteError(ValueError):
    """The quote is missing from the text, or occurs more than once and no occurrence was chosen."""


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets (start, end) with `text[start:end] == quote`, 0-based, end excluded, as Python slices count.

    `occurrence` (1-based) picks one of several identical passages; without it a repeated quote is an error,
    because evidence that could point at two places points at neither.
    """
    if not quote:
        raise QuoteError("the quote is empty")
    starts = []
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    if not starts:
        raise QuoteError(f"quote not found in the text: {quote!r}{_hint(text, quote)}")
    if occurrence is not None:
        if not 1 <= occurrence <= len(starts):
            raise QuoteError(f"occurrence {occurrence} asked, but the quote occurs {len(starts)} time(s): {quote!r}")
        start = starts[occurrence - 1]
    elif len(starts) > 1:
        raise QuoteError(
            f"quote is ambiguous, it occurs {len(starts)} times: {quote!r}; "
            "lengthen it, or add `occurrence: N` to choose one"
        )
    else:
        start = starts[0]
    return start, start + len(quote)


def _hint(text: str, quote: str) -> str:
    """Point at the usual culprits: typographic quotes and dashes that look alike but differ."""
    lookalikes = str.maketrans(
        {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    )
    if quote.translate(lookalikes) in text.translate(lookalikes):
        return " (it matches if quote marks or dashes are ignored: copy them exactly from the text)"
    return ""
