"""People introduced by an office title: "Defense Minister Gen Nakatani", "Lloyd Austin, the U.S. defense secretary".

Each finding proposes `holdsOffice` (as of the date the sentence gives, else the document's date; `former` for
"former"/"then-" titles) and, where the text says whose office it is ("Japanese", "U.S.", "of Japan"), `officeOf`.
The state of a title comes from the words beside it, else from the offices the registry's annotations already give
the person, else from the lexicon's default for the title (said in the proposal, at a lower confidence). A person
the registry lacks becomes a proposed Person, with the registry's people whose names are close (RapidFuzz) as
candidates; an office it lacks, a proposed Office. Later mentions of a new person by surname are found too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.lexicon import OfficeTitle
from alliance_kg.curation.propose.mentions import Mention
from alliance_kg.loaders.entity import normalise_name

NAME_TOKEN = r"(?:[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)*|[A-Z]\.|[A-Z]{2,}(?=\s+[A-Z][a-z]))"
NAME = rf"(?-i:{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,3}})"
NOT_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "a", "an", "and",
    "on", "in", "at", "of", "for", "to", "with", "said", "says", "told", "has", "had", "was", "is", "who", "also",
    "will", "would", "met", "visited", "signed", "during", "after", "before", "last", "this", "next", "office",
    "administration", "government", "cabinet", "ministry", "department", "party",
}  # fmt: skip
LOWER_RANK = re.compile(r"\b(Deputy|Vice|Assistant|Under|State|Parliamentary|Senior\s+Vice|Acting)\s*$")
# A capitalised word right before a title is its state ("Philippine President", "South Korean Foreign Minister").
# Not a capitalised word that opens a clause after a dateline ("WASHINGTON — When President Joe Biden …").
CLAUSE_OPENERS = r"When|While|After|Before|As|Since|Then|But|And|If|Once|Until|Although|Though|Where|Meanwhile|Earlier|Later|Also|On|In|At|By|With|For|From|During|Under|Former"
NATIONALITY = re.compile(
    rf"(?<![.!?]\s)(?<!^)\b(?!(?-i:(?:{CLAUSE_OPENERS})\b))((?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]\.[A-Z]\.?))(?:['\u2019]s)?\s+$"
)
GLUE = re.compile(
    r"^(?:\s|,|'s|\u2019s|the|his|her|their|its|counterparts?|new|incoming|outgoing|acting)*$", re.IGNORECASE
)


@dataclass
class PersonMention:
    entity: str
    start: int  # the name
    end: int
    title_start: int
    title_end: int
    office: str | None
    state: str | None
    explicit: bool | str  # True: the text names the office's state; "graph": the graph knows it; False: assumed
    former: bool
    title: OfficeTitle


def find_people(analysis: Analysis) -> list[PersonMention]:
    lexicon = analysis.context.lexicon
    found: list[PersonMention] = []
    every = sorted(((t, office) for office in lexicon.offices for t in office.titles), key=lambda x: -len(x[0]))
    by_title = {normalise_name(title): office for title, office in every}
    titles = [(t, office) for t, office in every if office.kind != "rank"]
    title_alternatives = "|".join(r"\s+".join(re.escape(w) for w in title.split()) for title, _ in titles)
    ranks = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t, office in every if office.kind == "rank")
    former = "|".join(re.escape(w) for w in lexicon.former_titles)
    before = re.compile(
        rf"(?P<former>(?:{former})\s*)?(?P<title>\b(?:{title_alternatives}))\s+(?P<name>{NAME})", re.IGNORECASE
    )
    after = re.compile(
        rf"(?P<name>{NAME}),\s+(?:the\s+|a\s+)?(?P<former>(?:{former})\s*)?(?P<marker>[\w.'\u2019 ]{{0,30}}?)"
        rf"(?P<title>\b(?:{title_alternatives}))\b(?!\s+{NAME_TOKEN})",
        re.IGNORECASE,
    )
    text = analysis.text
    taken: list[tuple[int, int]] = []
    # a rank or a title of no office the graph models ("Lt. Gen. Jerry Martinez", "Gov. Takeshi Onaga"): the person,
    # for the events they take part in, when no office title named them first
    ranked = re.compile(rf"(?P<former>(?!))?(?P<title>(?<![\w.])(?-i:{ranks}))\s+(?P<name>{NAME})") if ranks else None
    for pattern in (before, after, ranked):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if analysis.quoted(match.start()) or analysis.sentence_index(match.start()) in analysis.skip:
                continue
            name_start, name_end = _trim_name(text, match.start("name"), match.end("name"))
            if name_end <= name_start or any(name_start < b and a < name_end for a, b in taken):
                continue
            name = text[name_start:name_end]
            tokens = name.split()
            if any(t.lower().strip(".") in NOT_NAMES for t in tokens):
                continue
            office_title = by_title[normalise_name(match.group("title"))]
            before = text[max(0, match.start("title") - 30) : match.start("title")]
            lower_rank = LOWER_RANK.search(before)
            if lower_rank:
                analysis.why_not(
                    match.start(), f"{lower_rank.group(1)!r} makes {match.group('title')!r} another office"
                )
                continue
            foreign = NATIONALITY.search(before)
            if foreign and state_of_word(analysis, foreign.group(1)) is None:
                analysis.why_not(match.start(), f"the title names a state the registry lacks ({foreign.group(1)!r})")
                continue
            person = _person(analysis, name, name_start, name_end)
            if person is None:
                continue
            taken.append((name_start, name_end))
            new_person = analysis.entities.get(person)
            if office_title.kind == "rank" and new_person is not None and not new_person.definition:
                rank = match.group("title")
                new_person.definition = (
                    f"{rank} {name}, as document {analysis.source.id} names them; their office is the reviewer's."
                )
            state, explicit, title_start = _state_of_title(
                analysis, match.start("title"), match.end("title"), office_title, person
            )
            if state is None or (not explicit and state == office_title.default):
                # a registered office named with its state ("Japanese Defense Minister") says whose it is
                for mention in analysis.mentions_in(match.start("title") - 40, match.end("title"), unquoted=False):
                    if mention.end == match.end("title") and analysis.is_a(mention.entity, "Office"):
                        known = analysis.context.office_state.get(mention.entity)
                        if known and mention.text.split()[0] != match.group("title").split()[0]:
                            state, explicit = known, True
            found.append(
                PersonMention(
                    person,
                    name_start,
                    name_end,
                    min(title_start, match.start("former") if match.group("former") else title_start),
                    match.end("title"),
                    None,
                    state,
                    explicit,
                    bool(match.group("former")),
                    office_title,
                )
            )
    found.sort(key=lambda p: p.start)
    for person in found:
        other = _holder_named(analysis, person, found)
        if other is not None:
            analysis.why_not(
                person.start,
                f"the text gives the {analysis.label(person.state)} title {person.title.titles[0]!r} to {other}: "
                f"this one's state is not said",
            )
            person.state = None
            continue
        person.office = _office(analysis, person)
        _claims(analysis, person)
    _surnames(analysis, found)
    return found


def _holder_named(analysis: Analysis, person: PersonMention, found: list[PersonMention]) -> str | None:
    """Whom the text gives the title with its default state written, when this person's state is only the default:
    "a meeting between Foreign Minister Wang Yi and Japanese Foreign Minister Yoshimasa Hayashi", "in the presence of
    President Ferdinand Marcos Jr." in a text that writes "U.S. President Joe Biden". A text that writes the state for
    one holder and not for another is telling them apart, so the bare one is not taken to be the default's."""
    if person.explicit is not False or person.state != person.title.default or person.entity not in analysis.entities:
        return None  # only a person the graph does not know, whose state nothing but the default gives
    sentence = analysis.sentences[analysis.sentence_index(person.start)]
    for mention in analysis.dates_in(sentence.start, sentence.end):
        value = analysis.resolve(mention.expression, mention)
        if value is not None and value.latest.year < analysis.source.date.earliest.year:
            return None  # "since 1969, when Prime Minister Eisaku Sato met …": a holder of another time
    for other in found:
        if (
            other.entity != person.entity
            and other.title is person.title
            and other.explicit is True
            and other.state == person.state
            and not other.former
        ):
            return analysis.label(other.entity)
    return None


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    name = text[start:end]
    name = re.sub(r"['\u2019]s$", "", name)
    return start, start + len(name.rstrip(" ."))


