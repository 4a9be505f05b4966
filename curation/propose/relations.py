"""Rules for the relations that do not hang on an event: Article V's domains, articles of treaties, capabilities
developed or acquired, memberships, places within places, and (with low confidence) threats.

Each rule reads one clause, proposes only what its pattern fits, with the modality the clause's words give
("will acquire" is planned, "agreed to develop" agreed-to-pursue, "talks on developing" under negotiation), and
otherwise says why it proposed nothing, for the sentence's `unclaimed:` note.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose import documents
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import new_place, similar_entities
from alliance_kg.curation.propose.commitment_speakers import subject_person
from alliance_kg.curation.propose.event_details import CAPABILITY_HEADS, TWO_SIDES
from alliance_kg.curation.propose.mentions import Mention, name_pattern
from alliance_kg.curation.propose.persons import person_state, state_of_word

DOMAIN_WORDS = [
    ("cyber", re.compile(r"\bcyber\w*", re.IGNORECASE)),
    ("space", re.compile(r"\b(?:outer[-\s]?)?space\b(?![-\s]?(?:exploration|agency|industry|program))", re.IGNORECASE)),
    # "sea" only as a common noun: "the East China Sea" names a place, not the maritime domain
    ("maritime", re.compile(r"\b(?:[Mm]aritime|MARITIME|sea)\b")),
    ("land", re.compile(r"\bland\b(?![-\s]based)", re.IGNORECASE)),
    ("air", re.compile(r"\bair\b(?![-\s]?(?:craft|port|base|force|lines?|defen[cs]e|self))", re.IGNORECASE)),
]
COVERAGE = re.compile(
    r"\b(?:appl(?:y|ies|ied|icable)|cover(?:s|ed|age)?|extend(?:s|ed|ing)?|includ(?:e|es|ed|ing)|invok(?:e|es|ed)|"
    r"trigger(?:s|ed|ing)?|scope|"
    # "a cyber attack could … constitute an armed attack for the purposes of Article V": how news reports say it
    r"(?:constitut(?:e|es|ed|ing)|amount(?:s|ed)?\s+to|count(?:s|ed)?\s+as|be\s+(?:considered|deemed))\s+an\s+armed\s+attack)\b",
    re.IGNORECASE,
)
ARTICLE_CLAUSE = re.compile(r"\bdefen[cs]e\s+obligation\s+clause\b|\bmutual\s+defen[cs]e\s+clause\b", re.IGNORECASE)
ACQUIRE = re.compile(
    r"\b(?:acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|buy(?:s|ing)?|bought|procur(?:e|es|ed|ing)|(?:the\s+)?acquisition\s+of|(?:the\s+)?purchase\s+of)\b",
    re.IGNORECASE,
)
DEVELOP = re.compile(
    r"\b(?:(?:co-|jointly\s+)?develop(?:s|ed|ing)?(?:\s+and\s+(?:produce|manufacture|build|field|deploy)[a-z]*)?|(?:joint\s+|co-)?development\s+(?:and\s+production\s+)?of)\b",
    re.IGNORECASE,
)
NP_END = re.compile(
    r"\s*(?:[,.;:()\u2014]|\b(?:that|which|who|to|for|from|by|in|on|at|with|under|as|than|and\s+(?:to|the|will|would))\b)",
    re.IGNORECASE,
)
DETERMINERS = re.compile(
    r"^(?:(?:a|an|the|its|their|his|her|new|more|additional|further|some|such|its own|advanced|next-generation)\s+)+",
    re.IGNORECASE,
)
# a name before a registry capability's words makes another, particular one ("Tomahawk cruise missiles")
NAMED_BEFORE = re.compile(r"(?-i:[A-Z0-9][\w-]*)\s+$")
QUANTITY = re.compile(r"^(?:up to\s+|about\s+|some\s+|around\s+)?(?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+")
MEMBER_OF = re.compile(
    r"\b(?:is|are|was|were|as|became|become|becoming)\s+(?:a\s+|an\s+|the\s+)?(?:full\s+|founding\s+|permanent\s+|non-?permanent\s+)?members?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
GROUPING = re.compile(
    r"^\s*(?:\(|\u2014|-|,)?\s*(?:(?:defen[cs]e\s+)?(?:technology\s+)?(?:grouping|group|arrangement|partnership|partners|members|framework|pact)\s+)?(?:of|among|between|comprising|including|with|\u2014|\(|,)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
THREAT_FROM = re.compile(
    r"(?P<words>\b(?:(?!(?:the|their|a|an|its|of|and)\b)[a-z-]+(?<!ed)\s+){0,2}(?:threats?|challenges?))\s+(?:posed\s+by|from|emanating\s+from|of)\s+$",
    re.IGNORECASE,
)
NAMED_AS = re.compile(
    r"^\s+as\s+(?P<words>(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,4}(?:threat|challenge|concern))\b",
    re.IGNORECASE,
)
NAMING_VERB = re.compile(
    r"\b(?:nam(?:ed|es|ing)|call(?:ed|s|ing)|describ(?:ed|es|ing)|identif(?:ied|ies|ying)|characteri[sz](?:ed|es|ing)|label(?:l?ed|s)?|designat(?:ed|es))\s+$",
    re.IGNORECASE,
)

# "accused the United States of exaggerating the threat from China": a threat the sentence says is overstated is
# no one's assessment in it (the speaker disputes it; the one accused is not quoted as holding it)
DISPUTED_THREAT = re.compile(
    r"\b(?:exaggerat|overstat|inflat|hyp|overplay|play(?:s|ed|ing)?\s+up)\w*\s+(?:the\s+|a\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)


STATE_PAIR = re.compile(r"[-\u2010-\u2015]")
BETWEEN = re.compile(r"^\s+(?:between|among|of)\s+(?:the\s+)?$", re.IGNORECASE)
ADOPTED = re.compile(
    r"(?<!\ban\s)(?<!\ba\s)(?<!\bthe\s)\b(?:adopted|approved|released|unveiled|issued|published|revised|updated)\s+(?:its|their|the)?\s*(?:new\s+|revised\s+|updated\s+)?$",
    re.IGNORECASE,
)
NEW_DOCUMENT = re.compile(r"['\u2019]s\s+(?:new|newly\s+revised|revised|updated|latest|first)\s+$", re.IGNORECASE)
UNDER_REVISION = re.compile(
    r"\b(?:under\s+revision|being\s+revised|(?:the\s+)?revision\s+(?:of|process)|revising)\b", re.IGNORECASE
)
UNDER_NEGOTIATION = re.compile(
    r"\b(?:under\s+negotiation|being\s+negotiated|still\s+negotiating|negotiations\s+(?:on|over|for))\b", re.IGNORECASE
)
PLANNED_TALKS = re.compile(
    r"\b(?:due\s+to\s+(?:start|begin|resume|open)|will\s+(?:start|begin|resume|open)|to\s+(?:start|begin|resume|open)|plans?\s+to)\b",
    re.IGNORECASE,
)
SEAT = re.compile(
    r"(?:['\u2019]s|\bits|\btheir|\b(?:holds?|held|has|have|won|occupies|took)\s+(?:a|the|one))\s+(?:(?:non-?permanent|permanent|rotating|two-year)\s+)*seat\s+(?:in|on|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PRESIDENCY = re.compile(r"^\s+(?:presidency|chairmanship|chair)\b", re.IGNORECASE)
ASSESSING_GROUP = re.compile(
    r"\b(?:the\s+(?:two\s+)?leaders|the\s+allies|the\s+two\s+(?:countries|governments|nations|sides)|both\s+(?:countries|governments|sides)|the\s+(?:two\s+)?ministers)\b",
    re.IGNORECASE,
)


def apply_rules(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        _coverage(analysis, sentence)
        _article_of(analysis, sentence)
        _capabilities(analysis, sentence)
        _memberships(analysis, sentence)
        _located_in(analysis, sentence)
        _threats(analysis, sentence)
        _parties(analysis, sentence)
        _documents(analysis, sentence)
        _spending(analysis, sentence)
    documents.apply_rules(analysis)


# --- spending targets: "Japan will raise defense spending to 2% of GDP by 2027"

SPENDING = re.compile(
    # "defense-related spending", "spending on defense and related areas" too
    r"\b(?P<what>defen[cs]e(?:-related)?\s+(?:spending|budgets?|expenditures?|outlays)|spending\s+on\s+defen[cs]e)\b"
    r"(?P<between>[^.;]{0,80}?)"
    r"(?P<figure>(?:the\s+)?(?:about\s+|around\s+|roughly\s+|some\s+)?(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per\s+cent)"
    r"(?:\s+(?:of|of\s+its|of\s+the\s+country's)\s+(?:GDP|gross\s+domestic\s+product|economic\s+output)|\s+mark))"
    r"(?:\s+by\s+(?:fiscal\s+(?:year\s+)?)?(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)


ABANDONED = re.compile(
    r"\b(?:done\s+away\s+with|abandon(?:ed|s|ing)?|scrap(?:ped|s|ping)?|dropp(?:ed|ing)|lift(?:ed|s|ing)|remov(?:ed|es|ing)|end(?:ed|s|ing))\b",
    re.IGNORECASE,
)


def _spending(analysis: Analysis, sentence) -> None:
    """A government's defence spending target: a Commitment with its share of GDP, its figure as written, its year."""
    text = analysis.text
    for match in SPENDING.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(match.start()):
            continue
        owners = _agents_before(analysis, sentence.start, match.start())
        possessive = re.search(r"(\w[\w.]*)['\u2019]s\s+$", text[sentence.start : match.start()])
        if not owners and possessive:
            state = _state_named(analysis, possessive.group(1))
            owners = [state] if state else []
        if not owners:  # "Prime Minister Fumio Kishida has instructed his ministers to bring spending on defense …"
            person = subject_person(analysis, sentence.start, match.start())
            state = person_state(analysis, person) if person else None
            owners = [state] if state else []
        if len(owners) != 1:
            analysis.why_not(match.start(), "a spending figure without the one government that sets it")
            continue
        state, pct, year = owners[0], match.group("pct"), match.group("year")
        clause = analysis.clause(sentence, match.start())
        before = text[clause[0] : match.start()]
        ceiling = re.search(r"\b(?:ceiling|cap|limit)\b", before + match.group("between"), re.IGNORECASE)
        abandoned = ABANDONED.search(before)
        kind = "ceiling on defense spending" if ceiling else "defense spending"
        label = f"{analysis.label(state)}'s {kind} at {pct}% of GDP" + (f" by {year}" if year else "")
        identifier = next((e.id for e in analysis.entities.values() if e.label == label), None)
        identifier = identifier or _known_target(analysis, state, pct, year, bool(ceiling))
        if identifier is None:
            base = (
                f"commitment/{slug(state)}-defense-spending-{'ceiling-' if ceiling else ''}{pct.replace('.', '-')}-percent"
                + (f"-by-{year}" if year else "")
            )
            identifier = analysis.free_id(base)
            analysis.entity(
                ProposedEntity(
                    identifier,
                    "Commitment",
                    label,
                    f"{label}, the target document {analysis.source.id} reports.",
                    "spending-target",
                    0.7,
                    match.start(),
                    match.end(),
                    candidates=similar_entities(analysis, label, "Commitment"),
                )
            )
        modality, words = _modality(analysis, sentence.start, match.start())
        if modality not in ("negated", "former", "proposed", "possible"):
            modality = "asserted"  # "will raise", "aims for", "pledged": the target is set, which is the commitment
        evidence = text[match.start() : match.end()]
        if abandoned:  # "has done away with the ceiling on defense expenditures at 1% of GDP"
            _claim(
                analysis, sentence, state, "abandons", identifier, "spending-target-abandoned", 0.65, abandoned.group()
            )
        else:
            _claim(
                analysis,
                sentence,
                state,
                "makesCommitment",
                identifier,
                "spending-target",
                0.7,
                evidence,
                modality=modality,
            )
        _claim(
            analysis, sentence, identifier, "percentOfGDP", pct, "spending-target-share", 0.75, match.group("figure")
        )
        _claim(
            analysis,
            sentence,
            identifier,
            "figure",
            " ".join(match.group("figure").split()),
            "spending-target-figure",
            0.7,
            match.group("figure"),
        )
        if year:
            _claim(analysis, sentence, identifier, "targetDate", year, "spending-target-year", 0.7, f"by {year}")


