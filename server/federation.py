"""What a query or update may make this server fetch: SERVICE only to the endpoints of an allow-list
(`SERVICE_ALLOWLIST`, checked with rdflib's parser and DNS before anything runs), LOAD never.

Pure functions of the text and the allow-list, decided from one parse (never from words alone), called where the
text is evaluated — in the query process, which the time limit stops (server/executor.py); the query path
(server/answers.py) turns their refusals into HTTP errors. The threat model and the residual risk (DNS rebinding)
are in docs/design/server.md.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from alliance_kg.store.sparql_text import unescape

from alliance_kg import settings

DEFAULT_ALLOWLIST = ("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql")
# The environment variable that replaces the default list when SERVICE_ALLOWLIST is not configured
ENVIRONMENT = settings.PREFIX + "SERVICE_ALLOWLIST"
DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?")
_ADDRESS_ENTRY = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<v4>[0-9.]+)):(?P<port>[0-9]{1,5})")
_PARSER_LOCK = threading.Lock()

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[Address]]


class ServiceRefused(Exception):
    """A SERVICE endpoint this server will not call; the message says which and why (HTTP 400)."""


class LoadRefused(Exception):
    """The update is (or holds) a `LOAD` operation (HTTP 403, with the update token or without)."""


class Unchecked(Exception):
    """The text names SERVICE (or, in an update, LOAD) but rdflib's parser cannot read it: refused rather than
    guessed at (HTTP 400)."""


@dataclass(frozen=True)
class Endpoint:
    """An http(s) URL split into what the allow-list compares; `url` is its normalised form."""

    url: str
    scheme: str
    host: str  # lower case; an IPv6 literal without brackets
    port: int
    address: Address | None  # the host as an IP literal, if it is one


def parse_endpoint(text: str) -> Endpoint:
    """Normalise an absolute http(s) URL (scheme and host in lower case, default port dropped); ValueError if it
    is relative, of another scheme, carries user information, or has a host that is neither a name nor an IP."""
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if not scheme:
        raise ValueError("it is a relative IRI; write the endpoint's full http(s) URL")
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"its scheme is {scheme}:, and only http and https endpoints are ever called")
    if "@" in parts.netloc:
        raise ValueError("it carries user information (user@host); list and name endpoints without it")
    host = (parts.hostname or "").lower()
    try:
        port = DEFAULT_PORTS[scheme] if parts.port is None else parts.port
    except ValueError as error:
        raise ValueError(f"its port is not a number from 0 to 65535 ({error})") from error
    address: Address | None = None
    if parts.netloc.lstrip().startswith("[") or ":" in host:
        try:
            if "%" in host:
                raise ValueError("zone identifiers are not accepted")
            address = ipaddress.IPv6Address(host)
        except ValueError as error:
            raise ValueError(f"its host [{host}] is not an IPv6 address") from error
        netloc_host = f"[{address.compressed}]"
    elif not host or not _HOST_NAME.fullmatch(host):
        raise ValueError(f"its host {host or '(none)'!r} is not a DNS name or an IP address")
    else:
        try:
            address = ipaddress.IPv4Address(host)
        except ValueError:
            address = None  # a name (or a non-canonical IPv4 form, which is resolved like a name)
        netloc_host = address.compressed if address else host
    netloc = netloc_host if port == DEFAULT_PORTS[scheme] else f"{netloc_host}:{port}"
    url = f"{scheme}://{netloc}{parts.path or '/'}"
    if parts.query:
        url += f"?{parts.query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return Endpoint(url, scheme, address.compressed if address else host, port, address)


@dataclass(frozen=True)
class Allowlist:
    """The endpoints queries may call, and the non-public addresses (with port) the server may connect to."""

    entries: tuple[str, ...]  # as configured, for messages
    endpoints: frozenset[str]  # normalised URLs
    addresses: frozenset[tuple[Address, int]]

    @classmethod
    def parse(cls, configured: str | Iterable[str] | None) -> Allowlist:
        """Entries are endpoint URLs (`https://query.wikidata.org/sparql`, `http://127.0.0.1:8890/sparql`) or
        addresses (`127.0.0.1:8890`, `[::1]:8890`) that a listed name may resolve to; a string holds entries
        separated by spaces or commas. ValueError names a malformed entry."""
        if configured is None:
            configured = ()
        if isinstance(configured, str):
            configured = configured.replace(",", " ").split()
        entries = tuple(str(entry).strip() for entry in configured if str(entry).strip())
        endpoints, addresses = set(), set()
        for entry in entries:
            match = _ADDRESS_ENTRY.fullmatch(entry)
            if match:
                try:
                    address = ipaddress.ip_address(match["v6"] or match["v4"])
                    if int(match["port"]) > 65535:
                        raise ValueError(f"port {match['port']} is beyond 65535")
                except ValueError as error:
                    raise ValueError(f"SERVICE_ALLOWLIST entry {entry!r}: {error}") from error
                addresses.add((address, int(match["port"])))
                continue
            try:
                endpoint = parse_endpoint(entry)
            except ValueError as error:
                raise ValueError(
                    f"SERVICE_ALLOWLIST entry {entry!r} is not an endpoint URL or an ip:port address: {error}"
                ) from error
            endpoints.add(endpoint.url)
            if endpoint.address is not None:
                addresses.add((endpoint.address, endpoint.port))
        return cls(entries, frozenset(endpoints), frozenset(addresses))

    def describe(self) -> str:
        return ", ".join(self.entries) if self.entries else "(empty: federation is switched off)"


def configured_allowlist(config: Mapping[str, Any]) -> Allowlist:
    """The allow-list of an app's configuration, checked when the app is made (a bad entry stops the start)."""
    if "ALLOW_SERVICE" in config:
        raise ValueError(
            "ALLOW_SERVICE was replaced by SERVICE_ALLOWLIST: list the SPARQL endpoints that SERVICE may call, "
            "or give an empty list to switch federation off"
        )
    return Allowlist.parse(config.get("SERVICE_ALLOWLIST", DEFAULT_ALLOWLIST))