def _person(analysis: Analysis, name: str, start: int, end: int) -> str | None:
    """The registry's person of this name, or a proposed new one (None when the name is no person's)."""
    registry = analysis.context.registry
    known = registry.resolve(name)
    if known is not None:
        return known.id if analysis.is_a(known.id, "Person") else None
    if len(name.split()) < 2:
        analysis.why_not(start, f"an office title before the single word {name!r}, which names no registered person")
        return None
    for proposed in analysis.entities.values():
        if proposed.type == "Person" and normalise_name(proposed.label) == normalise_name(name):
            return proposed.id
    from alliance_kg.curation.add import slug

    identifier = analysis.free_id(slug(name))
    entity = ProposedEntity(
        id=identifier,
        type="Person",
        label=name,
        definition="",
        rule="person-with-office-title",
        confidence=0.85,
        start=start,
        end=end,
        aliases=[name.split()[-1]],
        candidates=similar_entities(analysis, name, "Person"),
    )
    analysis.entity(entity)
    return identifier


def _state_of_title(
    analysis: Analysis, start: int, end: int, title: OfficeTitle, person: str
) -> tuple[str | None, bool | str, int]:
    """The state whose office the title names, whether the text says so, and where the title's words begin."""
    text = analysis.text
    sentence = analysis.sentences[analysis.sentence_index(start)]
    window_start = max(sentence.start, start - 40)
    for match in reversed(list(state_words(analysis).finditer(text, window_start, start))):
        if GLUE.match(text[match.end() : start]):
            return state_of_word(analysis, match.group()), True, match.start()
    after = re.match(r"\s+of\s+(?:the\s+)?", text[end : end + 20])
    if after:
        match = state_words(analysis).match(text, end + after.end())
        if match:
            return state_of_word(analysis, match.group()), True, start
    held = analysis.context.offices_held.get(person, set())
    for office in sorted(held):
        state = analysis.context.office_state.get(office)
        if state and title.label_for(state, analysis.label(state)) == analysis.label(office):
            return state, "graph", start
    return title.default, False, start


