"""A web page saved as HTML: its main text and what the page says of itself, read by libraries made for it.

trafilatura finds the main text (leaving out navigation, "Top Articles" lists, share buttons, footers) and reads
the page's metadata (title, author, site name, canonical address, licence); htmldate finds the original
publication date in the markup (meta tags, structured data, time elements), never the date the file was saved.

trafilatura leaves out the headline, byline and dateline, which are what name a text's title, authors and date. The
stored text is therefore headed by those lines as the page shows them (the visible element that names the author,
the one that writes the publication date), so that the metadata can quote them, as it quotes the seed texts' own
opening lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.metadata import version


@dataclass
class WebPage:
    text: str
    header: list[str] = field(default_factory=list)  # headline, byline, dateline as shown, where the text lacks them
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    date: str | None = None  # ISO day, as htmldate reads it from the markup
    url: str | None = None
    license: str | None = None

    @staticmethod
    def extractor() -> str:
        return f"trafilatura {version('trafilatura')}, htmldate {version('htmldate')}"


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_encoding(html: bytes) -> str | None:
    """The encoding the page declares in a <meta charset> or http-equiv Content-Type, if any."""
    match = _CHARSET.search(html[:4096])
    return match.group(1).decode("ascii") if match else None


def read_web_page(html: str) -> WebPage:
    import trafilatura
    from htmldate import find_date

    text = trafilatura.extract(
        html,
        output_format="txt",
        favor_precision=True,  # boilerplate out rather than in: captions and link lists make false claims
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    metadata = trafilatura.extract_metadata(html)
    authors = []
    if metadata is not None and metadata.author:
        authors = [name.strip() for name in re.split(r";|\band\b", metadata.author) if name.strip()]
    date = find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    text = (text or "").strip()
    title = _clean(metadata.title if metadata else None)
    return WebPage(
        text=text,
        header=_header(html, text, title, authors, date),
        title=title,
        authors=authors,
        site_name=_clean(metadata.sitename if metadata else None),
        date=date,
        url=_clean(metadata.url if metadata else None),
        license=_clean(metadata.license if metadata else None),
    )


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def name_pattern(name: str) -> re.Pattern[str]:
    """A name as texts write it: periods after initials optional ("Jane Q Writer" finds "Jane Q. Writer"), any
    dash, any spacing."""
    parts = []
    for token in name.split():
        core = re.escape(token.rstrip("."))
        core = re.sub(r"\\?[-\u2010-\u2015]", "[-\u2010-\u2015]", core)
        parts.append(core + (r"\.?" if len(token.rstrip(".")) == 1 or token.endswith(".") else ""))
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


HIDDEN = {"head", "script", "style", "noscript", "template", "nav", "footer", "aside"}
SHORT_LINE = 160


def _visible_lines(html: str) -> list[str]:
    """The text of each visible element that holds no block element of its own, in page order (short ones)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    lines = []
    for element in root.iter():
        if not isinstance(element.tag, str) or any(a.tag in HIDDEN for a in [element, *element.iterancestors()]):
            continue
        if any(
            isinstance(c.tag, str) and c.tag in ("p", "div", "li", "section", "article", "h1", "h2") for c in element
        ):
            continue
        line = " ".join(element.text_content().split())
        if line and len(line) <= SHORT_LINE:
            lines.append(line)
    return lines


def _header(html: str, text: str, title: str | None, authors: list[str], date: str | None) -> list[str]:
    from alliance_kg.curation.textdates import find_dates
    from alliance_kg.loaders.dates import DateResolutionError, DateValue, resolve_date

    header: list[str] = []
    folded = " ".join(text[:600].split()).casefold()
    if title and " ".join(title.split()).casefold() not in folded:
        header.append(title)
    lines = _visible_lines(html)
    for name in authors:
        pattern = name_pattern(name)
        if pattern.search(text):
            continue
        naming = [line for line in lines if pattern.search(line) and line not in header]
        if naming:
            header.append(min(naming, key=len))
    if date:
        day = DateValue.parse_iso(date)
        dated = []
        for line in lines:
            for mention in find_dates(line):
                try:
                    if mention.kind in ("day", "month") and resolve_date(mention.expression, day) == day:
                        dated.append(line)
                except DateResolutionError:
                    continue
        dated = [line for line in dated if line not in header and line not in text]
        if dated:
            header.append(min(dated, key=len))
    return header