def resolve(host: str, port: int) -> list[Address]:
    """Every address the system resolver gives for `host` (IP literals, even non-canonical ones, included)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def is_public(address: Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
    if mapped is not None and not is_public(mapped):
        return False
    return address.is_global and not address.is_multicast


def address_kind(address: Address) -> str:
    for kind in ("loopback", "private", "link_local", "unspecified", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return "non-public"


def _walk(node: Any, found: list[Any]) -> list[Any]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            found.append(node["term"])
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _walk(value, found)
    return found


@dataclass(frozen=True)
class Parsed:
    """What the check needs of a parsed query or update."""

    based: bool  # declares BASE
    services: list[Any]  # the endpoint terms of its SERVICE patterns, prefixes resolved
    loads: bool  # holds a LOAD operation


def _parse(text: str, update: bool | None = None) -> Parsed:
    """A query (`update` False), an update (True), or whichever of the two parses (None: the error of the parser
    that got further is raised). server/update.py checks updates too: `INSERT { … } WHERE { SERVICE … }` fetches."""
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    query_error: Exception | None = None
    if not update:
        try:
            tree = parseQuery(text)
            return Parsed(_declares_base(tree[0]), _walk(translateQuery(tree).algebra, []), False)
        except Exception as error:
            if update is False:
                raise
            query_error = error
    try:
        tree = parseUpdate(text)
    except Exception as update_error:
        if query_error is None:
            raise
        raise max(query_error, update_error, key=lambda error: getattr(error, "loc", -1)) from None
    prologues = [part for part in tree.get("prologue", []) if part]
    based = any(_declares_base(prologue) for prologue in prologues)
    loads = any(getattr(operation, "name", None) == "Load" for operation in tree.get("request", []))
    return Parsed(based, _walk(translateUpdate(tree).algebra, []), loads)


class _NoServiceString:
    """Stands in for pyparsing's original_text_for in rdflib's parse action for SERVICE (see below)."""

    def __init__(self, expression: Any) -> None:
        pass

    def search_string(self, text: str) -> list[list[str]]:
        return [[""]]


@contextmanager
def _without_service_strings() -> Iterator[None]:
    """rdflib 7.6's parse action for SERVICE stores a `service_string` (used only by rdflib's own evaluator) found
    by searching the *whole* query text again for a SERVICE pattern, with `#` comments skipped: a `#` earlier on
    the same line (as in `PREFIX rdfs: <…#> SELECT … SERVICE …`, or a string) makes it find nothing and the parse
    fail; nested SERVICE recurses without end; and each SERVICE costs a search of the whole text (measured: 20
    SERVICE in 56 kB took 52 s). Skip that search while we parse — under the parser lock, and nothing else in
    this server parses with rdflib. If rdflib changes, its parse runs unchanged (and refuses what fails)."""
    from rdflib.plugins.sparql import parserutils

    original = getattr(parserutils, "original_text_for", None)
    if original is None:
        yield
        return
    parserutils.original_text_for = _NoServiceString
    try:
        yield
    finally:
        parserutils.original_text_for = original


def _declares_base(prologue: Any) -> bool:
    return any(getattr(declaration, "name", None) == "Base" for declaration in prologue)


def mentions_service(text: str) -> bool:
    """Whether the text holds the letters of SERVICE anywhere (after undoing `\\u` escapes, in any case): a text
    without them cannot call another endpoint, and needs no parse."""
    return "service" in unescape(text).lower()


def service_terms(text: str) -> list[Any]:
    """The endpoint terms (rdflib URIRef or Variable) of every SERVICE in the query (or update), prefixes resolved;
    [] when the text does not contain the word SERVICE. Unchecked if it does and rdflib cannot parse it."""
    if not mentions_service(text):
        return []
    return _checked_parse(text, None).services


def _checked_parse(text: str, update: bool | None) -> Parsed:
    with _PARSER_LOCK, _without_service_strings():
        try:
            return _parse(text, update)
        except Exception as error:  # pyparsing's ParseException, RecursionError on deep nesting, rdflib's own
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            words = "SERVICE or LOAD" if update else "SERVICE"
            raise Unchecked(
                f"the {'update' if update else 'query'} contains the word {words}, and this endpoint decides what it "
                f"may fetch with rdflib's SPARQL 1.1 parser, which cannot parse it ({first_line}). Either it has a "
                "syntax error, or it uses syntax beyond what rdflib reads (RDF-star, LATERAL, a block of some "
                "hundreds of triple patterns); rather than guess which URLs it would call, the server refuses it"
            ) from error


def check(text: str, allowlist: Allowlist, resolver: Resolver = resolve, update: bool = False) -> list[str]:
    """The normalised URLs of the SERVICE endpoints of a query (or, with `update`, an update) if every one may be
    called; ServiceRefused (with every reason) if not, before any connection is made. An update holding LOAD is
    LoadRefused. A text that names SERVICE (or LOAD) is decided by a parse: Unchecked when rdflib cannot read it.
    (A query cannot hold LOAD: pyoxigraph's query parser refuses every update operation.)"""
    plain = unescape(text).lower()
    if "service" not in plain and not (update and "load" in plain):
        return []
    parsed = _checked_parse(text, update)
    if parsed.loads:
        raise LoadRefused(
            "LOAD is refused on this endpoint, with or without the update token: it would make the server fetch a "
            "URL or read a file, and to the web and the file system the endpoint is read-only. Fetch the document "
            "yourself and send its data with INSERT DATA, or, if a SPARQL endpoint of the allow-list serves it, "
            "query it with SERVICE"
        )
    if not parsed.services:
        return []
    if parsed.based:
        raise ServiceRefused(
            "a query with SERVICE may not declare BASE on this endpoint: write each SERVICE endpoint as a full "
            "http(s) IRI"
        )
    from rdflib.term import URIRef, Variable

    problems: list[str] = []
    urls: list[str] = []
    for term in parsed.services:
        if isinstance(term, Variable):
            problems.append(
                f"SERVICE ?{term} is refused: the endpoint must be an IRI written in the query, so that the "
                "server never calls a URL chosen by data or by a binding"
            )
            continue
        if not isinstance(term, URIRef):
            problems.append(f"SERVICE {term!r} is refused: the endpoint must be an http(s) IRI")
            continue
        try:
            endpoint = parse_endpoint(str(term))
        except ValueError as error:
            problems.append(f"SERVICE <{term}> is refused: {error}")
            continue
        if endpoint.url not in allowlist.endpoints:
            problems.append(
                f"SERVICE <{term}> is refused: this endpoint calls only the SPARQL endpoints of its allow-list "
                f"({allowlist.describe()}), so that a query cannot make it fetch any other URL. Send that part "
                "of the query to the other endpoint yourself, or run a server whose SERVICE_ALLOWLIST (config "
                f"key, or the environment variable {ENVIRONMENT}) lists it"
            )
            continue
        problem = _network_problem(endpoint, allowlist, resolver)
        if problem:
            problems.append(f"SERVICE <{term}> is refused: {problem}")
            continue
        urls.append(endpoint.url)
    if problems:
        raise ServiceRefused("; ".join(dict.fromkeys(problems)))
    return urls


def _network_problem(endpoint: Endpoint, allowlist: Allowlist, resolver: Resolver) -> str | None:
    """Why the server must not connect to this listed endpoint's host now, or None. The name is resolved here, in
    the process that evaluates (so within QUERY_TIMEOUT); pyoxigraph resolves it again when it connects (see the
    module's note on DNS rebinding)."""
    try:
        addresses = [endpoint.address] if endpoint.address is not None else resolver(endpoint.host, endpoint.port)
    except (OSError, UnicodeError) as error:
        return f"its host {endpoint.host} cannot be resolved ({error})"
    if not addresses:
        return f"its host {endpoint.host} resolves to no address"
    for address in addresses:
        if not is_public(address) and (address, endpoint.port) not in allowlist.addresses:
            shown = f"[{address}]:{endpoint.port}" if address.version == 6 else f"{address}:{endpoint.port}"
            named = endpoint.address is None
            what = f"the name {endpoint.host} resolves to {address}," if named else f"{address} is"
            return (
                f"{what} a {address_kind(address)} address, and this server connects to a "
                f"non-public address only when SERVICE_ALLOWLIST lists that address itself ({shown}, or the "
                "endpoint's URL with the IP literal); a listed name is not enough, so that no DNS answer can "
                "point a query at the inside of the network"
            )
    return None