def state_words(analysis: Analysis) -> re.Pattern[str]:
    """Every word that names a state: its registry names (with their variants) and its nationality word."""
    cached = analysis.context.cache.get("state_words")
    if cached is None:
        from alliance_kg.curation.propose.mentions import name_pattern

        table: dict[str, str] = {}
        patterns = []
        for entity in analysis.context.registry.entities.values():
            if not analysis.context.is_a(entity.id, "State"):
                continue
            names = [entity.label, *entity.aliases, *analysis.context.lexicon.demonyms.get(entity.id, [])]
            for name in names:
                built = name_pattern(name)
                if built:
                    patterns.append(built[0] if built[1] else f"(?i:{built[0]})")
                table[normalise_name(name).replace(".", "")] = entity.id
        alternatives = "|".join(sorted(patterns, key=len, reverse=True)) or r"(?!x)x"
        cached = (re.compile(alternatives), table)
        analysis.context.cache["state_words"] = cached
    return cached[0]


def state_of_word(analysis: Analysis, word: str) -> str | None:
    state_words(analysis)
    table = analysis.context.cache["state_words"][1]
    return table.get(normalise_name(word).replace(".", "").replace("\u2019", "'"))


def _office(analysis: Analysis, person: PersonMention) -> str | None:
    if person.state is None:
        analysis.why_not(person.start, f"the title {person.title.titles[0]!r} names no state")
        return None
    label = person.title.label_for(person.state, analysis.label(person.state))
    if label is None:
        analysis.why_not(
            person.start, f"no office of {analysis.label(person.state)} is known for {person.title.titles[0]!r}"
        )
        return None
    known = analysis.context.registry.resolve(label)
    if known is not None:
        return known.id
    for entity in analysis.entities.values():
        if entity.type == "Office" and entity.label == label:
            return entity.id
    from alliance_kg.curation.add import slug

    entity = ProposedEntity(
        id=analysis.free_id(slug(label)),
        type="Office",
        label=label,
        definition=f"The office of {person.title.titles[0]} of {analysis.label(person.state)}.",
        rule="office-title",
        confidence=0.8,
        start=person.title_start,
        end=person.title_end,
        candidates=similar_entities(analysis, label, "Office"),
    )
    return analysis.entity(entity).id


