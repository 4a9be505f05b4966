"""Which version of a document of state a text's bare name means. The registry keeps national strategies and the
Guidelines in versions (`japan-national-security-strategy-2022` and `…-pre-2022`; `guidelines-…/2015` and
`…/before-1997`), and news texts name them without one ("the National Security Strategy", "the Guidelines of 1997",
"the 2015 Guidelines"). A family is the versions of one document; its names are its members' labels without the
year, the owner ("of Japan") and the qualifier in brackets, and its base entity's names. The version a name means is
the one of the year its words give, else the one in force in the year the caller gives (an act's, the document's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.mentions import Mention

# "<base>-2022", "<base>/2015": the version issued that year; "<base>-pre-2022", "<base>/before-1997": the one before
VERSION_ID = re.compile(r"^(?P<base>.+?)(?P<sep>[-/])(?:(?P<before>pre|before)-)?(?P<year>\d{4})$")
# the year a name writes with it: "the 2015 Guidelines", "the Guidelines of 1997"
YEAR_BEFORE = re.compile(r"\b(?P<year>(?:19|20)\d{2})\s+(?:version\s+of\s+the\s+)?$")
YEAR_AFTER = re.compile(r"\s+of\s+(?P<year>(?:19|20)\d{2})\b")


@dataclass(frozen=True)
class Version:
    id: str
    year: int
    before: bool  # the version in force before `year` (the one a revision of that year replaced)


@dataclass
class Family:
    base: str
    state: str | None  # the state the members' labels name as owner ("… of Japan (2022)"), if one
    names: set[str] = field(default_factory=set)
    versions: list[Version] = field(default_factory=list)

    def of_year(self, year: int) -> str | None:
        """The version issued in `year`, or the one in force before the first revision after it."""
        exact = [v for v in self.versions if not v.before and v.year == year]
        if exact:
            return exact[0].id
        before = [v for v in self.versions if v.before and year < v.year]
        return before[0].id if before else None

    def in_force(self, year: int) -> str | None:
        """The version in force in `year`: the last issued in or before it, else the one before the first revision."""
        issued = [v for v in self.versions if not v.before and v.year <= year]
        if issued:
            return max(issued, key=lambda v: v.year).id
        before = [v for v in self.versions if v.before and year < v.year]
        return before[0].id if before else None

    def previous(self, version: str) -> str | None:
        """The version `version` replaced: the one issued last before it, or the one before its year."""
        this = next((v for v in self.versions if v.id == version), None)
        if this is None or this.before:
            return None
        earlier = [v for v in self.versions if not v.before and v.year < this.year]
        if earlier:
            return max(earlier, key=lambda v: v.year).id
        before = [v for v in self.versions if v.before and v.year <= this.year]
        return before[0].id if before else None


def families(analysis: Analysis) -> list[Family]:
    """The registry's documents of state kept in versions, by family (computed once per run)."""
    cached = analysis.context.cache.get("document-families")
    if cached is not None:
        return cached
    registry = analysis.context.registry.entities
    states = {e.label: e.id for e in registry.values() if analysis.is_a(e.id, "State")}
    found: dict[str, Family] = {}
    for entity in registry.values():
        match = VERSION_ID.match(entity.id)
        if match is None or not analysis.is_a(entity.id, "StateDocument") or analysis.is_a(entity.id, "JointStatement"):
            continue
        base = match.group("base")
        family = found.setdefault(base, Family(base, None))
        family.versions.append(Version(entity.id, int(match.group("year")), bool(match.group("before"))))
        name = re.sub(r"\s*\([^)]*\)$", "", re.sub(r"^(?:19|20)\d{2}\s+", "", entity.label))
        owner = re.search(r"\s+of\s+(?:the\s+)?(?P<owner>[A-Z][\w.\s-]*)$", name)
        if owner and owner.group("owner") in states:
            family.state = states[owner.group("owner")]
            name = name[: owner.start()]
        family.names.add(name)
        # "the new Guidelines", "the Guidelines of 1997": the head word of "Guidelines for …"
        if short := re.match(r"(?P<head>[A-Z][a-z]+s)\s+for\s+", name):
            family.names.add(short.group("head"))
        if base in registry:  # the base entity's own names ("Guidelines for U.S.-Japan Defense Cooperation")
            family.names |= {n for n in (registry[base].label, *registry[base].aliases) if n[:1].isupper()}
    result = [f for f in found.values() if len(f.versions) >= 2 or f.base in registry]
    analysis.context.cache["document-families"] = result
    return result


