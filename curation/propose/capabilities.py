"""Who develops a capability, as news reports say it in the passive: "The SM-3 Block IIA was developed jointly by
Japan and the United States", "The Block IIA is being developed by Raytheon and Mitsubishi Heavy Industries".

- `develops`: each state or organisation listed after "developed (jointly / together) by" develops the capability
  named as the clause's subject. The capability is the registry's where it names it; otherwise it is proposed new,
  labelled as the text names it in full: the subject's name ("SM-3 Block IIA"), or, where the subject is a short form
  of a name the text gave before ("the Block IIA" after "the Standard Missile-3 Block IIA"), that longer name, with
  the short form as an alias. A subject is taken as a capability only when its form says so: a model designator or
  version (a digit or "Block" and a Roman numeral: "SM-3", "Type 12", "Block IIA") or a capability noun ("missile", "fighter").
- A developer the registry lacks is proposed as a new Organisation (a company, mostly), labelled as the text names it.
- `develops`: "its domestically produced Type-12 surface-to-ship missiles", "the Ground Self-Defense Force's
  domestically developed Type-12 …": the state whose capability it is (the clause's state before "its", a state's
  possessive, or the state of a Self-Defense Force) develops it; the capability is a phrase ending in a capability
  noun, as forces.py reads it.

The active voice ("Japan is developing a fighter with Britain") is relations.py's.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.event_details import CAPABILITY_HEADS
from alliance_kg.curation.propose.forces import APOS, Named, capability_phrase, entity_of, find_named
from alliance_kg.loaders.sentences import Sentence

TOKEN = r"[A-Z0-9][\w./-]*"
# "The SM-3 Block IIA was developed jointly by Japan and the United States"
DEVELOPED_BY = re.compile(
    rf"(?:(?<=\s)|^)(?:[Tt]he\s+)?(?P<name>(?:{TOKEN}\s+){{0,4}}{TOKEN}(?:\s+[a-z-]+){{0,2}})\s+"
    r"(?:was|were|is|are|has\s+been|have\s+been)\s+(?:being\s+)?(?:(?:jointly|co-)\s*)?developed\s+"
    r"(?:(?:jointly|together)\s+)?by\s+(?P<agents>[^,.;:()]+(?:,\s*(?!and\b|which\b|who\b)[^,.;:()]+)*)"
)
# the name's form that says it is a model or version: a digit ("SM-3", "Type 12") or a version ("Block IIA")
DESIGNATOR_WORD = re.compile(r"\d|\bBlock\s+[IVX]+[A-Z]?\b")
AGENT_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# where the list of developers ends: "… by Raytheon under a contract", "… by Japan in 2006"
AGENTS_END = re.compile(r"\s+(?:under|in|for|since|from|at|as|with|to|after|before|on)\b.*$", re.DOTALL)
AGENT_NAME = re.compile(r"(?:[Tt]he\s+)?(?P<name>[A-Z][\w.&-]*(?:\s+(?:of\s+)?[A-Z][\w.&-]*){0,4})")


# "its domestically produced …", "the Ground Self-Defense Force's domestically developed …"
DOMESTIC = re.compile(r"\bdomestically[-\s](?:developed|produced|built|made|manufactured)\s+")
DOMESTIC_OWNER = re.compile(
    rf"(?:(?P<its>\b(?:its|their))|(?P<sdf>Self[-\s]Defen[sc]e\s+Forces?{APOS}s?)|(?P<name>\S+){APOS}s)\s+$"
)


def propose_capability_developers(analysis: Analysis) -> None:
    """Each passive "X was developed by A and B" outside quotations: A and B develop X; each "its domestically
    produced X": its state develops X."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for match in DEVELOPED_BY.finditer(analysis.text, sentence.start, sentence.end):
            if not analysis.quoted(match.start()):
                _developed_by(analysis, sentence, match)
        for match in DOMESTIC.finditer(analysis.text, sentence.start, sentence.end):
            if not analysis.quoted(match.start()):
                _domestically(analysis, sentence, match)