def _claims(analysis: Analysis, person: PersonMention) -> None:
    if person.office is None:
        return
    sentence = analysis.sentences[analysis.sentence_index(person.start)]
    title_words = analysis.text[person.title_start : person.title_end]
    if person.entity in analysis.entities and not analysis.entities[person.entity].definition:
        analysis.entities[person.entity].definition = (
            f"{'Former ' if person.former else ''}{analysis.label(person.office)}"
            f"{'' if person.former else ' at the time of document ' + analysis.source.id}, as the text names them."
        )
    confidence = {True: 0.9, "graph": 0.85}.get(person.explicit, 0.7)
    qualifiers: dict[str, str] = {}
    if not person.former:
        qualifiers["asOf"] = _as_of(analysis, sentence, person.start)
    claim = ProposedClaim(
        subject=person.entity,
        relation="holdsOffice",
        object=person.office,
        start=sentence.start,
        end=sentence.end,
        rule="office-title-before-name" if person.title_end <= person.start else "name-then-office-title",
        confidence=confidence,
        evidence=analysis.text[min(person.title_start, person.start) : max(person.title_end, person.end)],
        qualifiers=qualifiers,
        modality="former" if person.former else "asserted",
        note=None
        if person.explicit is True
        else f"the text does not say whose office; the graph records {analysis.label(person.office)} for them"
        if person.explicit == "graph"
        else f"the text does not say whose office: {analysis.label(person.state)} assumed for {title_words!r}",
    )
    analysis.propose(claim)
    # only where the text ties the office to its state ("U.S. Defense Secretary", "Minister … of Japan"): a state the
    # title's default gives ("Chief Cabinet Secretary", "Foreign Secretary") is the rules' guess, not what the text
    # says, even for an office the graph lacks (the proposed office's definition names the state guessed)
    if person.explicit is True:
        analysis.propose(
            ProposedClaim(
                subject=person.office,
                relation="officeOf",
                object=person.state,
                start=sentence.start,
                end=sentence.end,
                rule="office-title-with-state",
                confidence=0.85,
                evidence=analysis.text[min(person.title_start, person.start) : max(person.title_end, person.end)],
            )
        )


def _as_of(analysis: Analysis, sentence, position: int) -> str:
    """The date the sentence places the person in office: a past date it gives, else the document's date."""
    start, end = analysis.clause(sentence, position)
    for mention in analysis.dates_in(start, end):
        if mention.kind in ("day", "month", "relative", "weekday") and "(future)" not in mention.expression:
            value = analysis.resolve(mention.expression, mention)
            if value is not None and value.earliest <= analysis.source.date.latest and mention.kind != "relative":
                return mention.expression
    return analysis.document_date()


MONTHS_AND_DAYS = {*(m.lower() for m in calendar.month_name if m), *(d.lower() for d in calendar.day_name)}