def _known_target(analysis: Analysis, state: str, pct: str, year: str | None, ceiling: bool) -> str | None:
    """The registry's one spending commitment of `state` at `pct`% of GDP (a ceiling if the text says so, else one
    whatever its kind; of the text's year when its name gives one): "kept its defense budget at around 1% of GDP" is the
    registered "Japan's informal ceiling on defense expenditures at 1% of GDP", not a new commitment."""
    share = re.compile(
        rf"(?<![\d.]){re.escape(pct)}\s*(?:%|percent)\s+of\s+(?:GDP|gross domestic product)", re.IGNORECASE
    )
    state_names = [n for n in (analysis.label(state), *analysis.context.registry.entities[state].aliases) if len(n) > 2]
    found = []
    for entity in analysis.context.registry.entities.values():
        if entity.iri is not None or not analysis.is_a(entity.id, "Commitment"):
            continue
        names = (entity.label, *entity.aliases)
        if not any(share.search(n) for n in names) or not any(s in entity.label for s in state_names):
            continue
        years = re.findall(r"\b(?:19|20)\d\d\b", entity.label)
        if years and year not in years:
            continue  # a registered "2% by 2027" is not a 2% by 2030; an undated one takes the text's year as targetDate
        found.append((bool(re.search(r"\b(?:ceiling|cap|limit)\b", entity.label, re.IGNORECASE)), entity.id))
    same_kind = [e for kind, e in found if kind == ceiling]
    chosen = same_kind or [e for _, e in found]
    return chosen[0] if len(chosen) == 1 else None


