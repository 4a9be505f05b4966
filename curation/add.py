"""`alliance-kg add FILE`: a new source document — a plain-text file, or a web page saved as HTML — into the sources folder.

The text is stored as the next `NNN_<hash>.txt`, where `<hash>` is the first 16 hexadecimal digits of the SHA-256 of
the stored bytes (so a name says which bytes it holds; the five seed texts keep the names they came with, which are
not digests of their bytes). A plain-text file is stored byte for byte when it is UTF-8 (transcoded to UTF-8 when
`--encoding` names another encoding); for a web page the stored text is its main text as trafilatura extracts it,
headed by the page's headline, byline and dateline as the page shows them when the main text lacks them (as the
seed texts begin with theirs; see curation/webpage.py).

Its metadata.yaml entry holds each field as far as the document states it, each with its quote of the stored text
(title, authors, publisher, date); what only the page's markup says goes into `notes`, not into a claim. The date
is `stated` when the text's opening lines (title, byline, dateline) write it, else `inferred` with its evidence (the page's markup, or the curator's --date). Authors and
publishers the registry lacks are registered (a Person or Organisation "named as author/publisher of document
NNN"), and said so. `url` and the rights (`redistribute`, `license`, `rights`) are recorded; by default the text is
*not* redistributed (publishers' terms usually forbid it): say `--redistribute` when its licence allows.

Bad input is refused with a message saying what to do, and nothing is written: an empty or binary file, a file that
is not UTF-8 and declares no encoding, a web page without main text, a text already in the folder (same SHA-256).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.curation import roundtrip
from alliance_kg.curation.textdates import find_dates
from alliance_kg.curation.webpage import WebPage, declared_encoding, name_pattern, read_web_page
from alliance_kg.curation.writes import Changes, WriteConflict, locked
from alliance_kg.loaders.dates import DateResolutionError, DateValue, resolve_date
from alliance_kg.loaders.entity import normalise_name
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.quotes import QuoteError, find_quote
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.ontology import Vocabulary

Say = Callable[[str], None]
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HEADER_LINES = 8  # where a text states its own date: the lines above its first paragraph
DIGEST_CHARS = 16
MIN_WORDS = 12  # less is a page of links or a paywall, not an article
BYLINE = re.compile(
    r"^\s*By\s+(?P<names>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}(?:\s+and\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})?)\s*(?:,|$)",
    re.MULTILINE,
)


class AddError(Exception):
    """The file cannot be added as it is; the message says why and what to do."""


@dataclass
class AddOptions:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    redistribute: bool = False
    license: str | None = None
    rights: str | None = None
    genre: str | None = None
    encoding: str | None = None


@dataclass
class Added:
    id: str
    path: Path
    sha256: str
    entry: dict
    registered: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def add_document(file: Path, sources: SourcesFolder, options: AddOptions, say: Say = lambda _: None) -> Added:
    """Check `file`, then write its text, its metadata entry and any new author or publisher, all or nothing."""
    data = _read(file)
    is_html = file.suffix.lower() in HTML_SUFFIXES or _looks_like_html(data)
    page: WebPage | None = None
    if is_html:
        html = _decode(data, file, options.encoding or declared_encoding(data), html=True)
        page = read_web_page(html)
        if len(page.text.split()) < MIN_WORDS:
            raise AddError(
                f"{file}: no main text found in this web page (trafilatura extracted {len(page.text.split())} words); "
                "save the article's own page, or copy its text into a .txt file and add that"
            )
        text = page.text
        if page.header:
            first, _, rest = text.partition("\n")
            if page.title and normalise_name(first) == normalise_name(page.title):  # headline, byline, dateline
                text = "\n".join([first, *page.header, "", rest])
            else:
                text = "\n".join([*page.header, "", text])
        stored = (text.rstrip("\n") + "\n").encode("utf-8")
    else:
        text = _decode(data, file, options.encoding, html=False)
        stored = data if not options.encoding or codecs.lookup(options.encoding).name == "utf-8" else text.encode()
    text = stored.decode("utf-8")
    if not text.strip():
        raise AddError(f"{file}: the text is empty once extracted; nothing to add")
    digest = hashlib.sha256(stored).hexdigest()

    with locked(sources):
        existing = load_sources(sources)
        for source in existing:
            if source.sha256 == digest:
                raise AddError(
                    f"{file} is already in the sources folder as document {source.id} ({source.path.name}, same "
                    "SHA-256): nothing added"
                )
        doc_id = _next_id(sources, [s.id for s in existing])
        name = f"{doc_id}_{digest[:DIGEST_CHARS]}.txt"
        registry = Registry.load(Vocabulary.load(), sources)
        builder = _EntryBuilder(doc_id, name, text, options, page, registry, file)
        entry = builder.build()

        changes = Changes()
        changes.create(sources.root / name, stored)
        metadata = roundtrip.load(sources.metadata)
        if metadata.get("documents") is None:
            metadata["documents"] = roundtrip.plain_to_roundtrip([])
        metadata["documents"].append(roundtrip.mapping(entry))
        changes.write(sources.metadata, roundtrip.dumps(metadata))
        if builder.new_entities:
            entities = roundtrip.load(sources.entities)
            for new in builder.new_entities:
                entities["entities"].append(roundtrip.mapping(new))
            changes.write(sources.entities, roundtrip.dumps(entities))
        changes.commit()

    added = Added(doc_id, sources.root / name, digest, entry, [e["id"] for e in builder.new_entities], builder.notes)
    say(f"added document {doc_id}: {name} ({len(text)} characters, sha256 {digest[:DIGEST_CHARS]}…)")
    for new in builder.new_entities:
        say(f"registered {new['type']} {new['id']} ({new['label']!r}) in {sources.entities.name}: {new['definition']}")
    for note in builder.notes:
        say(f"note: {note}")
    if not options.redistribute:
        say(
            "its full text will not be redistributed (graph, pages and dumps hold quotes only); --redistribute if allowed"
        )
    say(f"next: `alliance-kg propose {doc_id}`, then `alliance-kg review {doc_id}`")
    return added


def _read(file: Path) -> bytes:
    try:
        data = file.read_bytes()
    except FileNotFoundError as error:
        raise AddError(f"{file}: no such file") from error
    except IsADirectoryError as error:
        raise AddError(f"{file} is a directory: add one text or web page at a time") from error
    except OSError as error:
        raise AddError(f"{file}: cannot be read ({error.strerror})") from error
    if not data.strip():
        raise AddError(f"{file} is empty: nothing to add")
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data  # text in UTF-16: _decode says how to read it
    if b"\x00" in sample:
        raise AddError(
            f"{file} looks binary (it contains NUL bytes): add takes plain text or a web page saved as HTML; "
            "for a PDF or a word-processor file, save its text as .txt first"
        )
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if controls > max(2, len(sample) // 100):
        raise AddError(f"{file} looks binary ({controls} control bytes in its first {len(sample)}): not a text")
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<body" in data[:65536].lower()
    )


def _decode(data: bytes, file: Path, encoding: str | None, html: bool) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise AddError(
                f"{file}: unknown encoding {encoding!r}; name one Python knows, e.g. cp1252 or shift_jis"
            ) from error
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise AddError(
                f"{file} is not valid {encoding} (byte {data[error.start]:#04x} at position {error.start}); check the "
                "encoding"
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise AddError(f"{file} is UTF-16: pass --encoding utf-16, or save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        where = "declares no charset" if html else "names no encoding"
        raise AddError(
            f"{file} is not UTF-8 (byte {data[error.start]:#04x} at position {error.start}) and {where}: save it as "
            "UTF-8, or pass --encoding NAME (e.g. --encoding cp1252)"
        ) from error


def _next_id(sources: SourcesFolder, ids: list[str]) -> str:
    numbers = [int(i) for i in ids if i.isdigit()]
    numbers += [int(p.name[:3]) for p in sources.root.glob("[0-9][0-9][0-9]_*.txt")]
    return f"{max(numbers, default=-1) + 1:03d}"


def slug(name: str) -> str:
    """An id's words for `name`: "U.S. Forces Japan" and "US Forces Japan" are both `us-forces-japan`."""
    initials = re.sub(r"(?<![a-z])([a-z])\.", r"\1", normalise_name(name).replace("'", ""))
    return re.sub(r"[^a-z0-9]+", "-", initials).strip("-") or "entity"