def _surnames(analysis: Analysis, people: list[PersonMention]) -> None:
    """Later mentions of a person by family name alone become mentions of that person: a new person named with a
    title, and a known one the text first names in full ("Prime Minister Shinzo Abe", then "Abe"). The family name is
    the last word, or the first for the states whose people reports name family name first ("Yoon Suk Yeol": "Yoon").
    A family name two people of the text share names neither."""
    first_words = set(analysis.context.lexicon.family_name_first)
    named: dict[str, tuple[str, int]] = {}  # person → (family name, where the text first names them in full)
    for p in people:
        if p.entity in analysis.entities and p.entity not in named:
            words = analysis.entities[p.entity].label.split()
            named[p.entity] = (words[0] if p.state in first_words and len(words) > 1 else words[-1], p.start)
            analysis.entities[p.entity].aliases = [named[p.entity][0]]  # the name the text calls them by alone
    for m in analysis.mentions:
        words = m.text.split()
        if m.kind != "name" or len(words) < 2 or m.entity in named or not analysis.is_a(m.entity, "Person"):
            continue
        states = {analysis.context.office_state.get(o) for o in analysis.context.offices_held.get(m.entity, ())}
        named[m.entity] = (words[0] if states & first_words else words[-1], m.start)
    analysis.family_names.update({person: family for person, (family, _) in named.items()})
    title_words = {w for title in analysis.context.lexicon.offices for t in title.titles for w in t.split()}
    title_words |= {w.capitalize() for w in analysis.context.lexicon.former_titles} | {"Mr", "Ms", "Mrs", "Dr"}
    counts: dict[str, int] = {}
    for family, _ in named.values():
        counts[family] = counts.get(family, 0) + 1
    added: list[Mention] = []
    for entity_id, (surname, first) in named.items():
        if counts[surname] > 1 or len(surname) < 3 or not surname[0].isupper():
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", analysis.text):
            if match.start() <= first or any(m.start <= match.start() < m.end for m in analysis.mentions):
                continue
            if any(p.start <= match.start() < p.end for p in people):
                continue
            # a capitalised word mid-sentence before it, not a title ("… and Akie Abe"; not "When Abe", "Secretary Hegseth")
            before = re.search(
                r"[a-z,;:][ \t]+([A-Z][\w'\u2019-]*)[ \t]+$", analysis.text[max(0, match.start() - 30) : match.start()]
            )
            if re.match(r"\s+[A-Z][a-z]", analysis.text[match.end() : match.end() + 3]) or (
                before and before.group(1) not in title_words and before.group(1).lower() not in MONTHS_AND_DAYS
            ):
                continue  # "Akie Abe", "Kim Yo Jong": another person's full name ("Secretary Hegseth" is his)
            added.append(Mention(match.start(), match.end(), match.group(), entity_id, "surname"))
    for entity_id in {p.entity for p in people if p.entity in analysis.entities}:
        for p in [p for p in people if p.entity == entity_id]:
            if not any(m.start == p.start and m.entity == entity_id for m in analysis.mentions):
                added.append(Mention(p.start, p.end, analysis.text[p.start : p.end], entity_id, "name"))
    if added:
        kept = [m for m in analysis.mentions if not any(a.start < m.end and m.start < a.end for a in added)]
        analysis.mentions = sorted(kept + added, key=lambda m: m.start)


def person_named(analysis: Analysis, name: str, start: int, end: int) -> str | None:
    """The registry's person of this name, or a proposed new one (for the rules that name people by other titles)."""
    return _person(analysis, name, start, end)


def person_as_of(analysis: Analysis, sentence, position: int) -> str:  # noqa: ANN001
    """The date the sentence places a person in office (see `_as_of`)."""
    return _as_of(analysis, sentence, position)


def offices_of(analysis: Analysis, person: str) -> set[str]:
    """The offices the person holds: the registry's, and those this text's claims give."""
    held = {c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == person}
    return set(analysis.context.offices_held.get(person, set())) | held


def person_state(analysis: Analysis, person: str) -> str | None:
    """The one state whose offices the person holds (the registry's offices and states, and those this text's claims
    give); None if not one."""
    offices = offices_of(analysis, person)
    states = {analysis.context.office_state.get(o) for o in offices}
    states |= {c.object for c in analysis.claims if c.relation == "officeOf" and c.subject in offices}
    states.discard(None)
    return states.pop() if len(states) == 1 else None
