"""One text as the rules see it: sentences, clauses, mentions, dates, quotations; and what the rules propose.

A proposal is a claim in the annotation format (subject, relation, object, qualifiers, modality, anchor) with the
span it rests on (the sentence, located in the text: the same offsets `find_quote` gives the build), the rule that
made it, the words that triggered it, and a confidence. New entities (people, offices, events, agreements,
capabilities, places) are proposed beside them, each with the existing entities it may be.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from alliance_kg.curation.propose.context import ProposalContext
from alliance_kg.curation.propose.mentions import Mention, MentionFinder
from alliance_kg.curation.textdates import DateMention, find_dates
from alliance_kg.loaders.dates import DateResolutionError, DateValue, resolve_date
from alliance_kg.loaders.sentences import Sentence, split_sentences
from alliance_kg.loaders.sources import SourceText

# a trailing attribution with its day: ", officials said on Thursday", ", the ministry said Monday"
SAID_ON = re.compile(
    r",\s+(?:[\w.'\u2019-]+\s+){0,4}(?:said|says|told\s+[\w-]+|added|reported|announced)\s+(?:on\s+|late\s+|early\s+)?$"
)

SPEECH_WORDS = 4  # direct speech: four words or more between quotation marks ("2+2", “NIMBY” are terms)


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of direct speech: curly quotes paired as opened and closed, straight ones paired in order per line."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        opened = None
        straight = [m.start() for m in re.finditer('"', line.group())]
        for a, b in zip(straight[::2], straight[1::2], strict=False):
            spans.append((line.start() + a, line.start() + b + 1))
        for m in re.finditer("[\u201c\u201d]", line.group()):
            if m.group() == "\u201c":
                opened = m.start()
            elif opened is not None:
                spans.append((line.start() + opened, line.start() + m.end()))
                opened = None
        if opened is not None:  # a quotation running to the end of its paragraph
            spans.append((line.start() + opened, line.end()))
    return sorted((a, b) for a, b in spans if len(text[a:b].split()) >= SPEECH_WORDS)


# Spaces that only look like one — no-break, figure, narrow no-break, the typographic widths — read as one by the
# rules (saved web pages are full of them: "Article\u00a05", "Prime Minister\u00a0Ishiba"). One character for one,
# so offsets into the rules' view are offsets into the source, whose own characters every quote keeps.
T = TypeVar("T")

PLAIN_SPACES = str.maketrans(
    dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " ")
)

CONDITION = re.compile(r"\b(?:if|unless|whether|should)\b", re.IGNORECASE)  # "if the Diet approved it on Friday"
CLAUSE_BREAK = re.compile(r";|\s\u2014\s(?=[a-z])|:\s")


@dataclass
class ProposedEntity:
    id: str
    type: str
    label: str
    definition: str
    rule: str
    confidence: float
    start: int
    end: int
    aliases: list[str] = field(default_factory=list)
    candidates: list[dict] = field(
        default_factory=list
    )  # existing entities that may be the same: id, label, score, why


LEADING_FUNCTION_WORDS = re.compile(r"^(?:(?:of|the|a|an|on|for|in|at|to|by|with|from|and)\s+)+", re.IGNORECASE)


def strip_leading_function_words(name: str) -> str:
    """A new entity's name without the article or preposition a pattern took along ("of the X Agreement" is "X
    Agreement"), its first letter a capital."""
    stripped = LEADING_FUNCTION_WORDS.sub("", name)
    return stripped[:1].upper() + stripped[1:] if stripped else name


def short_id(identifier: str, limit: int) -> str:
    """An id cut to at most `limit` characters at a word's end, without a dangling "of" or "the" ("…-with-the-republic",
    not "…-with-the-republic-of-"; "…-of-january", not "…-of-january-202")."""
    if len(identifier) <= limit:
        return identifier
    cut = identifier[: limit + 1]
    head = cut[: cut.rfind("-")] if "-" in cut[cut.find("/") + 1 :] else identifier[:limit]
    head = re.sub(r"(?:-(?:of|the|a|an|and|or|to|for|in|on|with|by|at))+$", "", head.rstrip("-"))  # no "…-republic-of"
    return head or identifier[:limit]


@dataclass
class ProposedClaim:
    subject: str
    relation: str
    object: str
    start: int
    end: int
    rule: str
    confidence: float
    evidence: str
    qualifiers: dict[str, str] = field(default_factory=dict)
    modality: str = "asserted"
    anchor: str | None = None
    note: str | None = None
    measured: tuple[int, int] | None = None  # (right, proposed) of its rule on the calibration texts, when measured

    @property
    def key(self) -> tuple:
        return (self.subject, self.relation, self.object, self.modality)


