"""Rules for what statements and governments say of other states and of agreements, outside any one meeting: the
threats a joint statement or a government names ("expressed concern over X's …", "X's … poses the greatest
challenge"), the day a joint statement was issued (its meeting's day, as the sentence gives it), and a state that
left an agreement ("the U.S. had withdrawn from X": a former party); and who issued a document of state, and when:
the state whose name is the document's possessive ("Japan's new National Security Strategy, … and …"), and the state
or group that approves it ("Japan's Cabinet on Friday approved three documents …: a …, a … and a …", "Tokyo adopted
…", "At the meeting, the Ministers approved and released the revised …") with the day or year of that clause.

Runs after the event rules: a joint statement is the one the event rules proposed for the sentence (or a registered
one the sentence names). Each rule proposes only what its words fit, and otherwise says why not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.items import item_date, item_head, same_item
from alliance_kg.curation.propose.mentions import Mention
from alliance_kg.curation.propose.persons import person_state
from alliance_kg.curation.propose.versions import YEAR_AFTER, YEAR_BEFORE, bare_names, family_of, version_named
from alliance_kg.loaders.sentences import Sentence

# "expressed (deep/serious) concern over China's growing military activity …": the concern's object is a threat the
# speakers name; the words from the state's name to the end of its phrase are the characterisation.
CONCERN = re.compile(
    r"\b(?:express(?:ed|es|ing)?|voic(?:ed|es|ing)|shar(?:ed|es|ing))\s+(?:[a-z]+\s+){0,2}concerns?\s+(?:over|about|at|regarding|with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "X's foreign policy … posed the greatest strategic challenge to …", "X … presents … challenges", "poses a threat"
THREAT_PREDICATE = re.compile(
    r"\b(?:pos(?:es|ed|ing|e)|present(?:s|ed|ing)?|represent(?:s|ed|ing)?|constitut(?:es|ed|ing|e))\s+"
    # the words between qualify the noun; "presented a plan to counter the challenges" is no threat predicate
    r"(?:(?:an?|the|its|their)\s+)?(?:(?!(?:to|of|for|from|against|on|by)\b)[\w,-]+\s+){0,5}?(?:threats?|challenges?)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(?:not|no\s+longer|never)\s+$", re.IGNORECASE)
NOT_A_VERB = re.compile(
    r"\b(?:the|a|an|its|their|these|those|our|his|her)\s+$", re.IGNORECASE
)  # "the present challenges"
# the end of the threat's phrase: a clause break, or the next predicate of the speakers ("…, and said they …")
PHRASE_END = re.compile(
    r"\s*(?:[;:.()\u2014]|,\s*(?:and|but|which|who|saying)\b|\s+and\s+(?:said|called|urged|agreed|reaffirmed|vowed)\b)",
    re.IGNORECASE,
)
# who speaks when no state is named: the people or governments the text is about
GROUP_SPEAKER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:they|the\s+(?:two|three|four)\s+(?:leaders|ministers|secretaries|governments|countries|allies|sides)|"
    r"the\s+(?:leaders|ministers|secretaries|allies|four|three)|both\s+(?:countries|governments|sides))\b",
    re.IGNORECASE,
)
OBJECT_BEFORE = re.compile(r"\b(?:to|for|from|against|with|of|on|by|in|toward|towards)\s+(?:the\s+)?$", re.IGNORECASE)
SAID = re.compile(r"\b(?:said|say|says|saying|stated|noted|agreed|warned|stressed|expressed|voiced)\b", re.IGNORECASE)
WITHDRAWN = re.compile(
    r"\b(?:(?:had|has|have)\s+)?(?:withdr[ae]wn?|pulled\s+out)\s+(?:(?P<object>[\w.]+(?:\s+[\w.]+){0,2})\s+)?(?:from|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# a state's act of approving a document: the verb, and what may stand between a group subject and it
APPROVING = re.compile(
    r"\b(?:approved|adopted|released|issued|unveiled|published|(?P<revised>revised|updated))"
    r"(?:\s+and\s+(?:approved|adopted|released|issued|unveiled|published))?\s+",
    re.IGNORECASE,
)
# a chronology's dated item tells its acts in the present: "- Dec. 16, 2022: The Cabinet approves a new …"
APPROVING_PRESENT = re.compile(
    r"\b(?:approves?|adopts?|enacts?|(?P<revised>revises?))(?:\s+and\s+(?:approves?|adopts?|releases?|issues?))?\s+",
    re.IGNORECASE,
)
NOT_AN_ACT = re.compile(
    r"\b(?:will|would|to|may|might|could|not|never|be|been|being|is|was|were|are|has|have|had)\s+(?:also\s+|formally\s+|jointly\s+)?$",
    re.IGNORECASE,
)  # "are expected to approve", "was approved by": not an act the state's subject performed
CABINET_OF = re.compile(
    r"\b(?:Cabinet|government|administration)\s+of\s+(?:(?:the\s+)?[A-Z][\w.-]*\s+){0,3}", re.IGNORECASE
)  # "the Cabinet of Prime Minister Fumio Kishida": the office holder's government
GROUP_ISSUER = re.compile(
    r"\b(?:the\s+(?:two\s+|four\s+)?(?:ministers|governments|secretaries)|both\s+governments)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "three documents that together …: a new National Security Strategy, …": the verb's object announces a list
DOCUMENTS_WORD = re.compile(r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?documents\b[^:]*:", re.IGNORECASE)
# the gap between two documents of one list: commas, "and", articles and the words of a name the registry lacks
LIST_GAP = re.compile(
    r"(?:\s*(?:,|\band\b|\bthe\b|\ban?\b|\bits\b|\bnew\b|\brevised\b|\bupdated\b|\([A-Z]{2,6}\)|\b[A-Z][\w-]*))*\s*"
)  # "(NSS)": an abbreviation the text gives a name
POSSESSIVE = re.compile(r"(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)['\u2019]s\s")
ISSUE_DATE_KINDS = ("day", "weekday", "year")
# "Sullivan welcomed the documents in a statement on Friday", "Japan said in a statement": a statement of the speaker's
# state, issued that day
IN_A_STATEMENT = re.compile(
    r"\b(?:said|welcomed|announced|noted|stressed|added|praised|condemned|criticized|criticised)\b"
    r"(?P<object>[^.;:,\"\u201c\u201d]{0,80}?)\s+in\s+a\s+(?:written\s+|separate\s+|brief\s+)?statement\b",
    re.IGNORECASE,
)
STATEMENT_BACK = 2
BULLET = re.compile(
    r"[ \t]*[-•*\u2013\u2014][ \t]+(?=[A-Z])"
)  # "The ministers said …" two sentences after the one that names their joint statement


# --- which meeting or list a sentence belongs to (the commitment rules use these too)


# the words that set a sentence (or a list's opening) in a meeting told of before
MEETING_FRAME = re.compile(
    r"\W*(?:at|during|in|over|following)\s+(?:the|their|today['’]s|yesterday['’]s|[A-Z][a-z]+day['’]s)\s+"
    r"(?:[\w-]+\s+)?(?:meeting|talks|summit)\b",
    re.IGNORECASE,
)


def last_meeting(analysis: Analysis, index: int) -> str | None:
    """The last meeting or summit that happened which a sentence before `index` introduced (its participants, date or
    place); None when the last one the text introduced is planned."""
    introduced = [
        c
        for c in analysis.claims
        if c.relation in ("participant", "date", "place")
        and analysis.sentence_index(c.start) < index
        and same_item(analysis, analysis.sentence_index(c.start), index)  # not a chronology's earlier item
        and c.subject not in analysis.passing  # not the older meeting a comparison names
        and c.subject not in analysis.background  # nor one told as background ("where he had met …")
        and (analysis.is_a(c.subject, "Meeting") or analysis.is_a(c.subject, "Summit"))
    ]
    if not introduced:
        return None
    last = max(introduced, key=lambda c: c.start)
    return last.subject if last.modality == "asserted" else None


def list_intro(analysis: Analysis, index: int):
    """The sentence that opens the list a bulleted item belongs to ("During today's meeting, the two Secretaries:"),
    or None when the sentence is no list item."""
    if not BULLET.match(analysis.text, analysis.sentences[index].start) or item_head(analysis, index) is not None:
        return None  # a chronology's dated item is its own context, not a readout's list
    for before in range(index - 1, -1, -1):
        sentence = analysis.sentences[before]
        if BULLET.match(analysis.text, sentence.start):
            continue
        return sentence if analysis.text[sentence.start : sentence.end].rstrip().endswith(":") else None
    return None


def apply_rules(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        _concern_threats(analysis, index, sentence)
        _predicate_threats(analysis, index, sentence)
        _statement_issued(analysis, sentence)
        _withdrawn(analysis, sentence)
        _possessed_documents(analysis, sentence)
        _approved_documents(analysis, index, sentence)
        _adopted_when(analysis, sentence)
        _revisions(analysis, sentence)
        _law_of_a_state(analysis, sentence)
        _version_of_a_year(analysis, sentence)
        _in_force(analysis, sentence)
        _under_revision(analysis, sentence)
        _statement_of_a_state(analysis, sentence)
        _provisions(analysis, index, sentence)


# --- threats


def _states(analysis: Analysis, start: int, end: int) -> list[Mention]:
    return [m for m in analysis.mentions_in(start, end) if analysis.is_a(m.entity, "State") and m.kind == "name"]


def _statements(analysis: Analysis, index: int) -> list[str]:
    """Joint statements of the sentence: proposed for it by the event rules, or named in it."""
    sentence = analysis.sentences[index]
    found = [
        c.subject
        for c in analysis.claims
        if c.start == sentence.start and c.relation == "issuedAt" and c.modality == "asserted"
    ]
    found += [
        m.entity
        for m in analysis.mentions_in(sentence.start, sentence.end)
        if analysis.is_a(m.entity, "JointStatement")
    ]
    return list(dict.fromkeys(found))


def _assessors(analysis: Analysis, index: int, cue_start: int, target: str, spoken: bool) -> list[str]:
    """Who names the threat: the joint statement of the sentence; the states named as the clause's speakers; or, for
    "they"/"the ministers", the statement named just before (what the ministers said is their statement's), else
    the text's two states. `spoken`: the cue is itself what the speakers say ("expressed concern"); else the
    clause must say who said it."""
    sentence = analysis.sentences[index]
    statements = _statements(analysis, index)
    if statements:
        return statements
    clause_start = analysis.clause(sentence, cue_start)[0]
    before = analysis.text[clause_start:cue_start]
    spoken = spoken or SAID.search(before) is not None
    speakers = [m.entity for m in _states(analysis, clause_start, cue_start) if m.entity != target]
    if speakers and spoken:
        return list(dict.fromkeys(speakers))
    if not GROUP_SPEAKER.match(before) or not spoken:
        return []
    for back in range(1, STATEMENT_BACK + 1):
        if index - back >= 0 and (earlier := _statements(analysis, index - back)):
            return earlier
    return [s for s in analysis.main_states() if s != target]


def _propose_threat(
    analysis: Analysis, index: int, assessors: list[str], target: str, words: str, rule: str, evidence: str
) -> None:
    sentence = analysis.sentences[index]
    characterisation = " ".join(words.split())
    for assessor in assessors:
        if assessor == target:
            continue
        analysis.propose(
            ProposedClaim(
                assessor,
                "identifiesThreat",
                target,
                sentence.start,
                sentence.end,
                rule,
                0.6,
                evidence,
                qualifiers={"characterisation": characterisation},
            )
        )


def _phrase(analysis: Analysis, start: int, limit: int) -> int:
    stop = PHRASE_END.search(analysis.text, start, limit)
    return stop.start() if stop else limit


def _concern_threats(analysis: Analysis, index: int, sentence) -> None:
    """ "They expressed concern over China's growing military activity in the East China Sea": the speakers (or their
    statement) identify the state as a threat, in the words of the phrase."""
    text = analysis.text
    for state in _states(analysis, sentence.start, sentence.end):
        cue = CONCERN.search(text[max(sentence.start, state.start - 80) : state.start])
        if (
            cue is None
            or analysis.quoted(state.start)
            or not re.match(r"['\u2019]s\b", text[state.end : state.end + 3])
        ):
            continue  # "concern over China" alone is a topic; "China's <conduct>" names what threatens
        cue_start = state.start - (len(text[max(sentence.start, state.start - 80) : state.start]) - cue.start())
        if NEGATED.search(text[max(sentence.start, cue_start - 12) : cue_start]):
            continue
        assessors = _assessors(analysis, index, cue_start, state.entity, spoken=True)
        if not assessors:
            analysis.why_not(state.start, "a concern over a state whose speakers the rules cannot tell")
            continue
        end = _phrase(analysis, state.end, analysis.clause(sentence, state.start)[1])
        _propose_threat(
            analysis,
            index,
            assessors,
            state.entity,
            text[state.start : end],
            "threat-concern-over",
            text[cue_start:end],
        )


def _predicate_threats(analysis: Analysis, index: int, sentence) -> None:
    """ "… said China's foreign policy … posed the greatest strategic challenge to Japan": the state whose conduct is
    the subject of a threat predicate, named so by the sentence's statement or speakers."""
    text = analysis.text
    states = _states(analysis, sentence.start, sentence.end)
    for predicate in THREAT_PREDICATE.finditer(text, sentence.start, sentence.end):
        before = text[max(sentence.start, predicate.start() - 12) : predicate.start()]
        if analysis.quoted(predicate.start()) or NEGATED.search(before) or NOT_A_VERB.search(before):
            continue
        clause_start = analysis.clause(sentence, predicate.start())[0]
        subjects = [
            m
            for m in states
            if clause_start <= m.start and m.end <= predicate.start() and predicate.start() - m.start <= 140
        ]
        if not subjects:
            continue
        target = subjects[-1]
        if len(subjects) > 1 and not re.match(r"['\u2019]s\b", text[target.end : target.end + 3]):
            continue  # "Japan and the United States said North Korea poses …" keeps the last; a list is no subject
        if OBJECT_BEFORE.search(text[max(clause_start, target.start - 12) : target.start]):
            continue  # "challenges to Japan", "pressure from China": the state is an object, not the predicate's subject
        if re.search(r"\b(?:said|says|told)\b", text[target.end : predicate.start()]):
            continue  # "China, Japan said, poses …" or the state is the speaker
        assessors = _assessors(analysis, index, target.start, target.entity, spoken=False)
        if not assessors:
            analysis.why_not(
                target.start, "a threat whose assessor (a statement or a government) the rules cannot tell"
            )
            continue
        _propose_threat(
            analysis,
            index,
            assessors,
            target.entity,
            text[target.start : predicate.end()],
            "threat-predicate",
            text[target.start : predicate.end()],
        )


# --- joint statements' day


def _statement_issued(analysis: Analysis, sentence) -> None:
    """A joint statement issued at a meeting the sentence dates was issued that day (the event rules' date claim)."""
    for issued in [
        c
        for c in analysis.claims
        if c.start == sentence.start and c.relation == "issuedAt" and c.modality == "asserted"
    ]:
        dated = [
            c
            for c in analysis.claims
            if c.start == sentence.start
            and c.subject == issued.object
            and c.relation == "date"
            and c.modality == "asserted"
        ]
        if len(dated) != 1:
            continue
        date = dated[0]
        analysis.propose(
            ProposedClaim(
                issued.subject,
                "dcterms:issued",
                date.object,
                sentence.start,
                sentence.end,
                "joint-statement-issued-on",
                0.6,
                date.evidence,
                anchor=date.anchor,
            )
        )


# --- former parties


def _withdrawn(analysis: Analysis, sentence) -> None:
    """ "the US had withdrawn from the Trans-Pacific Partnership", "withdrew the U.S. from X": a former party."""
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    for agreement in [m for m in mentions if analysis.is_a(m.entity, "Agreement")]:
        cue = WITHDRAWN.search(text[max(sentence.start, agreement.start - 60) : agreement.start])
        if cue is None or analysis.quoted(agreement.start):
            continue
        cue_at = agreement.start - (
            len(text[max(sentence.start, agreement.start - 60) : agreement.start]) - cue.start()
        )
        if cue.group("object"):
            parties = [m.entity for m in _states(analysis, cue_at, agreement.start)]
        else:
            before = _states(analysis, analysis.clause(sentence, cue_at)[0], cue_at)
            parties = [before[-1].entity] if before and cue_at - before[-1].end <= 30 else []
        if len(parties) != 1:
            analysis.why_not(agreement.start, "a withdrawal from an agreement without the one state that left")
            continue
        modality = (
            "planned"
            if re.search(r"\b(?:will|would|plans?\s+to|to)\s+$", text[max(sentence.start, cue_at - 16) : cue_at])
            else "former"
        )
        if modality == "planned":
            continue  # a withdrawal to come leaves the state a party today: nothing to propose
        analysis.propose(
            ProposedClaim(
                agreement.entity,
                "hasParty",
                parties[0],
                sentence.start,
                sentence.end,
                "agreement-withdrawn-from",
                0.6,
                text[cue_at : agreement.end],
                modality="former",
            )
        )


# --- documents of state: who issued them, and when


def _is_document(analysis: Analysis, entity: str) -> bool:
    """A state's own document (a strategy, a law, a decision), or guidelines the allies approve; joint statements and
    agreements are the event rules'."""
    return analysis.is_a(entity, "Guidelines") or (
        analysis.is_a(entity, "StateDocument")
        and not analysis.is_a(entity, "JointStatement")
        and not analysis.is_a(entity, "Agreement")
    )


def _document_mentions(analysis: Analysis, start: int, end: int, year: int | None = None) -> list[Mention]:
    """The documents of state named between `start` and `end`: by a registry name, or by a name the registry keeps in
    versions ("a new National Security Strategy"), as the version in force in `year` (else the document's year)."""
    found = [m for m in analysis.mentions_in(start, end) if _is_document(analysis, m.entity)]
    for mention, family in bare_names(analysis, start, end):
        version = version_named(analysis, mention, family, year)
        if version is not None:
            found.append(replace(mention, entity=version))
    return sorted(found, key=lambda m: m.start)


def _listed(analysis: Analysis, first: Mention, end: int, year: int | None = None) -> list[Mention]:
    """The document and those listed after it ("Japan's new National Security Strategy, National Defense Strategy and
    Defense Buildup Program"): each next document joined to the one before by commas, "and" and name words only."""
    documents = _document_mentions(analysis, first.end, end, year)
    found, last = [first], first
    for following in documents:
        if following.start - last.end > 80 or not LIST_GAP.fullmatch(analysis.text, last.end, following.start):
            break
        found.append(following)
        last = following
    return found


def state_named(analysis: Analysis, words: str) -> str | None:
    """The registry state a name or alias written as `words` denotes ("Japan", "U.S."), or None."""
    names = analysis.context.cache.get("state-names")
    if names is None:
        names = {}
        for entity in analysis.context.registry.entities.values():
            if analysis.is_a(entity.id, "State"):
                for name in (entity.label, *entity.aliases):
                    names[name.lower()] = entity.id
        analysis.context.cache["state-names"] = names
    return names.get(words.lower())


def _propose_issued(
    analysis: Analysis, sentence, documents: list[Mention], issuers: list[str], rule: str, evidence: str
) -> None:
    for document in dict.fromkeys(m.entity for m in documents):
        for issuer in issuers:
            analysis.propose(
                ProposedClaim(document, "issuedBy", issuer, sentence.start, sentence.end, rule, 0.65, evidence)
            )


def _possessed_documents(analysis: Analysis, sentence) -> None:
    """ "Japan's new National Security Strategy, National Defense Strategy and …", "What Japan's three new security
    documents mean": the state whose possessive names the document issued it (and each document listed with it)."""
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    for document in _document_mentions(analysis, sentence.start, sentence.end):
        owner = POSSESSIVE.match(document.text)
        state = state_named(analysis, owner.group("owner")) if owner else None
        if state is None:  # "Japan's National Defense Program Guidelines": the state's name just before the document
            before = [m for m in mentions if m.end <= document.start and analysis.is_a(m.entity, "State")]
            if (
                before
                and before[-1].kind == "name"
                and re.fullmatch(
                    r"['\u2019]s\s+(?:(?:new|revised|updated|latest|first|own)\s+)?",
                    text[before[-1].end : document.start],
                )
            ):
                state = before[-1].entity
                owner_start = before[-1].start
            else:
                continue
        else:
            owner_start = document.start
        listed = _listed(analysis, document, sentence.end)
        _propose_issued(
            analysis, sentence, listed, [state], "document-of-state-possessive", text[owner_start : listed[-1].end]
        )


def approver(analysis: Analysis, sentence: Sentence, verb_start: int) -> tuple[list[str], int]:
    """Who approves: a state (or its capital, or "<State>'s Cabinet/government") that is the clause's subject, near the
    verb and not the object of a preposition; or the ministers / the two governments, for the text's two states. With
    where that subject begins."""
    text = analysis.text
    clause_start = analysis.clause(sentence, verb_start)[0]
    capitals = {
        name: state for state, names in analysis.context.lexicon.capitals.items() for name in names
    }  # "Tokyo adopted …": a capital found as the registry's place still stands for its government here
    named = [
        replace(m, entity=capitals[m.text], kind="capital") if m.text in capitals else m
        for m in analysis.mentions_in(clause_start, verb_start)
    ]
    states = [
        m
        for m in named
        if analysis.is_a(m.entity, "State")
        and (m.kind in ("name", "capital") or re.match(r"\s+government\b", text[m.end : m.end + 12]))
        and verb_start - m.end <= 60
        and not re.search(
            r"\b(?:to|for|from|against|with|of|on|by|in|over|about|toward|towards|than)\s+(?:the\s+)?$",
            text[max(sentence.start, m.start - 12) : m.start],
        )
    ]
    if states:
        return [states[-1].entity], states[-1].start
    for person in [m for m in named if analysis.is_a(m.entity, "Person") and verb_start - m.end <= 40]:
        # "The Cabinet of Prime Minister Fumio Kishida approves …": the government of the office holder's state
        government = CABINET_OF.search(text, clause_start, person.start)
        state = person_state(analysis, person.entity)
        if government is not None and government.end() == person.start and state is not None:
            return [state], government.start()
    if group := GROUP_ISSUER.search(text, clause_start, verb_start):
        return _group_states(analysis, sentence), group.start()
    return [], verb_start


def _group_states(analysis: Analysis, sentence) -> list[str]:
    """Whose ministers "the ministers" are: the states whose offices the participants of the meeting the sentence is
    set at hold ("At the meeting, the ministers …"), else the text's two states."""
    index = analysis.sentence_index(sentence.start)
    meeting = last_meeting(analysis, index + 1) if MEETING_FRAME.match(analysis.text, sentence.start) else None
    states: list[str] = []
    for person in [c.object for c in analysis.claims if c.subject == meeting and c.relation == "participant"]:
        offices = set(analysis.context.offices_held.get(person, set()))
        offices |= {c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == person}
        states += [s for o in offices if (s := analysis.context.office_state.get(o)) and analysis.is_a(s, "State")]
    return list(dict.fromkeys(states)) or analysis.main_states()


def _issue_date(analysis: Analysis, index: int, sentence, subject_start: int, verb_start: int):
    """The day or year the approving clause gives from its subject on ("Japan's Cabinet on Friday approved …", "…
    in 2013"), else, for a sentence set at a meeting ("At the meeting, the Ministers approved …"), that meeting's date
    as the event rules give it. A month or a relative date ("last month") is left to the reviewer; the date of an
    earlier clause ("met on Friday, … since Tokyo adopted …") is another event's."""
    clause_end = analysis.clause(sentence, verb_start)[1]
    dates = analysis.dates_in(subject_start, clause_end)
    if any(d.kind not in ISSUE_DATE_KINDS or d.needs_anchor for d in dates):
        return None
    if len({d.expression for d in dates}) == 1:
        return dates[0].expression, None, dates[0].text
    if dates or not MEETING_FRAME.match(analysis.text, sentence.start, sentence.end):
        return None
    meeting = last_meeting(analysis, index)
    dated = [c for c in analysis.claims if c.subject == meeting and c.relation == "date" and c.modality == "asserted"]
    if meeting is None or len({c.object for c in dated}) != 1:
        return None
    return dated[0].object, dated[0].anchor, dated[0].evidence


def _version(analysis: Analysis, document: Mention, date) -> Mention:
    """ "approved and released the revised Guidelines" on a day of 2015: the registry's version of that year
    ("<id>/2015", or the one in force then), when it keeps the document's versions apart."""
    year = _year_of(analysis, date)
    family = family_of(analysis, document.entity)
    if year is None or family is None or family.base != document.entity:
        return document
    versioned = family.in_force(year)  # approved in 1978: the version in force before the 1997 revision
    return replace(document, entity=versioned) if versioned is not None else document


def _approved_documents(analysis: Analysis, index: int, sentence) -> None:
    """ "Japan's Cabinet on Friday approved three documents …: a new National Security Strategy, …", "Tokyo adopted
    three new security documents", "At the meeting, the Ministers approved and released the revised Guidelines …",
    "- Dec. 16, 2022: The Cabinet approves a new National Security Strategy": the approving state (or the text's two
    states) issued each document the verb takes, on the clause's (or the dated item's) date, and it is adopted. A
    document the subject "revised" is the new version, which revises the one before it."""
    text = analysis.text
    verbs = list(APPROVING.finditer(text, sentence.start, sentence.end))
    if item_head(analysis, index) is not None:
        verbs += list(APPROVING_PRESENT.finditer(text, sentence.start, sentence.end))
    for verb in verbs:
        before = text[max(sentence.start, verb.start() - 30) : verb.start()]
        if analysis.quoted(verb.start()) or NOT_AN_ACT.search(before) or re.search(r"\b(?:a|an|the)\s+$", before):
            continue
        issuers, subject_start = approver(analysis, sentence, verb.start())
        date = _issue_date(analysis, index, sentence, subject_start, verb.start()) or item_day(analysis, index)
        year = _year_of(analysis, date)
        following = _document_mentions(analysis, verb.end(), sentence.end, year)
        documents: list[Mention] = []
        if following and re.fullmatch(
            r"(?:(?:the|its|their|a|an|three|two|four|new|revised|updated|first)\s+)*",
            text[verb.end() : following[0].start],
        ):
            documents = _listed(analysis, following[0], sentence.end, year)
        elif (listing := DOCUMENTS_WORD.match(text, verb.end(), sentence.end)) is not None:
            after = [m for m in following if m.start >= listing.end()]
            if after and LIST_GAP.fullmatch(text, listing.end(), after[0].start):
                documents = _listed(analysis, after[0], sentence.end, year)
        if not documents:
            continue
        documents = [_version(analysis, m, date) for m in documents]
        evidence = text[analysis.clause(sentence, verb.start())[0] : documents[-1].end].strip()
        for document in dict.fromkeys(m.entity for m in documents):
            _propose_status(analysis, sentence, document, "adopted", "document-approved-status", verb.group().strip())
            family = family_of(analysis, document) if verb.group("revised") else None
            if family is not None and (previous := family.previous(document)) is not None:
                analysis.propose(
                    ProposedClaim(
                        document, "revises", previous, sentence.start, sentence.end, "document-revised", 0.6, evidence
                    )
                )
        meeting = last_meeting(analysis, index) if MEETING_FRAME.match(text, sentence.start, sentence.end) else None
        for document in dict.fromkeys(m.entity for m in documents) if meeting else ():
            # "At the meeting, the Ministers approved and released the revised Guidelines": issued at that meeting
            analysis.propose(
                ProposedClaim(
                    document, "issuedAt", meeting, sentence.start, sentence.end, "document-approved-at", 0.6, evidence
                )
            )
        if issuers:
            _propose_issued(analysis, sentence, documents, issuers, "document-approved-by", evidence)
        else:
            analysis.why_not(verb.start(), "a document approved by a body whose state the rules cannot tell")
        if date is None:
            continue  # the day of an act is the document's whoever acted
        expression, anchor, words = date
        for document in dict.fromkeys(m.entity for m in documents):
            analysis.propose(
                ProposedClaim(
                    document,
                    "dcterms:issued",
                    expression,
                    sentence.start,
                    sentence.end,
                    "document-approved-on",
                    0.6,
                    words,
                    anchor=anchor,
                )
            )


def item_day(analysis: Analysis, index: int) -> tuple[str, None, str] | None:
    """The day (or year) a chronology's dated item opens with, for the act it tells ("- Dec. 16, 2022: …")."""
    dated = item_date(analysis, index)
    if dated is None or dated[0].kind not in ISSUE_DATE_KINDS or dated[0].needs_anchor:
        return None
    return dated[0].expression, None, dated[0].text


def _year_of(analysis: Analysis, date) -> int | None:
    """The calendar year of a (expression, anchor, words) date, when it lies in one."""
    if date is None or date[1] is not None:
        return None
    value = analysis.resolve(date[0])
    return value.earliest.year if value is not None and value.earliest.year == value.latest.year else None


def _propose_status(
    analysis: Analysis, sentence, document: str, status: str, rule: str, evidence: str, **extra
) -> None:
    analysis.propose(
        ProposedClaim(document, "status", status, sentence.start, sentence.end, rule, 0.6, evidence, **extra)
    )


# --- when a document was adopted, and what it replaced

# "Japan's National Security Strategy, adopted in December 2022", "…, first adopted in 2013 under …"
ADOPTED_WHEN = re.compile(
    r"(?:\s*\([A-Z]{2,6}\))?\s*,?\s+(?:which\s+was\s+)?(?:first\s+|originally\s+)?"
    r"(?:adopted|approved|issued|released|published|unveiled|enacted)\s+(?:in|on)\s+$"
)
# "The National Defense Strategy replaces the National Defense Program Guidelines", "the new Guidelines replace those
# of 1997"; "will replace" is a plan
REPLACES = re.compile(
    r"\s*,?\s*(?:which\s+)?(?P<will>will\s+|would\s+|is\s+to\s+|are\s+to\s+)?"
    r"(?:replac(?:es|ed|e)|supersed(?:es|ed|e))\s+(?:the\s+|its\s+|their\s+)?(?:(?P<those>those|that|the\s+ones?)\s+of\s+(?P<year>(?:19|20)\d{2})\b)?",
    re.IGNORECASE,
)
# "The Guidelines … were then revised in 1997 and again in 2015": each year's version revises the one before
REVISED_IN = re.compile(
    r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?revised\s+in\s+(?P<years>(?:19|20)\d{2}"
    r"(?:\s*(?:,|and|,\s*and)\s+(?:again\s+|once\s+more\s+)?in\s+(?:19|20)\d{2})*)",
    re.IGNORECASE,
)


def _adopted_when(analysis: Analysis, sentence) -> None:
    """ "The National Security Strategy, first adopted in 2013 under Prime Minister Shinzo Abe, …", "its National
    Security Strategy, adopted in December 2022": the document (the version of that year) was issued then, by the
    state the registry keeps it for."""
    text = analysis.text
    for date in analysis.dates_in(sentence.start, sentence.end):
        if date.kind not in ("day", "month", "year") or analysis.quoted(date.start):
            continue
        year = _year_of(analysis, (date.expression, None, date.text))
        documents = [
            m
            for m in _document_mentions(analysis, sentence.start, date.start, year)
            if ADOPTED_WHEN.fullmatch(text, m.end, date.start)
        ]
        for document in documents:
            document = _version(analysis, document, (date.expression, None, date.text))
            words = text[document.start : date.end]
            analysis.propose(
                ProposedClaim(
                    document.entity,
                    "dcterms:issued",
                    date.expression,
                    sentence.start,
                    sentence.end,
                    "document-adopted-in",
                    0.6,
                    words,
                )
            )
            family = family_of(analysis, document.entity)
            if family is not None and family.state is not None:  # "Japan's national strategy": its state's own
                analysis.propose(
                    ProposedClaim(
                        document.entity,
                        "issuedBy",
                        family.state,
                        sentence.start,
                        sentence.end,
                        "document-adopted-in",
                        0.55,
                        words,
                    )
                )


def _revisions(analysis: Analysis, sentence) -> None:
    """What a document replaced ("X replaces Y", "the new Guidelines replace those of 1997"), and the versions a
    document was revised into ("were revised in 1997 and again in 2015", each issued that year). A revision a
    government plans ("plans to revise its National Security Strategy") proposes no status: the build holds a status
    only as fact."""
    text = analysis.text
    documents = _document_mentions(analysis, sentence.start, sentence.end)
    for index, document in enumerate(documents):
        if analysis.quoted(document.start):
            continue
        replaced = REPLACES.match(text, document.end, sentence.end)
        if replaced is not None:
            old = None
            if replaced.group("those") and (family := family_of(analysis, document.entity)) is not None:
                old = family.of_year(int(replaced.group("year")))
            elif index + 1 < len(documents) and documents[index + 1].start == replaced.end():
                old = documents[index + 1].entity
            if old is not None and old != document.entity:
                analysis.propose(
                    ProposedClaim(
                        document.entity,
                        "revises",
                        old,
                        sentence.start,
                        sentence.end,
                        "document-replaces",
                        0.6,
                        text[document.start : replaced.end()] + ("" if replaced.group("those") else "…"),
                        modality="planned" if replaced.group("will") else "asserted",
                    )
                )
        revised = REVISED_IN.match(text, document.end, sentence.end)
        family = family_of(analysis, document.entity)
        if revised is not None and family is not None:
            for year in re.findall(r"\d{4}", revised.group("years")):
                version = family.of_year(int(year))
                previous = family.previous(version) if version else None
                if version is None or previous is None:
                    continue
                words = text[document.start : revised.end()]
                analysis.propose(
                    ProposedClaim(
                        version, "revises", previous, sentence.start, sentence.end, "document-revised-in", 0.6, words
                    )
                )
                analysis.propose(
                    ProposedClaim(
                        version, "dcterms:issued", year, sentence.start, sentence.end, "document-revised-in", 0.6, words
                    )
                )


def _version_of_a_year(analysis: Analysis, sentence) -> None:
    """ "the Guidelines of 1997", "the 2015 version of the defense guidelines": a version the registry keeps, named with
    the year it was issued."""
    text = analysis.text
    for document in _document_mentions(analysis, sentence.start, sentence.end):
        family = family_of(analysis, document.entity)
        version = next((v for v in family.versions if v.id == document.entity), None) if family else None
        if version is None or version.before or analysis.quoted(document.start):
            continue
        written = YEAR_AFTER.match(text, document.end) or YEAR_BEFORE.search(
            text, max(0, document.start - 30), document.start
        )
        year = written.group("year") if written else next(iter(re.findall(r"\b(?:19|20)\d{2}\b", document.text)), None)
        if year is None or int(year) != version.year:
            continue
        words = text[
            min(document.start, written.start() if written else document.start) : max(
                document.end, written.end() if written else document.end
            )
        ]
        analysis.propose(
            ProposedClaim(
                document.entity, "dcterms:issued", year, sentence.start, sentence.end, "document-of-a-year", 0.6, words
            )
        )


# "… entered into force", "took effect": the document of the clause's subject is in force (one that "will enter into
# force" or "is due to take effect" is not yet, and the build holds a status only as fact)
IN_FORCE = re.compile(
    r"\b(?:(?:entered|enters|came|comes|went|goes)\s+into\s+(?:force|effect)|took\s+effect|takes\s+effect)\b",
    re.IGNORECASE,
)
SUBJECT_GAP = re.compile(
    r"(?:\s*\([^()]{1,40}\))?(?:\s*,[^,;]{1,80},)?\s+(?:(?:has|have|had|officially|formally|finally)\s+)*"
)


def _in_force(analysis: Analysis, sentence) -> None:
    """ "The reciprocal access agreement entered into force on Wednesday", "- June 23, 1960: The treaty enters into
    force": the document the clause's subject names is in force."""
    text = analysis.text
    for verb in IN_FORCE.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(verb.start()) or NOT_AN_ACT.search(
            text[max(sentence.start, verb.start() - 20) : verb.start()]
        ):
            continue
        clause_start = analysis.clause(sentence, verb.start())[0]
        named = _document_mentions(analysis, clause_start, verb.start()) + [
            m for m in analysis.mentions_in(clause_start, verb.start()) if analysis.is_a(m.entity, "Agreement")
        ]  # treaties and agreements too: they are what enters into force
        subjects = sorted((m for m in named if SUBJECT_GAP.fullmatch(text, m.end, verb.start())), key=lambda m: m.start)
        if subjects:
            _propose_status(
                analysis,
                sentence,
                subjects[-1].entity,
                "in force",
                "document-in-force",
                text[subjects[-1].start : verb.end()],
            )


# "The government is revising its National Security Strategy", "as Japan moves forward with revising its NSS, NDPG,
# and MTDP", "Tokyo is in the process of reviewing the guidelines": a revision under way now (one only planned, "plans
# to revise", is no status the build can hold; one told in the past, "was revising", no status of today)
REVISING = re.compile(
    r"\b(?:(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|currently\s+|already\s+)?"
    r"(?:in\s+the\s+(?:midst|middle|process)\s+of\s+)?"
    r"|(?:moves?|moving|pressing|presses|pushing|pushes)\s+(?:forward|ahead)\s+with\s+)"
    r"(?:revising|reviewing|updating|rewriting)\s+",
    re.IGNORECASE,
)
REVISED_DOCUMENT_GAP = re.compile(r"(?:(?:its|their|the|[A-Z][\w.-]*['\u2019]s)\s+)?(?:(?:three|key|main)\s+)?")


def _under_revision(analysis: Analysis, sentence) -> None:
    """A state revising its documents now: each is under revision, as the version in force before the text's year
    (the revision under way is not yet issued)."""
    text = analysis.text
    year = analysis.source.date.earliest.year - 1
    for verb in REVISING.finditer(text, sentence.start, sentence.end):
        clause_start = analysis.clause(sentence, verb.start())[0]
        if analysis.quoted(verb.start()) or not any(
            analysis.is_a(m.entity, "State")
            and not OBJECT_BEFORE.search(text[max(clause_start, m.start - 12) : m.start])
            for m in analysis.mentions_in(clause_start, verb.start())
        ):
            continue  # who revises must be a government the clause names, not "analysts (in Japan) are reviewing"
        following = _document_mentions(analysis, verb.end(), sentence.end, year)
        if not following or not REVISED_DOCUMENT_GAP.fullmatch(text, verb.end(), following[0].start):
            continue
        if re.match(r"['\u2019]s\b", text[following[0].end : following[0].end + 3]):
            continue  # "is reviewing the National Defense Strategy's spending goals": what is reviewed is another thing
        documents = _listed(analysis, following[0], sentence.end, year)
        for document in dict.fromkeys(m.entity for m in documents):
            _propose_status(
                analysis,
                sentence,
                document,
                "under revision",
                "document-under-revision",
                text[verb.start() : documents[-1].end].strip(),
            )


# --- a state's law, named by its owner ("China's new coast guard law", "a new Chinese law that …")

# after the state's possessive or nationality word: the words that name the law, up to its head noun
LAW_WORDS = re.compile(
    r"(?:['\u2019]s)?\s+(?P<new>(?:new|revised|controversial|landmark|updated)\s+)?"
    r"(?P<words>(?:(?!(?:and|or|of|the|a|an|to|that|which|enacts|enacted|passes|passed|approves|approved|adopts|"
    r"adopted)\b)[a-z][\w-]*\s+){0,3}?)(?P<head>law|legislation)\b"
    r"(?!\s+(?:enforcement|firms?|schools?|makers?|professors?|students?|and\s+order))"
)  # "under Japanese law" names a legal order, not one law: an adjective or the law's own words are needed


def _law_of_a_state(analysis: Analysis, sentence) -> None:
    """ "China's new coast guard law", "a new Chinese law that allows …", "Japan's security legislation": a law its
    owner's possessive or nationality word names right before it. The registry keeps few
    laws, so each is proposed as a new document of state for the reviewer, issued by that state."""
    text = analysis.text
    for owner in analysis.mentions_in(sentence.start, sentence.end):
        if not analysis.is_a(owner.entity, "State") or owner.kind not in ("name", "demonym"):
            continue
        law = LAW_WORDS.match(text, owner.end, sentence.end)
        possessive = text[owner.end : owner.end + 2] in ("'s", "\u2019s")
        if law is None or (owner.kind == "name" and not possessive) or analysis.quoted(owner.start):
            continue  # "Japan law firms": a state's name without its possessive owns nothing
        new_before = re.search(
            r"\b(?:new|revised|controversial|landmark|updated)\s+$", text[max(0, owner.start - 16) : owner.start]
        )
        if not law.group("new") and not law.group("words") and new_before is None:
            continue  # "under Japanese law": the legal order, not a law ("a new Chinese law" is one)
        inside = analysis.mentions_in(owner.end, law.end())
        if any(analysis.is_a(m.entity, "StateDocument") or analysis.is_a(m.entity, "State") for m in inside):
            continue  # a registered document, or another state's name, inside the words: not a law of this kind
        words = " ".join(f"{law.group('words')}{law.group('head')}".split())
        label = f"{analysis.label(owner.entity)}'s {words}"
        identifier = next(
            (e.id for e in analysis.entities.values() if e.label == label),
            None,
        ) or analysis.free_id(f"law/{slug(label)}"[:60])
        analysis.entity(
            ProposedEntity(
                identifier,
                "StateDocument",
                label,
                f"The law of {analysis.label(owner.entity)} that document {analysis.source.id} names.",
                "law-of-a-state",
                0.5,
                owner.start,
                law.end(),
            )
        )
        analysis.propose(
            ProposedClaim(
                identifier,
                "issuedBy",
                owner.entity,
                sentence.start,
                sentence.end,
                "law-of-a-state",
                0.55,
                text[owner.start : law.end()],
            )
        )


# --- what a document's listed provisions name

PROVISION_TOPICS = ("SecurityDomain", "Capability", "Region")
DOCUMENT_INTRO = re.compile(
    r"\W*The\s+(?:new\s+|revised\s+|updated\s+)?(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s*:\s*$"
)


def _provisions(analysis: Analysis, index: int, sentence) -> None:
    """ "The new Guidelines: - Establish cooperation in space and cyberspace, …": a list whose opening names, by a word of
    its name, the document the text last said was approved lists what that document provides for; the domains,
    capabilities and regions an item names are what the document concerns."""
    intro = list_intro(analysis, index)
    if intro is None or not BULLET.match(analysis.text, sentence.start):
        return
    opening = DOCUMENT_INTRO.match(analysis.text, intro.start, intro.end)
    if opening is None:
        return
    approved = [
        c
        for c in sorted(analysis.claims, key=lambda c: c.start)
        if c.rule == "document-approved-by" and c.start < intro.start
    ]
    if not approved:
        return
    document = approved[-1].subject
    words = set(re.findall(r"[a-z]+", analysis.label(document).lower()))
    if not set(re.findall(r"[a-z]+", opening.group("name").lower())) <= words:
        return  # "The new Guidelines:" for the Guidelines approved; not a list of something else
    for mention in analysis.mentions_in(sentence.start, sentence.end):
        if any(analysis.is_a(mention.entity, kind) for kind in PROVISION_TOPICS):
            analysis.propose(
                ProposedClaim(
                    document,
                    "concerns",
                    mention.entity,
                    sentence.start,
                    sentence.end,
                    "provision-of-a-document",
                    0.5,
                    f"{opening.group().strip()} … {mention.text}",
                )
            )


# --- a statement a state's office holder or government gives


def _speaker_state(analysis: Analysis, sentence, verb_start: int) -> tuple[str, str] | None:
    """The speaker that opens the clause and its state: a state by name, a seat of government that speaks for it (the
    lexicon's "White House"), or a person whose office (as the text or the graph gives it) is one state's. None when
    the clause opens otherwise ("Officials said …")."""
    clause_start = analysis.clause(sentence, verb_start)[0]
    for state, seats in analysis.context.lexicon.seats.items():
        names = "|".join(re.escape(seat) for seat in sorted(seats, key=len, reverse=True))
        seat = re.search(
            rf"\b(?:the\s+)?(?:{names})\s+(?:(?:also|on\s+\w+)\s+)?$", analysis.text[clause_start:verb_start]
        )
        if seat is not None and analysis.is_a(state, "State"):  # "The White House said in a statement"
            return state, state
    before = [m for m in analysis.mentions_in(clause_start, verb_start) if verb_start - m.end <= 40]
    if not before:
        return None
    speaker = before[-1]
    if not re.fullmatch(r"\s*(?:(?:also|on\s+\w+)\s+)?", analysis.text[speaker.end : verb_start]):
        return None  # the speaker is the verb's subject, right before it
    if analysis.is_a(speaker.entity, "State") and speaker.kind == "name":
        return speaker.entity, speaker.entity
    if not analysis.is_a(speaker.entity, "Person"):
        return None
    state = person_state(analysis, speaker.entity)
    return (speaker.entity, state) if state is not None else None


def _statement_of_a_state(analysis: Analysis, sentence) -> None:
    """ "U.S. National Security Adviser Jake Sullivan welcomed the documents in a statement on Friday": a statement
    (proposed as a new document for the reviewer) issued by the speaker's state, on the day the clause gives, about
    the documents, agreements or places the verb takes."""
    text = analysis.text
    for match in IN_A_STATEMENT.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(match.start()) or NOT_AN_ACT.search(
            text[max(sentence.start, match.start() - 30) : match.start()]
        ):
            continue
        speaker = _speaker_state(analysis, sentence, match.start())
        if speaker is None:
            analysis.why_not(match.start(), "a statement whose speaker's state the rules cannot tell")
            continue
        who, state = speaker
        clause_end = analysis.clause(sentence, match.start())[1]
        dates = [d for d in analysis.dates_in(match.end(), clause_end) if d.kind in ("day", "weekday")]
        day = dates[0] if dates and re.fullmatch(r"\s+on\s+", text[match.end() : dates[0].start]) else None
        label = f"Statement of {analysis.label(who)}" + (f" ({day.text})" if day else "")
        identifier = analysis.free_id(f"statement/{slug(analysis.label(who))}-{analysis.document_date()}"[:70])
        analysis.entity(
            ProposedEntity(
                identifier,
                "StateDocument",
                label,
                f"The statement {analysis.label(who)} gave, as document {analysis.source.id} reports it.",
                "statement-of-a-state",
                0.5,
                match.start(),
                match.end(),
            )
        )
        words = text[match.start() : day.end if day else match.end()]
        analysis.propose(
            ProposedClaim(
                identifier, "issuedBy", state, sentence.start, sentence.end, "statement-of-a-state", 0.6, words
            )
        )
        if day is not None:
            analysis.propose(
                ProposedClaim(
                    identifier,
                    "dcterms:issued",
                    day.expression,
                    sentence.start,
                    sentence.end,
                    "statement-of-a-state-on",
                    0.55,
                    words,
                )
            )
        for topic in analysis.mentions_in(match.start("object"), match.end("object")):
            if any(analysis.is_a(topic.entity, k) for k in ("StateDocument", "Agreement", "Place", "Region")):
                analysis.propose(
                    ProposedClaim(
                        identifier,
                        "concerns",
                        topic.entity,
                        sentence.start,
                        sentence.end,
                        "statement-of-a-state",
                        0.5,
                        words,
                    )
                )