# --- parties to agreements, documents' issuers and status


def _parties(analysis: Analysis, sentence) -> None:
    """An agreement named with its parties ("the Japan-U.S. alliance treaty"), or "… between X and Y"."""
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    for m in mentions:
        if not analysis.is_a(m.entity, "Agreement"):
            continue
        states = []
        for token in m.text.split():
            parts = [_state_named(analysis, part.strip(",")) for part in STATE_PAIR.split(token)]
            if len(parts) >= 2 and all(parts):
                states = parts
                break
        if len(states) >= 2:
            for state in dict.fromkeys(states):
                _claim(analysis, sentence, m.entity, "hasParty", state, "agreement-named-with-parties", 0.8, m.text)
            continue
        after = [x for x in mentions if x.start > m.end]
        if after and BETWEEN.match(text[m.end : after[0].start]):
            parties = _joined(analysis, after, lambda e: analysis.is_a(e, "State") or analysis.is_a(e, "Person"))
            if len(parties) >= 2:
                for party in parties:
                    _claim(
                        analysis,
                        sentence,
                        m.entity,
                        "hasParty",
                        party,
                        "agreement-between-parties",
                        0.7,
                        text[m.start : after[0].end],
                    )


def _state_named(analysis: Analysis, word: str) -> str | None:
    return state_of_word(analysis, word) if word else None


def _joined(analysis: Analysis, mentions: list[Mention], keep) -> list[str]:
    """The entities of a list that starts with mentions[0]: "X and Y", "X, Y, and Z"."""
    text = analysis.text
    if not mentions or not keep(mentions[0].entity):
        return []
    found = [mentions[0].entity]
    last = mentions[0]
    for following in mentions[1:]:
        if keep(following.entity) and re.fullmatch(
            r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[last.end : following.start]
        ):
            found.append(following.entity)
            last = following
        else:
            break
    return list(dict.fromkeys(found))


def _documents(analysis: Analysis, sentence) -> None:
    """Who issued a document of state ("Japan's new National Security Strategy", "Japan adopted its …"), and where it
    stands (adopted, under revision, under negotiation)."""
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    documents = [m for m in mentions if analysis.is_a(m.entity, "StrategyDocument")]
    agreements = [m for m in mentions if analysis.is_a(m.entity, "Agreement")]
    for doc in documents:
        before = [m for m in mentions if m.end <= doc.start]
        owner = before[-1] if before else None
        if owner and analysis.is_a(owner.entity, "State") and NEW_DOCUMENT.fullmatch(text[owner.end : doc.start]):
            _claim(
                analysis,
                sentence,
                doc.entity,
                "issuedBy",
                owner.entity,
                "document-of-state",
                0.75,
                text[owner.start : doc.end],
            )
            _claim(
                analysis, sentence, doc.entity, "status", "adopted", "document-new", 0.65, text[owner.start : doc.end]
            )
            continue
        adopted = ADOPTED.search(text[max(sentence.start, doc.start - 40) : doc.start])
        if adopted:
            cue_at = doc.start - (len(text[max(sentence.start, doc.start - 40) : doc.start]) - adopted.start())
            clause_start = analysis.clause(sentence, cue_at)[0]
            subjects = [
                m
                for m in before
                if analysis.is_a(m.entity, "State") and m.kind in ("name", "demonym") and m.start >= clause_start
            ]
            subjects = [m for m in subjects if m.kind == "name" or re.match(r"\s+government", text[m.end : m.end + 12])]
            # the state that acts: near the verb and not the object of a preposition ("pressure from China adopted …")
            subjects = [
                m
                for m in subjects
                if cue_at - m.end <= 60
                and not re.search(
                    r"\b(?:to|for|from|against|with|of|on|by|in|over|about|toward|towards)\s+(?:the\s+)?$",
                    text[max(sentence.start, m.start - 12) : m.start],
                )
            ]
            if subjects:
                listed = _joined(
                    analysis,
                    [d for d in documents if d.start >= doc.start],
                    lambda e: analysis.is_a(e, "StrategyDocument"),
                )
                for entity in listed or [doc.entity]:
                    _claim(
                        analysis,
                        sentence,
                        entity,
                        "issuedBy",
                        subjects[-1].entity,
                        "document-adopted-by",
                        0.7,
                        text[subjects[-1].start : doc.end],
                    )
                    _claim(analysis, sentence, entity, "status", "adopted", "document-adopted", 0.65, adopted.group())
    revision = UNDER_REVISION.search(text, sentence.start, sentence.end)
    if (
        revision
        and documents
        and not re.search(r"\b(?:revised|completed|finished)\b", text[sentence.start : sentence.end])
    ):
        for doc in documents:
            if doc.start > revision.start() or revision.start() - doc.end < 60:
                _claim(
                    analysis,
                    sentence,
                    doc.entity,
                    "status",
                    "under revision",
                    "document-under-revision",
                    0.6,
                    revision.group(),
                )
    negotiation = UNDER_NEGOTIATION.search(text, sentence.start, sentence.end)
    if negotiation and agreements and not analysis.quoted(negotiation.start()):
        agreement = _negotiated(analysis, sentence, negotiation, agreements)
        if agreement is None:
            analysis.why_not(
                negotiation.start(), "negotiations that the rules cannot tie to one agreement the sentence names"
            )
        else:
            planned = PLANNED_TALKS.search(text[max(sentence.start, negotiation.start() - 30) : negotiation.end() + 30])
            _claim(
                analysis,
                sentence,
                agreement.entity,
                "status",
                "under negotiation",
                "agreement-under-negotiation",
                0.6,
                negotiation.group(),
                modality="planned" if planned else "asserted",
            )