def family_of(analysis: Analysis, entity: str) -> Family | None:
    return next((f for f in families(analysis) if f.base == entity or any(v.id == entity for v in f.versions)), None)


def bare_names(analysis: Analysis, start: int, end: int) -> list[tuple[Mention, Family]]:
    """The family names the text writes between `start` and `end` where no registry name was found ("a new National
    Security Strategy"), as mentions of the family's base (resolve them with `version_named`)."""
    text = analysis.text
    taken = [(m.start, m.end) for m in analysis.mentions_in(start, end)]
    found: list[tuple[Mention, Family]] = []
    sentence = analysis.sentences[analysis.sentence_index(start)]
    sentence_states = _states_speaking(analysis, sentence.start, sentence.end)
    for family in families(analysis):
        if family.state is not None and family.state not in sentence_states | set(analysis.main_states()):
            continue  # "National Security Strategy" in a text about other states is not Japan's
        if family.state is not None and sentence_states and family.state not in sentence_states:
            continue  # "The Pentagon released its National Defense Strategy": a sentence of another state's
        for name in sorted(family.names, key=len, reverse=True):
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text[start:end]):
                a, b = start + match.start(), start + match.end()
                if analysis.quoted(a) or any(s < b and a < e for s, e in taken) or _another_owner(analysis, family, a):
                    continue
                taken.append((a, b))
                found.append((Mention(a, b, match.group(), family.base), family))
    return sorted(found, key=lambda pair: pair[0].start)


def version_named(analysis: Analysis, mention: Mention, family: Family, year: int | None) -> str | None:
    """The version a name means: the year written with it ("the 2015 Guidelines", "the Guidelines of 1997"), else
    the one in force in `year`, else in the document's year."""
    text = analysis.text
    written = YEAR_BEFORE.search(text, max(0, mention.start - 30), mention.start) or YEAR_AFTER.match(text, mention.end)
    if written is not None:
        return family.of_year(int(written.group("year")))
    return family.in_force(year if year is not None else analysis.source.date.earliest.year)


def _another_owner(analysis: Analysis, family: Family, start: int) -> bool:
    """ "the U.S. National Security Strategy", "America's National Defense Strategy": a state (or administration)
    other than the family's owns the name."""
    before = analysis.text[max(0, start - 30) : start]
    if re.search(r"\b(?:administration|Pentagon|White\s+House)['\u2019]?s?\s+(?:\w+\s+)?$", before):
        return True
    owners = [
        m
        for m in analysis.mentions_in(max(0, start - 30), start)
        if analysis.is_a(m.entity, "State") and m.end >= start - 12
    ]
    return bool(owners) and family.state is not None and owners[-1].entity != family.state


def _states_speaking(analysis: Analysis, start: int, end: int) -> set[str]:
    """The states a sentence names: by name, nationality word or capital, or by a seat of government ("Pentagon")."""
    states = {m.entity for m in analysis.mentions_in(start, end) if analysis.is_a(m.entity, "State")}
    capitals = {name: state for state, names in analysis.context.lexicon.capitals.items() for name in names}
    states |= {capitals[m.text] for m in analysis.mentions_in(start, end) if m.text in capitals}
    for state, seats in analysis.context.lexicon.seats.items():
        if any(re.search(rf"\b{re.escape(seat)}\b", analysis.text[start:end]) for seat in seats):
            states.add(state)
    return states
