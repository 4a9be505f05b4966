"""SPARQL text read without a parser: which parts are code (not IRIs, strings or comments), how deeply it nests, the
query form, and variables bound by writing terms in their place (for endpoints that take no `substitutions`).

The tokens are the grammar's own (SPARQL 1.1 § 19.8): an IRI is `<` and `>` around characters an IRIREF may hold,
so `?a<?b && ?c>?d` stays code; a backslash escape of a local name (`e:a\\#b`) is code, not the start of a comment;
a quote that does not close on its line opens no string. Where a reading is in doubt, the text stays code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

# What is not code: IRIs, the four kinds of strings, comments; and what must be read first because it is code that
# looks like their start: a local name's escape (PN_LOCAL_ESC), e.g. the `\\#` of `e:a\\#b`.
_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_STRINGS = (
    r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
)
_COMMENT = r"#[^\n\r]*"
_NOT_CODE = re.compile(f"(?P<code>{_LOCAL_ESCAPE})|{_IRI}|{_STRINGS}|{_COMMENT}")
_NOT_NESTED = re.compile(f"(?P<code>{_LOCAL_ESCAPE}|{_IRI})|{_STRINGS}|{_COMMENT}")  # an IRI's brackets count
_BRACKETS = re.compile(r"[{}()\[\]]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.I)
_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.I)
_BRACE = re.compile(r"\{")
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b.*?(?=\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\bVALUES\b|$)", re.I | re.S)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7-\uFFFF]+)")
_ASSIGNED = re.compile(r"\bAS\s*$", re.I)


def unescape(text: str) -> str:
    """`text` with its `\\u` and `\\U` escapes undone, as a SPARQL parser reads them before anything else (so they
    may spell a keyword); a code point beyond U+10FFFF becomes U+10FFFF."""
    return _ESCAPE.sub(lambda m: chr(min(int(m[1] or m[2], 16), 0x10FFFF)), text)


def code(text: str) -> str:
    """`text` with its IRIs, strings and comments blanked out by as many spaces (offsets still hold): what is left
    are keywords, names, variables and punctuation."""
    return _NOT_CODE.sub(_blank, text)


def nesting(text: str) -> int:
    """How deeply the brackets of `text` (`{`, `(`, `[`) nest, counted outside strings and comments (inside IRIs
    too, where `(` may stand), after undoing `\\u` escapes; a closing bracket with nothing open is not counted
    against a later opening one. At least the depth any SPARQL parser meets, read in one pass without one."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_NOT_NESTED.sub(_blank, unescape(text))):
        if bracket in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def _blank(match: re.Match[str]) -> str:
    return match[0] if match["code"] else " " * len(match[0])


def query_form(query: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first of them in the code of `query` (SELECT if none is)."""
    match = _FORM.search(code(query))
    return match[1].upper() if match else "SELECT"


def substitute(query: str, bindings: Mapping[Any, Any], write: Callable[[Any], str] = str) -> str:
    """Bind variables as pyoxigraph's `substitutions` (SPARQL SEP-0007) do, in the text, for an endpoint that takes
    none: each `?name` of the query becomes its term (in the SELECT clause `(term AS ?name)`, in GROUP BY `(term)`).
    `bindings` maps variables (pyoxigraph `Variable`s or names) to terms, which `write` writes as SPARQL (their
    N-Triples form by default). SyntaxError if the query assigns such a variable itself (`AS ?name`)."""
    terms = {getattr(variable, "value", variable): term for variable, term in bindings.items()}
    blanked = code(query)
    form = _FORM.search(blanked)
    clause_end = _WHERE_BRACE.search(blanked) or _BRACE.search(blanked, form.end() if form else 0)
    select = (form.end(), clause_end.start()) if form and form[1].upper() == "SELECT" and clause_end else (0, 0)
    group = _GROUP_BY.search(blanked)
    pieces, last = [], 0
    for match in _VARIABLE.finditer(blanked):
        name = match[1]
        if name not in terms:
            continue
        if _ASSIGNED.search(blanked[max(0, match.start() - 8) : match.start()]):
            raise SyntaxError(f"the parameter ?{name} is assigned in the query (AS ?{name}); it cannot be bound")
        term = write(terms[name])
        if select[0] <= match.start() < select[1]:
            term = f"({term} AS ?{name})"
        elif group and group.start() <= match.start() < group.end():
            term = f"({term})"
        pieces += [query[last : match.start()], term]
        last = match.end()
    pieces.append(query[last:])
    return "".join(pieces)