def _negotiated(analysis: Analysis, sentence, negotiation: re.Match, agreements: list[Mention]) -> Mention | None:
    """The agreement negotiations are about: the one named right after "negotiations on/over/for", the one the
    clause says is "under negotiation", or the one a leading "While … under negotiation," clause is about."""
    text = analysis.text
    after = [a for a in agreements if a.start >= negotiation.end()]
    if re.match(r"negotiations|still\s+negotiating", negotiation.group(), re.IGNORECASE):
        return (
            after[0]
            if after
            and re.fullmatch(
                r"\s*(?:the\s+|a\s+|an\s+|new\s+|its\s+|their\s+)*", text[negotiation.end() : after[0].start]
            )
            else None
        )
    clause = analysis.clause(sentence, negotiation.start())
    before = [
        a
        for a in agreements
        if clause[0] <= a.start and a.end <= negotiation.start() and negotiation.start() - a.end <= 60
    ]
    if before and not re.search(r"[,;]", text[before[-1].end : negotiation.start()]):
        return before[-1]
    leading = re.match(r"\W*(?:while|although|though|as|since)\b", text[clause[0] : negotiation.start()], re.IGNORECASE)
    if leading and after and re.fullmatch(r"\s*,\s*(?:the\s+)?", text[negotiation.end() : after[0].start]):
        return after[0]
    return None


def _claim(analysis: Analysis, sentence, subject, relation, obj, rule, confidence, evidence, **extra) -> None:
    analysis.propose(
        ProposedClaim(subject, relation, obj, sentence.start, sentence.end, rule, confidence, evidence, **extra)
    )


def _modality(analysis: Analysis, start: int, position: int) -> tuple[str, str]:
    said = analysis.context.lexicon.modality_of(analysis.unquoted(start, position))
    return said if said else ("asserted", "")


# --- Article V


def _coverage(analysis: Analysis, sentence) -> None:
    text = analysis.text
    articles = [
        m for m in analysis.mentions_in(sentence.start, sentence.end) if analysis.is_a(m.entity, "TreatyArticle")
    ]
    clause_match = ARTICLE_CLAUSE.search(text, sentence.start, sentence.end)
    if not articles and clause_match is None:
        return
    article = articles[0].entity if articles else "us-japan-security-treaty/art_5"
    anchor_at = articles[0].start if articles else clause_match.start()
    verb = COVERAGE.search(text, sentence.start, sentence.end)
    domains = []
    for name, pattern in DOMAIN_WORDS:
        for match in pattern.finditer(text, sentence.start, sentence.end):
            if not analysis.quoted(match.start()):
                domains.append((name, match))
                break
    if verb is not None and not domains and _article_concerns_place(analysis, sentence, article, verb):
        return
    if verb is None or not domains:
        analysis.why_not(
            anchor_at,
            "names the treaty article, but no domain it applies to"
            if verb
            else "names the treaty article, but no words of coverage (applies, covers, extends, includes)",
        )
        return
    modality, words = _modality(analysis, sentence.start, verb.start())
    if modality == "possible" and re.search(
        r"\bcould\s+(?:invoke|trigger|be\s+recognized)|\bcould\b[^.;]{0,60}\barmed\s+attack\b",
        text[sentence.start : sentence.end],
    ):
        modality = "asserted"  # "attacks … could invoke Article 5": the coverage is stated, the attack hypothetical
    qualifiers: dict[str, str] = {}
    for date in analysis.dates_in(sentence.start, sentence.end):
        dated = date.kind in ("year", "day", "month") or (date.kind == "relative" and "last" in date.expression)
        dated = dated or (date.kind == "weekday" and "(past)" in date.expression)  # "agreed on Friday that …"
        if dated and re.search(r"\b(?:in|since|on)\s+$", text[max(sentence.start, date.start - 7) : date.start]):
            qualifiers["startDate"] = date.expression
            break
    established, date = _establishing(analysis, sentence, article)
    if established:
        qualifiers["establishedBy"] = established
        if date and "startDate" not in qualifiers:
            qualifiers["startDate"] = date
    for name, match in domains:
        _claim(
            analysis,
            sentence,
            article,
            "coversDomain",
            name,
            "article-covers-domain",
            0.8 if articles else 0.65,
            f"{text[anchor_at : anchor_at + 12]}… {verb.group()} … {match.group()}",
            qualifiers=dict(qualifiers),
            modality=modality,
            note=f"the text says {words!r}" if words else None,
        )