@dataclass
class Analysis:
    """The state of one document's proposal run."""

    source: SourceText
    context: ProposalContext
    text: str = ""  # the source's text as the rules read it (PLAIN_SPACES); `source.text[a:b]` is what a quote keeps
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    nested: list[Mention] = field(default_factory=list)  # registry names inside a longer registry name
    dates: list[DateMention] = field(default_factory=list)
    quotations: list[tuple[int, int]] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)  # sentences the rules leave alone (metadata lines)
    passing: set[str] = field(default_factory=set)  # events named only in a comparison ("the first since 1969, when …")
    background: set[str] = field(default_factory=set)  # events told as background ("where he had met …"), not anaphors'
    claims: list[ProposedClaim] = field(default_factory=list)
    entities: dict[str, ProposedEntity] = field(default_factory=dict)
    reasons: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))  # sentence → why no proposal
    family_names: dict[str, str] = field(default_factory=dict)  # person → the name the text calls them by alone
    acts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # announcement, decision → what it says, where
    _derived: dict[Callable, tuple[tuple[int, int], Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, source: SourceText, context: ProposalContext) -> Analysis:
        text = source.text.translate(PLAIN_SPACES)
        analysis = cls(source, context, text)
        analysis.sentences = split_sentences(text)
        finder = MentionFinder(context.registry, context.lexicon)
        analysis.mentions = finder.find(text)
        analysis.nested = finder.nested(text, analysis.mentions)
        analysis.dates = find_dates(text, reference=source.date)
        analysis.dates = [d for d in analysis.dates if analysis.resolve(d.expression, d) is not None]
        analysis.quotations = quotations(text)
        return analysis

    def original(self, start: int, end: int) -> str:
        """The source's own characters at `start`–`end`: what a quote or evidence written to a draft must be."""
        return self.source.text[start:end]

    # --- where things are

    def sentence_index(self, position: int) -> int:
        for index, sentence in enumerate(self.sentences):
            if sentence.start <= position < sentence.end:
                return index
        return max(0, len(self.sentences) - 1)

    def clause(self, sentence: Sentence, position: int) -> tuple[int, int]:
        """The clause of `sentence` around `position` (sentences split at semicolons and colons), as offsets."""
        start, end = sentence.start, sentence.end
        for match in CLAUSE_BREAK.finditer(self.text, sentence.start, sentence.end):
            if self.quoted(match.start()):
                continue
            if match.end() <= position:
                start = match.end()
            elif match.start() >= position:
                end = match.start()
                break
        return start, end

    def quoted(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.quotations)

    def unquoted(self, start: int, end: int) -> str:
        """text[start:end] with direct speech blanked out (same length), for cues that must be the narrator's."""
        chars = list(self.text[start:end])
        for a, b in self.quotations:
            for i in range(max(a, start), min(b, end)):
                chars[i - start] = " "
        return "".join(chars)

    def not_told_as_done(self, clause_start: int, at: int) -> str | None:
        """The narrator's words before `at` in its clause that keep what follows from being told as done — a modality
        of the lexicon ("plans to", "has not") or a condition ("if", "whether") —; None when it is told as done."""
        before = self.unquoted(clause_start, at)
        said = self.context.lexicon.modality_of(before)
        if said is not None:
            return said[1]
        condition = CONDITION.search(before)
        return condition.group() if condition else None

    def mentions_in(self, start: int, end: int, unquoted: bool = True, nested: bool = False) -> list[Mention]:
        """The mentions within start–end; with `nested`, also the names inside longer names, in text order."""
        found = self.mentions + self.nested if nested else self.mentions
        return sorted(
            (m for m in found if start <= m.start and m.end <= end and not (unquoted and self.quoted(m.start))),
            key=lambda m: m.start,
        )

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if start <= d.start and d.end <= end and not self.quoted(d.start)]

    # --- dates

    def resolve(self, expression: str, mention: DateMention | None = None) -> DateValue | None:
        anchor = self.anchor_for(mention) if mention is not None and mention.needs_anchor else None
        if mention is not None and mention.needs_anchor and anchor is None:
            return None
        try:
            return resolve_date(expression, self.source.date, anchor[1] if anchor else None)
        except DateResolutionError:
            return None

    def anchor_for(self, mention: DateMention) -> tuple[str, DateValue] | None:
        """The date an offset counts from ("two days later"): the last day-precision date written before it, a weekday
        with its tense too ("met on Tuesday. The following day, …"), but not the day a report's attribution gives
        ("…, officials said on Thursday. The two ministers met again three days later": not Thursday's)."""
        earlier = [d for d in self.dates_before(mention.start) if d.kind in ("day", "weekday")]
        for candidate in reversed(earlier):
            if SAID_ON.search(self.text, max(0, candidate.start - 60), candidate.start):
                continue  # "…, officials said on Thursday": the day of the report, not of what it tells
            try:
                return candidate.expression, resolve_date(candidate.expression, self.source.date)
            except DateResolutionError:
                continue
        return None

    def dates_before(self, position: int) -> list[DateMention]:
        return [d for d in self.dates if d.end <= position and not d.needs_anchor]

    def document_date(self) -> str:
        return self.source.date.iso()

    # --- proposals

    def propose(self, claim: ProposedClaim) -> ProposedClaim:
        """Add a claim unless the same statement is proposed already (the first quote and the higher confidence win),
        or unless the model cannot hold its modality (the build would refuse it; the sentence says why instead)."""
        if not self.holds_modality(claim):
            self.why_not(
                claim.start,
                f"{claim.relation} only as fact: the text has it {claim.modality}, and the "
                "relation has no qualified form to carry that",
            )
            return claim
        for existing in self.claims:
            if existing.key == claim.key:
                if claim.confidence > existing.confidence:
                    existing.confidence = claim.confidence
                for key, value in claim.qualifiers.items():
                    existing.qualifiers.setdefault(key, value)
                return existing
        self.claims.append(claim)
        return claim

    def holds_modality(self, claim: ProposedClaim) -> bool:
        """Whether the build accepts the claim's modality (loaders/claims.py): any, on a relation with a qualified
        form or on an event's own relations; otherwise only stated as fact."""
        if claim.modality == "asserted":
            return True
        vocabulary = self.context.vocabulary
        relation = vocabulary.term(claim.relation)
        if relation is None or relation in vocabulary.qualified_forms:
            return True  # an unknown relation is the build's to report
        subject_type = self.type_of(claim.subject)
        return vocabulary.is_about_event(relation, vocabulary.term(subject_type) if subject_type else None)

    def entity(self, entity: ProposedEntity) -> ProposedEntity:
        return self.entities.setdefault(entity.id, entity)

    def drop_unused_entities(self) -> None:
        """Proposed new entities no proposed claim names (a person found by rank who takes part in nothing the rules
        read) are not offered to the reviewer: an entity is proposed for what the text says of it."""
        used = {c.subject for c in self.claims} | {c.object for c in self.claims}
        used |= {str(v) for c in self.claims for v in c.qualifiers.values()}
        for entity_id in [e for e in self.entities if e not in used]:
            del self.entities[entity_id]

    def why_not(self, position: int, reason: str) -> None:
        reasons = self.reasons[self.sentence_index(position)]
        if reason not in reasons:
            reasons.append(reason)

    def label(self, entity_id: str) -> str:
        if entity_id in self.entities:
            return self.entities[entity_id].label
        entity = self.context.registry.entities.get(entity_id)
        return entity.label if entity else entity_id

    def type_of(self, entity_id: str) -> str | None:
        if entity_id in self.entities:
            return self.entities[entity_id].type
        return self.context.type_of(entity_id)

    def is_a(self, entity_id: str, kind: str) -> bool:
        own = self.type_of(entity_id)
        return own is not None and kind in self.context.superclasses.get(own, {own})

    def main_states(self) -> list[str]:
        """The two states the text is about: the two it names most (by name, not by nationality word)."""
        return list(self.derived(Analysis._count_main_states))  # asked for at every document mention

    def derived(self, compute: Callable[[Analysis], T]) -> T:
        """`compute(self)`, computed once for the text and its mentions: what the rules read from them alone and ask
        for again and again. The people's pass replaces the mentions, which computes it anew."""
        seen = (id(self.mentions), len(self.mentions))
        if compute not in self._derived or self._derived[compute][0] != seen:
            self._derived[compute] = (seen, compute(self))
        return self._derived[compute][1]

    def _count_main_states(self) -> list[str]:
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "name" and self.is_a(m.entity, "State"):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        unregistered = self.unregistered_state_count()
        if counts and unregistered > sorted(counts.values())[-2 if len(counts) > 1 else -1]:
            return []  # a Japan-Philippines text: its two are one the registry lacks, which no proposal can name
        if "japan" in counts and "united-states" in counts:
            return ["japan", "united-states"]  # the alliance's two: what "the two governments" means in these texts
        ranked = sorted(counts, key=lambda s: -counts[s])
        return ranked[:2] if len(ranked) >= 2 else []

    def unregistered_state_count(self) -> int:
        """How often the text names the state the lexicon knows and the registry lacks that it names most (by its
        name, nationality word or capital, as the lexicon lists them): "the Philippines", "Philippine", "Manila"."""
        lexicon = self.context.lexicon
        best = 0
        for state in {*lexicon.demonyms, *lexicon.capitals} - set(self.context.registry.entities):
            words = [state.replace("-", " "), *lexicon.demonyms.get(state, []), *lexicon.capitals.get(state, [])]
            pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
            best = max(best, len(re.findall(pattern, self.text, re.IGNORECASE)))
        return best

    def reported_event(self, wanted_id: str, label: str, rule: str, confidence: float, start: int, end: int) -> str:
        """A new Event the text reports, for the reviewer: a free id made from `wanted_id`, defined by its label as
        the document reports it."""
        identifier = self.free_id(wanted_id)
        definition = f"{label}, as document {self.source.id} reports it."
        self.entity(ProposedEntity(identifier, "Event", label, definition, rule, confidence, start, end))
        return identifier

    def free_id(self, base: str) -> str:
        identifier, number = base, 2
        while identifier in self.context.registry.entities or identifier in self.entities:
            identifier, number = f"{base}-{number}", number + 1
        return identifier