def unique_quote(text: str, start: int, end: int, line_first: bool = False) -> str | None:
    """text[start:end] if it occurs once, else its whole line if that does (the line first with `line_first`)."""
    spans = [(start, end), _line_around(text, start, end)]
    for a, b in reversed(spans) if line_first else spans:
        if line_first and b - a > 200:
            continue  # a byline, not a paragraph
        candidate = text[a:b].strip()
        if candidate:
            try:
                find_quote(text, candidate)
            except QuoteError:
                continue
            return candidate
    return None


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b == -1 else b


class _EntryBuilder:
    """The metadata entry of one new document, field by field, each only as far as the text states it."""

    def __init__(
        self,
        doc_id: str,
        name: str,
        text: str,
        options: AddOptions,
        page: WebPage | None,
        registry: Registry,
        file: Path,
    ) -> None:
        self.doc_id, self.name, self.text, self.options, self.page = doc_id, name, text, options, page
        self.registry, self.file = registry, file
        self.new_entities: list[dict] = []
        self.notes: list[str] = []

    def build(self) -> dict:
        entry: dict = {"id": roundtrip.quoted(self.doc_id), "file": self.name}
        self._title(entry)
        if self.options.genre:
            entry["genre"] = self.options.genre
        self._authors(entry)
        self._publisher(entry)
        self._date(entry)
        url = self.options.url or (self.page.url if self.page else None)
        if url:
            if not re.match(r"https?://\S+$", url):
                raise AddError(f"--url {url!r} is not an http(s) address")
            entry["url"] = url
        entry["redistribute"] = self.options.redistribute
        license_ = self.options.license
        if license_:
            if not re.match(r"https?://\S+$", license_):
                raise AddError(
                    f"--license takes the licence's address (e.g. https://creativecommons.org/licenses/by/4.0/), not {license_!r}"
                )
            entry["license"] = license_
        rights = self.options.rights
        if self.page and self.page.license:
            rights = rights or f"The page states its licence as: {self.page.license}"
        if rights:
            entry["rights"] = rights
        origin = f"Added from {self.file.name}"
        if self.page:
            origin += f", a web page saved as HTML: main text extracted with {WebPage.extractor()}"
        entry["notes"] = " ".join([origin + ".", *self.notes])
        return entry

    def _title(self, entry: dict) -> None:
        title = self.options.title or (self.page.title if self.page else None)
        if not title:
            return
        found = name_pattern(title).search(self.text) or re.search(re.escape(title), self.text)
        if found is None:
            if self.options.title:
                raise AddError(
                    f"--title {title!r} does not occur in the text; a title is recorded with its quote, so give it as "
                    "the text writes it"
                )
            self.notes.append(f"The page's metadata gives the title {title!r}, which the stored text does not write.")
            return
        entry["title"] = found.group()
        entry["title_quote"] = roundtrip.quoted(found.group())
        try:
            find_quote(self.text, found.group())
        except QuoteError:
            entry["title_occurrence"] = "1"  # a page that repeats its headline: the first is the heading

    def _authors(self, entry: dict) -> None:
        names = self.options.authors or (self.page.authors if self.page else self._byline())
        authors = []
        for name in names:
            found = name_pattern(name).search(self.text)
            quote = unique_quote(self.text, *found.span(), line_first=True) if found else None
            if quote is None:
                if self.options.authors:
                    raise AddError(
                        f"--author {name!r} does not occur in the text (or only in lines that repeat); an author is "
                        "recorded with the quote that names them"
                    )
                self.notes.append(f"The page's metadata names {name!r} as author; the stored text does not.")
                continue
            person = self._entity(found.group(), "Person", f"Named as an author of document {self.doc_id}.")
            authors.append({"person": person, "quote": roundtrip.quoted(quote)})
        if authors:
            entry["authors"] = authors

    def _byline(self) -> list[str]:
        """The authors a plain text's own byline names ("By Jane Doe and John Roe") in its opening lines."""
        match = BYLINE.search(self._header())
        return [n.strip() for n in re.split(r"\s+and\s+", match.group("names"))] if match else []

    def _publisher(self, entry: dict) -> None:
        name = self.options.publisher or (self.page.site_name if self.page else None)
        if not name:
            return
        found = name_pattern(name).search(self.text)
        quote = unique_quote(self.text, *found.span(), line_first=True) if found else None
        if quote is None:
            if self.options.publisher:
                raise AddError(f"--publisher {name!r} does not occur (once) in the text; it is recorded with its quote")
            self.notes.append(f"The page's metadata names the site {name!r}; the stored text does not.")
            return
        entry["publisher"] = self._entity(found.group(), "Organisation", f"Publisher of document {self.doc_id}.")
        entry["publisher_quote"] = roundtrip.quoted(quote)

    def _entity(self, name: str, kind: str, definition: str) -> str:
        known = self.registry.resolve(name)
        if known is not None:
            return known.label
        for new in self.new_entities:
            if normalise_name(new["label"]) == normalise_name(name):
                return new["label"]
        base, number = slug(name), 2
        identifier = base
        while identifier in self.registry.entities or any(e["id"] == identifier for e in self.new_entities):
            identifier, number = f"{base}-{number}", number + 1
        self.new_entities.append({"id": identifier, "type": kind, "label": name, "definition": definition})
        return name

    def _date(self, entry: dict) -> None:
        given = self.options.date
        if given:
            try:
                value = DateValue.parse_iso(given)
            except (DateResolutionError, ValueError) as error:
                raise AddError(f"--date {given!r}: {error}") from error
            stated = self._stated(value)
            basis = "given with `alliance-kg add --date` by the curator who added it"
        elif self.page and self.page.date:
            value = DateValue.parse_iso(self.page.date)
            stated = self._stated(value)
            basis = f"read from the page's markup by {WebPage.extractor().split(', ')[1]} (original publication date)"
        else:
            value, stated = self._header_date()
            basis = ""
            if value is None:
                raise AddError(
                    f"{self.file}: the text states no date in its opening lines; give the publication date with "
                    "--date YYYY-MM-DD (or YYYY-MM, or a span YYYY-MM-DD/YYYY-MM-DD when only bounds are known)"
                )
        entry["date"] = roundtrip.quoted(value.iso())
        if stated is not None:
            entry["date_basis"] = "stated"
            entry["date_evidence"] = f'The text states "{stated}".'
            entry["date_quote"] = roundtrip.quoted(stated)
        else:
            entry["date_basis"] = "inferred"
            entry["date_evidence"] = f"The text itself states no date; {basis}."

    def _stated(self, value: DateValue) -> str | None:
        """The text's own words for `value`, if its opening lines write that date (a date in the body is an event's)."""
        for mention in find_dates(self._header()):
            if mention.kind not in ("day", "month"):
                continue
            try:
                if resolve_date(mention.expression, value) == value:
                    return unique_quote(self.text, mention.start, mention.end)
            except DateResolutionError:
                continue
        return None

    def _header(self) -> str:
        lines = self.text.split("\n")
        header: list[str] = []
        for line in lines[:HEADER_LINES]:
            if len(line) > 150:
                break
            header.append(line)
        return "\n".join(header)

    def _header_date(self) -> tuple[DateValue | None, str | None]:
        for mention in find_dates(self._header()):
            if mention.kind in ("day", "month") and re.search(r"\d{4}", mention.text):
                try:
                    value = resolve_date(mention.expression, DateValue.parse_iso("2000/2100"))
                except DateResolutionError:
                    continue
                quote = unique_quote(self.text, mention.start, mention.end)
                if quote is not None:
                    return value, quote
        return None, None


def run_add_command(args, say: Say) -> int:
    """The `alliance-kg add` sub-command (options in alliance_kg/cli.py)."""
    options = AddOptions(
        title=args.title,
        authors=args.author or [],
        date=args.date,
        publisher=args.publisher,
        url=args.url,
        redistribute=args.redistribute,
        license=args.license,
        rights=args.rights,
        genre=args.genre,
        encoding=args.encoding,
    )
    try:
        add_document(args.file, SourcesFolder(args.sources), options, say)
    except (AddError, WriteConflict) as error:
        say(f"alliance-kg add: {error}")
        return 1
    except LoadError as error:
        say(f"alliance-kg add: the sources folder has a problem to fix first: {error}")
        return 1
    return 0