COVERED_PLACE = re.compile(r"\s+(?:to\s+)?(?:the\s+)?(?-i:(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}))\b")


def _article_concerns_place(analysis: Analysis, sentence, article: str, verb: re.Match) -> bool:
    """ "Article 5 … applies to the Senkaku Islands": a place is no security domain; the article concerns it (as the
    annotations take it). A registered place or region, else a new place named by the text's words."""
    found = COVERED_PLACE.match(analysis.text, verb.end(), sentence.end)
    if found is None or analysis.quoted(verb.start()):
        return False
    start, end = found.start("place"), found.end("place")
    mention = next((m for m in analysis.mentions if m.start == start), None)
    if mention is not None:
        if not (analysis.is_a(mention.entity, "Place") or analysis.is_a(mention.entity, "Region")):
            return False
        place = mention.entity
    else:
        place = new_place(analysis, found.group("place"), start, end)
    modality, words = _modality(analysis, sentence.start, verb.start())
    _claim(
        analysis,
        sentence,
        article,
        "concerns",
        place,
        "article-applies-to-place",
        0.6,
        analysis.text[verb.start() : end],
        modality=modality if modality in ("negated", "proposed", "possible") else "asserted",
    )
    return True


def _establishing(analysis: Analysis, sentence, article: str) -> tuple[str | None, str | None]:
    """The event or agreement the sentence credits with the coverage (an event it reports as done, or an agreement
    it names), and that event's date as the text writes it."""
    for claim in analysis.claims:
        if claim.start == sentence.start and claim.modality == "asserted" and analysis.is_a(claim.subject, "Event"):
            date = next(
                (
                    c.object
                    for c in analysis.claims
                    if c.subject == claim.subject and c.relation == "date" and c.start == sentence.start
                ),
                None,
            )
            return claim.subject, date
    for m in analysis.mentions_in(sentence.start, sentence.end):
        if analysis.is_a(m.entity, "Agreement") and m.entity != article.split("/")[0]:
            return m.entity, None
    return None, None


# "Article 5 of the treaty", "of the bilateral security treaty", "of the U.S.-Japan Treaty of Mutual Cooperation and
# Security": the words after the article that name a treaty, by a registered name or by the word itself
ARTICLE_OF_WORDS = re.compile(
    r"\s+of\s+(?:the\s+|their\s+|its\s+|our\s+)?(?P<words>(?:[\w.\u2010-\u2015-]+\s+){0,3}?(?:[Tt]reaty|[Pp]act)\b"
    r"(?:\s+of\s+[A-Z]\w*(?:\s+(?:and\s+)?[A-Z]\w*){0,3})?)"
)
# "the treaty's Article 5", "the pact's Article V": the treaty as the article's possessive
TREATY_POSSESSIVE = re.compile(r"\b(?:the\s+)?(?:[\w.-]+\s+){0,2}?(?:treaty|pact)['\u2019]s\s+$", re.IGNORECASE)
# "Article V — the defense obligation clause of the Japan-U.S. alliance treaty": an apposition that names the treaty
ARTICLE_APPOSITION = re.compile(
    r"\s*(?:,|\u2014|\u2013|--|\()\s*(?:the|its|a)\s+(?:[\w-]+\s+){0,3}?(?:clause|article|provision)\s+of\s+"
    r"(?:the\s+|its\s+)?$",
    re.IGNORECASE,
)


def _article_of(analysis: Analysis, sentence) -> None:
    """ "Article 5 of the U.S.-Japan Security Treaty", "Article 5 of the bilateral security treaty", "the treaty's
    Article 5", "Article V — the defense obligation clause of the … treaty": the article is the treaty's. A treaty the
    words name by a registered name is that one; words that only say "treaty" ("of the treaty") name the one the
    text named last, else the treaty the graph records the article of (see _treaty_in_discourse). Each text states it anew, as the annotations
    record it, whether or not the graph holds it already."""
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    for article in [m for m in mentions if analysis.is_a(m.entity, "TreatyArticle")]:
        if analysis.quoted(article.start):
            continue
        found = _treaty_named_in(analysis, article)  # "Article 5 of the U.S.-Japan Security Treaty": one name
        evidence = article.text
        if found is None:
            found, evidence = _treaty_beside(analysis, sentence, article, mentions)
        known = analysis.context.article_of.get(article.entity)
        if found is None or (known is not None and found != known):
            continue  # an article is one treaty's: "Article 5 of <another treaty>" is not the registered Article 5
        rule = "article-named-with-treaty" if evidence == article.text else "article-of-treaty"
        _claim(analysis, sentence, article.entity, "articleOf", found, rule, 0.85, evidence)


def _treaty_named_in(analysis: Analysis, article: Mention) -> str | None:
    """The treaty a registered article's own name writes after "of" (the registry's alias "Article 5 of the …")."""
    if not re.search(r"\sof\s", article.text):
        return None
    written = re.sub(r"^(?:the|their|its|our)\s+", "", article.text.split(" of ", 1)[-1].strip(), flags=re.IGNORECASE)
    for treaty in analysis.context.registry.entities.values():
        if not analysis.is_a(treaty.id, "Treaty"):
            continue
        patterns = [name_pattern(n) for n in (treaty.label, *treaty.aliases)]
        if any(p and re.fullmatch(p[0], written, 0 if p[1] else re.IGNORECASE) for p in patterns):
            return treaty.id
    return None