def _domestically(analysis: Analysis, sentence: Sentence, match: re.Match) -> None:
    text = analysis.text
    owner = DOMESTIC_OWNER.search(text, max(sentence.start, match.start() - 40), match.start())
    if owner is None:
        return
    states = [
        m for m in analysis.mentions_in(sentence.start, owner.start())
        if m.kind == "name" and analysis.is_a(m.entity, "State")
    ]  # fmt: skip
    state: str | None = None
    if owner.group("sdf"):
        japan = analysis.context.registry.resolve("Japan")  # the Self-Defense Forces are Japan's
        state = japan.id if japan is not None else None
    elif owner.group("its"):
        state = states[-1].entity if states else None
    elif states and states[-1].end >= owner.start("name"):
        state = states[-1].entity  # "Japan's domestically built …"
    span = capability_phrase(text, match.end(), sentence.end)
    if state is None or state not in analysis.context.registry.entities or span is None:
        return
    named = next(
        (n for n in find_named(analysis) if span[0] <= n.start < span[1] and n.type == "Capability"),
        None,
    )
    if named is None:
        label = text[span[0] : span[1]]
        known = analysis.context.registry.resolve(label)
        if known is not None and not analysis.is_a(known.id, "Capability"):
            return
        named = Named(span[0], span[1], label[0].upper() + label[1:], "Capability", known.id if known else None, (),
                      "capability")  # fmt: skip
    capability = entity_of(analysis, named)
    analysis.propose(
        ProposedClaim(
            state, "develops", capability, sentence.start, sentence.end, "capability-domestically-developed", 0.6,
            text[owner.start() : span[1]][:200],
        )
    )  # fmt: skip


def _developed_by(analysis: Analysis, sentence: Sentence, match: re.Match) -> None:
    name = match.group("name")
    capability = _capability(analysis, name, match.start("name"), match.end("name"))
    if capability is None:
        analysis.why_not(match.start(), f"{name!r} developed by … is no capability by its form")
        return
    agents_text = AGENTS_END.sub("", match.group("agents")).strip()
    start = match.start("agents")
    developers: list[str] = []
    for part in AGENT_SPLIT.split(agents_text):
        at = analysis.text.find(part, start)
        start = at + len(part) if at >= 0 else start
        developer = _developer(analysis, part.strip(), at)
        if developer is None:
            return  # a list with something that is no state or organisation ("by engineers of …"): not read at all
        developers.append(developer)
    for developer in dict.fromkeys(developers):
        analysis.propose(
            ProposedClaim(
                developer, "develops", capability, sentence.start, sentence.end, "capability-developed-by", 0.6,
                analysis.text[match.start() : match.end()][:200],
            )
        )  # fmt: skip


def _capability(analysis: Analysis, name: str, start: int, end: int) -> str | None:
    """The registry's capability the name is, one proposed already under it, or a new one its form says it is."""
    known = analysis.context.registry.resolve(name)
    if known is not None:
        return known.id if analysis.is_a(known.id, "Capability") else None
    if any(not analysis.is_a(m.entity, "Capability") for m in analysis.mentions_in(start, end)):
        return None  # "The Japan-U.S. plan": a name with a state or body in it
    if not (DESIGNATOR_WORD.search(name) or CAPABILITY_HEADS.search(name)):
        return None
    for entity in analysis.entities.values():
        if entity.type == "Capability" and name.lower() in (n.lower() for n in (entity.label, *entity.aliases)):
            return entity.id
    label, aliases = name, []
    fuller = re.search(rf"(?:(?<=\s)|^)((?:{TOKEN}\s+){{1,3}}){re.escape(name)}\b", analysis.text[:start])
    if fuller and not analysis.mentions_in(fuller.start(1), fuller.end(1)):
        label, aliases = " ".join((fuller.group(1) + name).split()), [name]  # "Standard Missile-3 Block IIA"
    identifier = analysis.free_id(slug(label))
    analysis.entity(
        ProposedEntity(
            identifier, "Capability", label,
            f"{label}, a capability document {analysis.source.id} says is developed by those it names.",
            "capability-developed-by", 0.55, start, end, aliases=aliases,
            candidates=similar_entities(analysis, label, "Capability"),
        )
    )  # fmt: skip
    return identifier


def _developer(analysis: Analysis, part: str, at: int) -> str | None:
    """The state or organisation one item of the list names: the registry's, or a new organisation."""
    named = AGENT_NAME.fullmatch(part)
    if named is None or at < 0:
        return None
    mentions = analysis.mentions_in(at, at + len(part))
    if mentions:
        whole = mentions[0]
        kinds = ("State", "Organisation")
        return whole.entity if len(mentions) == 1 and any(analysis.is_a(whole.entity, k) for k in kinds) else None
    label = named.group("name")
    for entity in analysis.entities.values():
        if entity.type == "Organisation" and label.lower() in (n.lower() for n in (entity.label, *entity.aliases)):
            return entity.id
    identifier = analysis.free_id(slug(label))
    analysis.entity(
        ProposedEntity(
            identifier, "Organisation", label,
            f"{label}, which document {analysis.source.id} says develops a capability.",
            "capability-developed-by", 0.55, at + named.start("name"), at + named.end("name"),
            candidates=similar_entities(analysis, label, "Organisation"),
        )
    )  # fmt: skip
    return identifier
