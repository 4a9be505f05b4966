"""Where a text names the registry's entities, robust to the spellings real texts use.

Each label and alias of the registry becomes a pattern that also accepts what news texts write for the same name:
"US" / "U.S." / "U.S" (and "U.N.", "D.C." with or without their full stops), any hyphen or dash ("U.S.–Japan"),
a hyphen or a space ("Self-Defense" / "Self Defense"), either order of a bilateral pair ("U.S.-Japan" /
"Japan-U.S."), "Article Five" / "Article 5" / "Article V", "two-plus-two" / "2-plus-2" / "2+2", and straight or
curly apostrophes. One-word names that carry capitals (Japan, US, NATO, Austin) match only as written, so "us" is
never the United States; longer names match in any case; a registry name that is one lower-case word is not
looked for (it would find the word, not the entity). Where two names overlap, the longer wins; the names inside
it stay at hand as nested mentions, for the rules that need what a longer name is made of.

Beside names, the lexicon's nationality words ("Japanese") and capitals ("Tokyo") are found too, as mentions of
the state they stand for, of kind "demonym" or "capital": the rules decide where such a word means its government.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from alliance_kg.curation.propose.lexicon import Lexicon
from alliance_kg.loaders.entity import Entity
from alliance_kg.loaders.registry import Registry

DASH = "[-\u2010-\u2015\u2212]"
APOSTROPHE = "['\u2018\u2019]"
US = r"(?-i:U\.S\.|US\b)"  # "U.S." or "US" in a rule's pattern, capitals only ("us" is a pronoun, "USS" a prefix)
NUMBERS = {
    "1": ("1", "one", "i"), "2": ("2", "two", "ii"), "3": ("3", "three", "iii"), "4": ("4", "four", "iv"),
    "5": ("5", "five", "v"), "6": ("6", "six", "vi"), "7": ("7", "seven", "vii"), "8": ("8", "eight", "viii"),
    "9": ("9", "nine", "ix"), "10": ("10", "ten", "x"),
}  # fmt: skip
_ARTICLE = re.compile(r"^(article)\s+(\w+)$", re.IGNORECASE)
_TWO_PLUS_TWO = (
    r"(?:2\s*\+\s*2|two[-\u2010-\u2015\s]plus[-\u2010-\u2015\s]two|2[-\u2010-\u2015\s]plus[-\u2010-\u2015\s]2)"
)
_STATE_SHORT = {"u.s.", "us", "u.s", "japan", "united states"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str  # registry id
    kind: str = "name"  # name | demonym | capital | surname (of a person found in this text)


def _number_forms(word: str) -> tuple[str, ...] | None:
    lowered = word.lower()
    for forms in NUMBERS.values():
        if lowered in forms:
            return forms
    return None


def _token_pattern(token: str) -> str:
    """One word of a name as a pattern that accepts its usual variants."""
    stripped = token.strip()
    if stripped in ('"2+2"', "2+2", "two-plus-two", "2-plus-2"):
        return r"(?:\"|\u201c)?" + _TWO_PLUS_TWO + r"(?:\"|\u201d)?"
    pieces = re.split(f"({DASH})", stripped)
    if len(pieces) == 3 and {pieces[0].lower(), pieces[2].lower()} <= _STATE_SHORT and pieces[0] != pieces[2]:
        first, second = _abbreviation(pieces[0]), _abbreviation(pieces[2])
        return f"(?:{first}{DASH}{second}|{second}{DASH}{first})"
    parts = []
    for piece in pieces:
        if re.fullmatch(DASH, piece):
            parts.append(rf"(?:{DASH}\s*|\s+)")
        else:
            parts.append(_abbreviation(piece))
    return "".join(parts)


def _abbreviation(piece: str) -> str:
    """ "U.S." / "US" / "U.S" alike; apostrophes straight or curly; otherwise the letters as written."""
    letters = piece.replace(".", "")
    if re.fullmatch(r"(?:[A-Z]\.){2,}", piece) or (re.fullmatch(r"[A-Z]{2,3}", piece) and piece in ("US", "UK", "UN")):
        return r"\.?".join(re.escape(c) for c in letters) + r"\.?"
    escaped = re.escape(piece)
    return re.sub(r"\\?['\u2018\u2019]", APOSTROPHE, escaped)


def name_pattern(name: str) -> tuple[str, bool] | None:
    """(regular expression, case-sensitive?) for a name; None for names too short or too common to look for."""
    name = " ".join(name.split())
    if len(name) < 2:
        return None
    tokens = name.split(" ")
    article = _ARTICLE.match(name)
    if article and _number_forms(article.group(2)):
        forms = _number_forms(article.group(2))
        body = r"Article\s+(?:" + "|".join(forms) + r")"
        return rf"(?<!\w){body}(?!\w)", False
    body = r"\s+".join(_token_pattern(t) for t in tokens)
    case_sensitive = len(tokens) == 1 and any(c.isupper() for c in name)
    start = r"(?<!\w)" if re.match(r"\w", name) else ""
    end = r"(?!\w)" if re.search(r"[\w.]$", name) else ""
    return f"{start}{body}{end}", case_sensitive


class MentionFinder:
    """Finds the registry's entities (and the lexicon's demonyms and capitals) in a text."""

    def __init__(self, registry: Registry, lexicon: Lexicon) -> None:
        self.registry = registry
        self._patterns: list[tuple[re.Pattern[str], str, str]] = []
        seen: set[tuple[str, str]] = set()
        for entity in registry.entities.values():
            if not self._findable(entity):
                continue
            for name in (entity.label, *entity.aliases):
                if entity.iri is None and re.fullmatch(r"[a-z]+", name):
                    continue  # one lower-case word ("development") names nothing in running text
                built = name_pattern(name)
                if built is not None and re.fullmatch(r"[a-z]+", name):
                    # a concept's common noun ("sea", "space") as written, or capitalised only where a sentence
                    # starts: "the East China Sea" is a place, not the maritime domain
                    built = (rf"(?<!\w)(?:{name}|(?<![\w,;:]\s){name.capitalize()})(?!\w)", True)
                if built is None or (built[0], entity.id) in seen:
                    continue
                seen.add((built[0], entity.id))
                flags = 0 if built[1] else re.IGNORECASE
                self._patterns.append((re.compile(built[0], flags), entity.id, "name"))
        for kind, table in (("demonym", lexicon.demonyms), ("capital", lexicon.capitals)):
            for state, words in table.items():
                if state not in registry.entities:
                    continue
                for word in words:
                    self._patterns.append((re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), state, kind))

    @staticmethod
    def _findable(entity: Entity) -> bool:
        kind = entity.type.value.rsplit("#", 1)[-1]
        # Meeting levels and document statuses are common words ("signed", "leaders"): the rules use their own cues.
        return kind not in ("MeetingLevel", "DocumentStatus", "Modality")

    def find(self, text: str) -> list[Mention]:
        return self._longest(self._candidates(text))

    def nested(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The registry's entities named inside a longer registry name of `mentions`: "the signing of the U.S.-Japan
        Space Cooperation Framework Agreement" names a signing event and, inside it, the agreement it signs."""
        outer = [m for m in mentions if m.kind == "name"]
        inside = [
            c
            for c in self._candidates(text)
            if c.kind == "name"
            and any(
                o.start <= c.start and c.end <= o.end and (c.start, c.end) != (o.start, o.end) and c.entity != o.entity
                for o in outer
            )
        ]
        return self._longest(inside)

    def _candidates(self, text: str) -> list[Mention]:
        candidates: list[Mention] = []
        for pattern, entity, kind in self._patterns:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    candidates.append(Mention(match.start(), match.end(), match.group(), entity, kind))
        return candidates

    @staticmethod
    def _longest(candidates: list[Mention]) -> list[Mention]:
        # Longer names first; a capital is a name too ("Washington" the place), its kind decided by the rules.
        return longest_first(candidates, lambda m: m.kind != "name")


class Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=Span)


def longest_first(spans: list[S], prefer: Callable[[S], Any]) -> list[S]:
    """The spans that do not overlap, the longer taken first (of equal length, the lower `prefer`, then the
    earlier), in text order."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), prefer(s), s.start))
    taken: list[S] = []
    for span in ordered:
        if any(span.start < t.end and t.start < span.end for t in taken):
            continue
        taken.append(span)
    return sorted(taken, key=lambda s: s.start)