def _treaty_beside(analysis: Analysis, sentence, article: Mention, mentions: list[Mention]) -> tuple[str | None, str]:
    """The treaty the words right after the article ("of the … treaty"), before it ("the treaty's") or in an
    apposition ("— the … clause of the … treaty") name, with those words."""
    text = analysis.text
    treaties = [m for m in mentions if analysis.is_a(m.entity, "Treaty")]
    after = ARTICLE_OF_WORDS.match(text, article.end, sentence.end)
    if after is not None:
        named = [t for t in treaties if after.start("words") <= t.start and t.end <= after.end("words") + 1]
        if named:
            return named[-1].entity, text[article.start : max(after.end(), named[-1].end)]
        if not _generic_treaty_words(analysis, after.start("words"), after.end("words")):
            return None, ""  # "Article 5 of the North Atlantic Treaty": another treaty, by a name the registry lacks
        return _treaty_in_discourse(analysis, article), text[article.start : after.end()]
    possessive = TREATY_POSSESSIVE.search(text, max(sentence.start, article.start - 40), article.start)
    if possessive is not None:
        named = [t for t in treaties if possessive.start() <= t.start and t.end <= article.start]
        treaty = named[-1].entity if named else _treaty_in_discourse(analysis, article)
        return treaty, text[possessive.start() : article.end]
    following = [t for t in treaties if t.start >= article.end and t.start - article.end <= 80]
    if following and ARTICLE_APPOSITION.fullmatch(text, article.end, following[0].start):
        return following[0].entity, text[article.start : following[0].end]
    return None, ""


# the capitalised words a treaty's description may hold without naming another treaty ("the U.S.-Japan Treaty of
# Mutual Cooperation and Security", "the bilateral security treaty"); states are read from the mentions
GENERIC_TREATY_WORD = re.compile(
    r"(?:Treaty|Pact|Security|Mutual|Cooperation|Defen[cs]e|Alliance|Bilateral|Peace|Friendship|The|And|Of)$"
)


def _generic_treaty_words(analysis: Analysis, start: int, end: int) -> bool:
    """Whether the words describe a treaty without naming one: their capitalised words are states or generic."""
    states = [m for m in analysis.mentions_in(start, end) if analysis.is_a(m.entity, "State")]
    for word in re.finditer(r"[A-Z][\w.]*", analysis.text[start:end]):
        at = start + word.start()
        if not any(m.start <= at < m.end for m in states) and not GENERIC_TREATY_WORD.match(word.group()):
            return False
    return True


def _treaty_in_discourse(analysis: Analysis, article: Mention) -> str | None:
    """What "the treaty" is: the one the graph records the article of (an article is one treaty's), else the treaty
    the text named last before the article."""
    if article.entity in analysis.context.article_of:
        return analysis.context.article_of[article.entity]
    before = [m for m in analysis.mentions if m.end <= article.start and analysis.is_a(m.entity, "Treaty")]
    return before[-1].entity if before else None


# --- capabilities


def _capabilities(analysis: Analysis, sentence) -> None:
    text = analysis.text
    for relation, pattern in (("acquires", ACQUIRE), ("develops", DEVELOP)):
        for verb in pattern.finditer(text, sentence.start, sentence.end):
            if analysis.quoted(verb.start()):
                continue
            clause = analysis.clause(sentence, verb.start())
            agents = _agents_before(analysis, clause[0], verb.start())
            if not agents:
                analysis.why_not(verb.start(), f"{verb.group()!r} without a government that does it")
                continue
            capability, quantity, span = _capability_after(analysis, verb.end(), clause[1])
            own_start = clause[0]
            if capability is None:
                capability, span = _capability_before(analysis, clause[0], verb)
                own_start = span[1]  # "… the missiles Japan is acquiring": the relative clause's own words
            if capability is None:
                analysis.why_not(verb.start(), f"{verb.group()!r} without a capability the rules can delimit")
                continue
            # "Japan plans to deploy X, and is acquiring Y": the second predicate has its own tense, not the plan's
            coordinated = list(COORDINATED.finditer(text, own_start, verb.start()))
            modality, words = _modality(analysis, coordinated[-1].end() if coordinated else own_start, verb.start())
            if re.search(r"\btalks\s+on\s+$", text[max(clause[0], verb.start() - 12) : verb.start()]):
                modality, words = "under-negotiation", "talks on"
            partners = _partners(analysis, verb.end(), clause[1], agents)
            joint = relation == "develops" and (
                len(agents) > 1
                or re.search(r"\b(?:joint|jointly|co-|together)", text[clause[0] : clause[1]], re.IGNORECASE)
            )
            for agent in agents:
                qualifiers: dict[str, str] = {}
                others = [a for a in agents if a != agent] + [p for p in partners if p != agent]
                if relation == "develops" and joint and others:
                    qualifiers["partner"] = others[0]
                elif relation == "acquires" and partners:
                    qualifiers["supplier" if re.search(r"\bfrom\s+", text[verb.end() : clause[1]]) else "partner"] = (
                        partners[0]
                    )
                if quantity and relation == "acquires":
                    qualifiers["quantity"] = quantity
                _claim(
                    analysis,
                    sentence,
                    agent,
                    relation,
                    capability,
                    f"capability-{relation}",
                    0.6 if capability not in analysis.entities else 0.5,
                    f"{verb.group()} {text[span[0] : span[1]]}",
                    qualifiers=qualifiers,
                    modality=modality,
                    note=f"the text says {words!r}" if words else None,
                )
            if relation == "develops" and len(agents) == 1:
                # "Japan is developing a fighter with Britain": the partner develops it too, with Japan as its partner
                for partner in _developing_with(analysis, span[1], clause[1], agents):
                    _claim(
                        analysis,
                        sentence,
                        partner,
                        relation,
                        capability,
                        "capability-develops-with",
                        0.6 if capability not in analysis.entities else 0.5,
                        f"{verb.group()} {text[span[0] : clause[1]]}".strip(),
                        qualifiers={"partner": agents[0]},
                        modality=modality,
                        note=f"the text says {words!r}" if words else None,
                    )


COORDINATED = re.compile(r",\s+and\s+(?=(?:is|are|was|were|has|have|had)\b)")
REDUCED_RELATIVE = re.compile(r"^\s+(?:is|are|has\s+been|have\s+been)\s+$")


