"""Every sentence accounted for: a proposal rests on it, or it goes under `unclaimed:` with why (notes/formats.md).

By rule, only what can be told from the form of a line: metadata (the lines the metadata entry quotes: title,
byline, date, the author's note), boilerplate (share buttons, subscription prompts, copyright), captions (photo
credits), repetition (a sentence the text has said before) and quoted-view (a sentence that is a direct
quotation). Everything else is `not-reviewed`: opinion and analysis are the reviewer's to call. A sentence that
names a registered entity but yields no proposal says which entities and why no rule fits (the rules' own reasons
when one came close).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.loaders.entity import normalise_name
from alliance_kg.loaders.quotes import QuoteError, find_quote

METADATA_QUOTES = ("title_quote", "publisher_quote", "date_quote", "originally_published_quote")
DIRECT_QUOTE = re.compile(
    r"^[\"\u201c\u2018].{12,}[\"\u201d\u2019](?:[,.]?\s*(?:\w+\s+){0,6}(?:said|says|added|told)\b.*)?$|^[\"\u201c]"
)
BYLINE = re.compile(r"^(?:by|written by|reporting by)\s+[A-Z]", re.IGNORECASE)


def metadata_sentences(analysis: Analysis) -> set[int]:
    """Sentences the document's metadata entry quotes (title, authors, publisher, date) or whose words are its title."""
    found = quoted_by_metadata(analysis)
    meta = analysis.source.metadata
    if meta.get("title"):
        title = normalise_name(str(meta["title"]))
        found |= {i for i, s in enumerate(analysis.sentences) if normalise_name(s.text) == title}
    return found


def quoted_by_metadata(analysis: Analysis) -> set[int]:
    """Sentences a quote of the metadata entry overlaps: the build makes each quote a claim (loaders/documents.py),
    so these sentences carry a claim and are never `unclaimed:`."""
    meta = analysis.source.metadata
    quotes = [meta.get(key) for key in METADATA_QUOTES if meta.get(key)]
    quotes += [author.get("quote") for author in meta.get("authors") or [] if isinstance(author, dict)]
    found: set[int] = set()
    for quote in quotes:
        start = analysis.source.text.find(str(quote))
        if start >= 0:
            end = start + len(str(quote))
            found |= {i for i, s in enumerate(analysis.sentences) if s.start < end and start < s.end}
    return found


def caption_sentences(analysis: Analysis) -> set[int]:
    """Photo captions and credits: what they say is the picture's, and the rules leave them alone (false friends)."""
    captions = analysis.context.lexicon.captions
    lines = [
        (m.start(), m.end())
        for m in re.finditer(r"[^\n]+", analysis.text)
        if any(p.search(m.group()) for p in captions)
    ]
    return {i for i, s in enumerate(analysis.sentences) if any(a <= s.start < b for a, b in lines)}


def boilerplate_lines(analysis: Analysis) -> set[int]:
    """A line of its own that is page furniture ("Related coverage: X to meet Y in Z", "Read more: …"): the
    headline it links to is another article's, and the rules leave it alone as they leave captions."""
    boilerplate = analysis.context.lexicon.boilerplate
    lines = [
        (m.start(), m.end())
        for m in re.finditer(r"[^\n]+", analysis.text)
        if any(p.search(m.group().strip()) for p in boilerplate)
    ]
    return {i for i, s in enumerate(analysis.sentences) if any(a <= s.start and s.end <= b for a, b in lines)}


def unclaimed(analysis: Analysis) -> list[dict]:
    lexicon = analysis.context.lexicon
    covered = {analysis.sentence_index(c.start) for c in analysis.claims} | quoted_by_metadata(analysis)
    metadata = metadata_sentences(analysis)
    seen: dict[str, int] = {}
    entries = []
    for index, sentence in enumerate(analysis.sentences):
        key = normalise_name(sentence.text)
        first = seen.setdefault(key, index)
        if index in covered:
            continue
        text = sentence.text
        note = None
        if index in metadata or BYLINE.match(text):
            why = "metadata"
        elif any(p.search(text) for p in lexicon.boilerplate):
            why = "boilerplate"
        elif any(p.search(text) for p in lexicon.captions):
            why = "caption"
        elif first != index:
            why, note = (
                "repetition",
                f"repeats the sentence at characters {analysis.sentences[first].start}–{analysis.sentences[first].end}",
            )
        elif DIRECT_QUOTE.match(text):
            why = "quoted-view"
        elif len(text.split()) <= 4 and not re.search(r"\b(?:is|are|was|were|has|have|will|said)\b", text):
            why = "boilerplate"
            note = "a heading or label line"
        else:
            why = "not-reviewed"
            note = _why_not(analysis, index)
        entry = {"sentence": analysis.original(sentence.start, sentence.end), "why": why}
        occurrence = _occurrence(analysis, sentence)
        if occurrence:
            entry["occurrence"] = str(occurrence)
        if note:
            entry["note"] = note
        entries.append(entry)
    return entries


def _why_not(analysis: Analysis, index: int) -> str | None:
    sentence = analysis.sentences[index]
    named = []
    for m in analysis.mentions_in(sentence.start, sentence.end, unquoted=False):
        if m.kind == "name" and m.entity in analysis.context.registry.entities:
            label = analysis.label(m.entity)
            if label not in named:
                named.append(label)
    reasons = analysis.reasons.get(index, [])
    if not named and not reasons:
        return None
    parts = []
    if named:
        parts.append(f"names {', '.join(named)} but yields no proposal")
    if reasons:
        parts.append("; ".join(reasons))
    elif named:
        parts.append(
            "no rule fits what it says of them (opinion or analysis, or a relation the rules leave to the reviewer: "
            "concerns, commitments, revisions, results of events)"
        )
    return ": ".join(parts)


def _occurrence(analysis: Analysis, sentence) -> int | None:
    text, words = analysis.source.text, analysis.original(sentence.start, sentence.end)
    try:
        find_quote(text, words)
        return None
    except QuoteError:
        starts = [m.start() for m in re.finditer(re.escape(words), text)]
        return starts.index(sentence.start) + 1 if sentence.start in starts else None