def _capability_before(analysis: Analysis, start: int, verb: re.Match) -> tuple[str | None, tuple[int, int]]:
    """ "the long-range missiles Japan is acquiring": a registry capability right before the state that acquires it."""
    mentions = analysis.mentions_in(start, verb.start())
    if len(mentions) < 2:
        return None, (verb.start(), verb.start())
    capability, state = mentions[-2], mentions[-1]
    if not (analysis.is_a(capability.entity, "Capability") and analysis.is_a(state.entity, "State")):
        return None, (verb.start(), verb.start())
    if analysis.text[capability.end : state.start].strip() or not REDUCED_RELATIVE.match(
        analysis.text[state.end : verb.start()]
    ):
        return None, (verb.start(), verb.start())
    return capability.entity, (capability.start, capability.end)


def _agents_before(analysis: Analysis, start: int, end: int) -> list[str]:
    """The governments that act in the words before a verb: the nearest state (or states joined by "and")."""
    text = analysis.text
    states: list[Mention] = []
    for m in analysis.mentions_in(start, end):
        if re.search(
            r"\b(?:in|to|for|from|of|on|at|by|against|with|into|toward|towards|around)\s+(?:the\s+)?$",
            text[max(start, m.start - 12) : m.start],
        ):
            continue  # "U.S. forces in Japan": a place, not who acts
        if analysis.is_a(m.entity, "State") and m.kind == "name":
            states.append(m)
        elif m.kind == "capital" or (
            m.text in sum(analysis.context.lexicon.capitals.values(), []) and analysis.is_a(m.entity, "Place")
        ):
            state = next((s for s, words in analysis.context.lexicon.capitals.items() if m.text in words), None)
            if state in analysis.context.registry.entities:
                states.append(Mention(m.start, m.end, m.text, state, "capital"))

    two = TWO_SIDES.search(text, start, end)
    if two and (not states or two.start() < states[0].start):
        return analysis.main_states()  # "The two leaders … agreed to jointly develop": the clause's subject
    if not states:
        return []
    last = states[-1]
    group = [last.entity]
    for previous in reversed(states[:-1]):
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[previous.end : last.start]):
            group.insert(0, previous.entity)
            last = previous
        else:
            break
    between = text[states[-1].end : end]
    if len(between) > 60 and re.search(r"[.;:]|\b(?:said|says|told|which|who|that)\b", between):
        return []
    return list(dict.fromkeys(group))


def _capability_after(analysis: Analysis, start: int, end: int) -> tuple[str | None, str | None, tuple[int, int]]:
    text = analysis.text
    span_text = text[start:end]
    np_start = start + len(span_text) - len(span_text.lstrip())
    quantity = None
    # the quantity first: "up to 400 Tomahawk cruise missiles" is no phrase that ends at "to"
    number = QUANTITY.match(text[np_start:end])
    if number:
        quantity = number.group("n").replace(",", "")
        np_start += number.end()
    stop = NP_END.search(text, np_start, end)
    np_end = stop.start() if stop else end
    phrase = text[np_start:np_end]
    for m in analysis.mentions_in(np_start, np_end):
        if analysis.is_a(m.entity, "Capability") and not NAMED_BEFORE.search(text[np_start : m.start]):
            return m.entity, quantity, (np_start, np_end)
    stripped = DETERMINERS.sub("", phrase).strip()
    words = stripped.split()
    # "400 Tomahawks", "105 F-35s": a name in the plural after a number is the capability counted
    counted = quantity is not None and re.fullmatch(r"(?:[A-Z][\w-]*\s+)?[A-Z][\w-]*s", stripped)
    if not (1 <= len(words) <= 6) or not (CAPABILITY_HEADS.search(stripped) or counted):
        return None, None, (np_start, np_end)
    if any(m for m in analysis.mentions_in(np_start, np_end) if not analysis.is_a(m.entity, "Capability")):
        return None, None, (np_start, np_end)
    known = analysis.context.registry.resolve(stripped)
    if known is not None:
        return (known.id if analysis.is_a(known.id, "Capability") else None), quantity, (np_start, np_end)
    label = stripped[0].upper() + stripped[1:]
    identifier = next((e.id for e in analysis.entities.values() if e.label.lower() == label.lower()), None)
    if identifier is None:
        identifier = analysis.free_id(slug(label))
        analysis.entity(
            ProposedEntity(
                identifier,
                "Capability",
                label,
                f"{label}, as document {analysis.source.id} names the capability.",
                "capability-phrase",
                0.55,
                np_start + phrase.find(stripped),
                np_start + phrase.find(stripped) + len(stripped),
                candidates=similar_entities(analysis, label, "Capability"),
            )
        )
    return identifier, quantity, (np_start, np_end)


def _partners(analysis: Analysis, start: int, end: int, agents: list[str]) -> list[str]:
    text = analysis.text
    found = []
    for m in analysis.mentions_in(start, end):
        joined = re.search(r"\b(?:with|from|by)\s+(?:the\s+)?$", text[max(start, m.start - 12) : m.start])
        if analysis.is_a(m.entity, "State") and joined and m.entity not in agents:
            found.append(m.entity)
    return found


# "with Britain and Italy", "jointly with the United States": the states listed right after the capability ("with"
# later in the sentence may be another act's: "…, and will test it with Japan")
WITH_FIRST = re.compile(r"\s*(?:,\s*)?(?:(?:together|jointly)\s+)?with\s+(?:the\s+)?")
WITH_LIST = re.compile(r"\s*(?:,|,?\s+and)\s+(?:the\s+)?")


def _developing_with(analysis: Analysis, start: int, end: int, agents: list[str]) -> list[str]:
    """The states a clause says the agent develops a capability "with", named right after the capability (which ends
    at `start`), and those listed after the first of them."""
    text = analysis.text
    states = [m for m in analysis.mentions_in(start, end) if analysis.is_a(m.entity, "State") and m.kind == "name"]
    found: list[str] = []
    last_end, gap = start, WITH_FIRST
    for m in states:
        if not gap.fullmatch(text, last_end, m.start):
            break
        found.append(m.entity)
        last_end, gap = m.end, WITH_LIST
    return [s for s in dict.fromkeys(found) if s not in agents]


# --- memberships, places


def _memberships(analysis: Analysis, sentence) -> None:
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    states = [m for m in mentions if analysis.is_a(m.entity, "State") and m.kind == "name"]
    groups = [
        m for m in mentions if analysis.is_a(m.entity, "Organisation") and not analysis.is_a(m.entity, "MilitaryUnit")
    ]
    for group in groups:
        before = text[sentence.start : group.start]
        seat = SEAT.search(before)
        presidency = PRESIDENCY.match(text[group.end : group.end + 16])
        if seat or presidency:
            holders = [m for m in states if m.end <= group.start]
            if holders:
                member = holders[-1].entity
                _claim(
                    analysis,
                    sentence,
                    member,
                    "memberOf",
                    group.entity,
                    "member-seat-or-presidency",
                    0.7,
                    text[holders[-1].start : group.end + (presidency.end() if presidency else 0)],
                )
                continue
        if MEMBER_OF.search(before):
            members = _list_before(analysis, states, group.start - len(MEMBER_OF.search(before).group()))
            modality, words = _modality(analysis, sentence.start, group.start)
            if re.search(r"\b(?:become|becoming)\b", MEMBER_OF.search(before).group()):
                analysis.why_not(group.start, "a membership to come (become a member), left to the reviewer")
                continue
            for member in members:
                _claim(
                    analysis,
                    sentence,
                    member,
                    "memberOf",
                    group.entity,
                    "member-of",
                    0.75,
                    text[max(sentence.start, group.start - 40) : group.end],
                    modality=modality,
                )
            continue
        members = _list_after(analysis, states, group.end, sentence.end)
        if len(members) >= 2:
            for member in members:
                _claim(
                    analysis,
                    sentence,
                    member,
                    "memberOf",
                    group.entity,
                    "grouping-of-states",
                    0.65,
                    text[group.start : group.end + 60],
                )


def _list_before(analysis: Analysis, states: list[Mention], end: int) -> list[str]:
    before = [s for s in states if s.end <= end]
    if not before:
        return []
    last = before[-1]
    if not re.fullmatch(r"[\s,]*(?:which|that|who)?[\s\w]{0,12}", analysis.text[last.end : end]):
        return []
    group = [last.entity]
    for previous in reversed(before[:-1]):
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", analysis.text[previous.end : last.start]):
            group.insert(0, previous.entity)
            last = previous
        else:
            break
    return group


def _list_after(analysis: Analysis, states: list[Mention], start: int, end: int) -> list[str]:
    text = analysis.text
    after = [s for s in states if s.start >= start]
    if not after or not GROUPING.fullmatch(text[start : after[0].start]):
        return []
    members = [after[0].entity]
    last = after[0]
    for following in after[1:]:
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[last.end : following.start]):
            members.append(following.entity)
            last = following
        else:
            break
    return members


def _located_in(analysis: Analysis, sentence) -> None:
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    for first, second in zip(mentions, mentions[1:], strict=False):
        if not analysis.is_a(first.entity, "Place") or first.entity == second.entity:
            continue
        if not (analysis.is_a(second.entity, "Place") or analysis.is_a(second.entity, "State")):
            continue
        between = text[first.end : second.start]
        if re.fullmatch(r",\s*", between) or re.fullmatch(r"(?:\s+[\w-]+){0,3}\s+in\s+(?:the\s+)?", between):
            if re.search(r"\b(?:met|meet|talks|summit|held)\b", between):
                continue
            _claim(
                analysis,
                sentence,
                first.entity,
                "locatedIn",
                second.entity,
                "place-in-place",
                0.75,
                text[first.start : second.end],
            )


# --- threats (low confidence: who assesses is rarely the sentence's grammar alone)


def _threats(analysis: Analysis, sentence) -> None:
    text = analysis.text
    mentions = analysis.mentions_in(sentence.start, sentence.end)
    states = [m for m in mentions if analysis.is_a(m.entity, "State") and m.kind == "name"]
    for index, state in enumerate(states):
        threat = THREAT_FROM.search(text[max(sentence.start, state.start - 80) : state.start])
        named = (
            NAMED_AS.match(text[state.end : state.end + 60])
            if NAMING_VERB.search(text[max(sentence.start, state.start - 30) : state.start])
            else None
        )
        if threat is None and named is None:
            continue
        words = (threat or named).group("words").strip()
        cue_start = (
            state.start - (len(text[max(sentence.start, state.start - 80) : state.start]) - threat.start())
            if threat
            else state.start
        )
        if threat and DISPUTED_THREAT.search(text[max(sentence.start, cue_start - 30) : cue_start]):
            analysis.why_not(state.start, f"{words!r} is said to be overstated: no one's assessment here")
            continue
        assessors = [
            m.entity
            for m in analysis.mentions_in(sentence.start, cue_start)
            if (analysis.is_a(m.entity, "State") or analysis.is_a(m.entity, "StateDocument"))
            and m.kind == "name"
            and m.entity != state.entity
        ]
        if not assessors and ASSESSING_GROUP.search(text, sentence.start, cue_start):
            assessors = [s for s in analysis.main_states() if s not in {x.entity for x in states}]
        if not assessors:
            analysis.why_not(state.start, f"{words!r} without a government or document that names it so")
            continue
        targets = [state.entity]
        if threat:
            for following in states[index + 1 :]:
                if re.fullmatch(
                    r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?",
                    text[targets and states[index + len(targets) - 1].end : following.start],
                ):
                    targets.append(following.entity)
                else:
                    break
        for assessor in dict.fromkeys(assessors):
            for target in targets:
                if target in assessors:
                    continue
                _claim(
                    analysis,
                    sentence,
                    assessor,
                    "identifiesThreat",
                    target,
                    "threat-named",
                    0.45,
                    f"{words} … {analysis.label(target)}",
                    qualifiers={"characterisation": words},
                )
        if threat:
            break
