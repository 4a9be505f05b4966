"""Commitments news reports and readouts state in fixed forms: "reaffirmed their commitment to X", "committed to X",
"pledged to X", "agreed to strengthen X and to explore Y", "oppose any unilateral action …", "confirmed the steady
implementation of X", "Japan will assume larger roles …", "the United States announced that it would station …",
"Japan's plans to …", "the commitment of the United States to …", "the U.S. commitment to … is unwavering",
"directed their ministers to …", "the treaty obliges the United States to …", and a readout's list items ("the two
Secretaries: - Reaffirmed …"), whose subject is the sentence that opens the list.

Each proposes who commits (`makesCommitment`, with the modality its verb gives: a reaffirmed commitment is asserted,
"agreed to"/"pledged"/"committed to" agreed-to-pursue, "will"/"plans to" planned), the commitment (an existing
registry Commitment whose name is the same words or which the words restate with particulars of their own — then
also "underscored the importance of X" — else a new one named by the text's words), and what the
sentence's statement or meeting is about (`concerns`). Who commits is a state the clause names as its subject, or
"the two leaders"/"the ministers"/"they" for the text's two states; a clause whose subject the rules cannot tell
proposes nothing (and says so), since a commitment given to the wrong party is worse than none.

News reports add their own forms (NEWS_FORMS): the occasion between the verb and what is agreed ("pledged on Monday
to …", "agreed at talks at the Pentagon in October to …", "agreed with Nakatani to …", whose partner commits too), any
act after "agreed to" (not talks to start, buying, or words that do not say what is agreed), and "confirmed that the
two countries would …". A commitment the text restates in other words of the same content is proposed once. What a
meeting or statement is about comes also from what talks to come are expected to discuss (an agenda item, in a note),
what talks focused on, what two people named together discussed, and what a statement called for or addressed.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity, short_id
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.commitment_speakers import he_continues
from alliance_kg.curation.propose.documents import MEETING_FRAME, last_meeting, list_intro
from alliance_kg.curation.propose.event_details import TWO_SIDES
from alliance_kg.curation.propose.event_reference import last_meeting_told, meeting_of_the_speaker
from alliance_kg.curation.propose.items import same_item
from alliance_kg.curation.propose.persons import person_state
from alliance_kg.curation.textdates import WEEKDAY
from alliance_kg.loaders.entity import normalise_name
from rapidfuzz import fuzz

SAME_WORDS = 95  # RapidFuzz token-sort ratio: the same words in any order, not a subset of them (token-set ratio)
# (pattern, modality); `what` is the commitment as the text words it (the period of an initial, "U.S.", ends nothing)
_WHAT = r"(?P<what>(?:[^,;.:\"“”]|(?<=\b[A-Z])\.|(?<=\d)[,.](?=\d)){6,140}?)(?=\s*(?:,(?!\d)|[;:\"“”]|(?<!\b[A-Z])\.(?!\d)|\band\s+(?:said|called|urged|expressed|underscored|reaffirmed|reiterated|committed|to|that)\b|\b(?:after|when|while|since)\b|\band\s+(?:allows?|allowed|permits?|requires?)\b|\b(?:is|was|remains|remained)\s+(?:unwavering|ironclad|firm|unshakable|steadfast|absolute)\b|\bas\s+part\b|$))"
WHAT = _WHAT  # for the rule families that propose commitments in forms of their own (calls.py)
# "agreed to explore X and to expand Y, and to set up Z": each further infinitive of the same verb is a commitment too
FURTHER = re.compile(r"\s*,?\s*(?:and\s+)?to\s+(?!the\b|an?\b|its\b|their\b)" + _WHAT, re.IGNORECASE)
AGREED_VERBS = (
    r"strengthen|deepen|expand|launch|set\s+up|establish|enhance|boost|bolster|upgrade|accelerate|promote|step\s+up|"
    r"work\s+together|work\s+toward|cooperate|build|reinforce|increase|explore|hold|conduct|share|pursue|advance|develop|"
    r"coordinate|continue|maintain|meet|visit"
)
FORMS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:reaffirmed|confirmed|reiterated|renewed|restated|underscored|affirmed|expressed|"
            # what an event or act is said to show of a commitment held ("the carrier's return showed the U.S.
            # commitment to …", "the relocation reflected the two countries' shared commitment to …")
            r"showed|shows|reflected|reflects|demonstrated|demonstrates)\s+(?:(?:their|its|the|a|his|her)\s+)?"
            r"(?:[\w.'\u2019-]+\s+){0,3}?commitments?\s+(?:of\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){1,3})?to\s+[\"“]?"
            + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
    # "reaffirmed unwavering U.S. support for the defense of Japan": support said to be firm is the commitment
    (
        re.compile(
            r"\b(?:reaffirmed|reiterated|renewed|restated|underscored|affirmed|expressed)\s+(?:(?:their|its|the|his|her)\s+)?"
            r"(?:unwavering|steadfast|ironclad|unshakable|unshakeable|firm)\s+(?:[\w.'\u2019-]+\s+)?support\s+for\s+"
            + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
    (
        re.compile(
            r"\b(?:is|are|was|were|remains?|remained)\s+(?:firmly\s+|fully\s+)?committed\s+to\s+" + _WHAT, re.IGNORECASE
        ),
        "asserted",
    ),
    (
        re.compile(
            # (not "was fully committed to", the form above: a commitment held, once)
            r"\b(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bremain\s)(?<!\bremains\s)(?<!\bremained\s)"
            r"(?<!\bfully\s)(?<!\bfirmly\s)(?:committed|pledged|vowed|promised|resolved)\s+to\s+" + _WHAT,
            re.IGNORECASE,
        ),
        "agreed-to-pursue",
    ),
    (
        re.compile(
            r"\bagreed\s+(?:on\s+\w+\s+|" + WEEKDAY + r"\s+)?to\s+(?=(?:" + AGREED_VERBS + r")\b)" + _WHAT,
            re.IGNORECASE,
        ),
        "agreed-to-pursue",
    ),
    (
        re.compile(
            r"\b(?:(?:strongly\s+)?oppose[sd]?|remain(?:s|ed)?\s+opposed\s+to|"
            r"(?:reiterated|reaffirmed|expressed|restated)\s+(?:(?:their|its|the)\s+)?(?:strong\s+|firm\s+)?opposition\s+to)\s+(?=any\s+unilateral\b)"
            + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
    # "It obliges the United States to defend Japan": what a treaty binds a state to
    (
        re.compile(
            r"\b(?:obliges|obligates|binds)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){1,3}to\s+(?=[a-z]+\b)" + _WHAT,
        ),
        "asserted",
    ),
    # "… and committed their governments to consult one another …": leaders binding their states
    (
        re.compile(
            r"\bcommitted\s+(?:their|both|the\s+two|the\s+three)\s+(?:governments|countries|nations)\s+to\s+" + _WHAT,
            re.IGNORECASE,
        ),
        "agreed-to-pursue",
    ),
    # "The leaders directed their ministers to deepen cooperation on …": what leaders task their governments with
    (
        re.compile(
            r"\b(?:directed|instructed|tasked|ordered)\s+(?:their|his|her)\s+(?:\w+\s+)?(?:ministers|cabinets?|governments)\s+to\s+(?=[a-z]+\b)"
            + _WHAT,
            re.IGNORECASE,
        ),
        "agreed-to-pursue",
    ),
    # "confirmed the plan to relocate …": a plan the parties state as theirs, as holding
    (
        re.compile(
            r"\b(?:confirmed|reaffirmed|reiterated)\s+(?:the|their)\s+plans?\s+to\s+(?=[a-z]+\b)" + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
    # "affirmed its intention to demonstrate …", "announced its plan to …": an intention the subject states
    (
        re.compile(
            r"\b(?:affirmed|reaffirmed|announced|expressed|stated|confirmed)\s+(?:its|their|his|her)\s+(?:intention|intent|plans?)\s+to\s+(?=[a-z]+\b)"
            + _WHAT,
            re.IGNORECASE,
        ),
        "planned",
    ),
    # "confirmed that relocating Futenma to Henoko is the only solution to …": a course the parties hold to, stated as
    # the only one
    (
        re.compile(
            r"\b(?:confirmed|reaffirmed|reiterated|affirmed)\s+that\s+"
            r"(?P<what>(?:[^,;:.\"\u201c\u201d]|(?<=\b[A-Z])\.){6,140}?)"
            r"(?=\s+(?:is|was|remains|remained)\s+the\s+only\s+(?:solution|option|way)\b)",
            re.IGNORECASE,
        ),
        "asserted",
    ),
    # "confirmed the steady implementation of the realignment …": an undertaking in hand, stated as such
    (
        re.compile(
            r"\b(?:confirmed|reaffirmed|reiterated)\s+(?:the|their)\s+(?:steady\s+|continued\s+|smooth\s+|full\s+)?implementation\s+of\s+"
            + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
]
# Forms that state a commitment only when what they name is one the graph records ("underscored the importance of
# peace and stability across the Taiwan Strait"); otherwise the words are a topic (`concerns`), not a commitment
WEAK_FORMS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:underscored|stressed|emphasi[sz]ed|highlighted|reaffirmed|reiterated|affirmed|confirmed)\s+the\s+importance\s+of\s+"
            r"(?:(?:maintaining|preserving|ensuring|upholding|keeping)\s+)?" + _WHAT,
            re.IGNORECASE,
        ),
        "asserted",
    ),
]
# News reports put the occasion between the verb and what is agreed ("agreed at talks at the Pentagon in October to
# …", "pledged on Monday to …", "agreed with Nakatani to …", "agreed in 1996 to …") and agree to more than the
# readouts' verbs ("agreed to keep working toward …", "agreed to seek …", "agreed to strongly oppose …"). Each form is
# (pattern, modality, rule); a match the fixed forms above made already is proposed once, under their rule.
OCCASION = (
    r"(?:(?:" + WEEKDAY + r"|(?:on|in|at|during|over|with|this|last|earlier|later)\b"
    r"(?:(?!\b(?:that|to|and|but)\b)[^,;:\"\u201c\u201d.]|(?<=\b[A-Z])\.){1,80}?)\s+)"
)
# what follows "agreed to" is an act the parties undertake, not an article or a possessive ("agreed to the expansions",
# "agreed to a plan"), nor talks to come ("agreed to start negotiations on the pact": talks are not a commitment), nor
# buying or selling (an acquisition is its own relation)
AGREED_ACT = (
    r"(?!(?:the|an?|its|their|this|that|these|those|his|her|such|some|all)\b)"
    r"(?!(?:start|begin|launch|open|hold|resume)\s+(?:formal\s+)?(?:negotiations|talks)\b)"
    r"(?!(?:buy|purchase|acquire|sell|disagree)\b)(?=[a-z]+\b)"
)
NEWS_FORMS: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"\bagreed\s+" + OCCASION + r"?to\s+" + AGREED_ACT + _WHAT),
        "agreed-to-pursue",
        "commitment-agreed-to",
    ),
    (
        re.compile(
            r"\b(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?:pledged|vowed|promised)\s+"
            + OCCASION
            + r"to\s+"
            + AGREED_ACT
            + _WHAT
        ),
        "agreed-to-pursue",
        "commitment-pledged-to",
    ),
    # "They also confirmed that the two countries would work with …": what the parties confirm they will do
    (
        re.compile(
            r"\b(?:confirmed|agreed|affirmed|reaffirmed)\s+(?:" + WEEKDAY + r"\s+|on\s+\w+\s+)?that\s+"
            r"(?P<who>(?:(?!\b(?:that|would|will)\b)[^,;:.]){2,50}?)\s+(?:would|will)\s+(?:(?:continue\s+to|also|further)\s+)?"
            + AGREED_ACT
            + _WHAT
        ),
        "agreed-to-pursue",
        "commitment-confirmed-would",
    ),
]
# "Japan will assume larger roles …", "Japan plans to set up a new unit …", "the United States announced that it would
# station …", "Japan's government plans to …": a state's own undertaking (acquiring or developing arms, shipping them,
# are relations of their own, not commitments)
UNDERTAKINGS = (
    r"strengthen|assume|set\s+up|establish|expand|increase|raise|boost|bolster|build\s+up|take\s+on|reinforce|double|"
    r"station|deploy|begin|start|launch|create|relocate|upgrade|work\s+out|complete|carry\s+out|"
    # what news reports a state will do besides: "refit the Kaga …", "spend about ¥43 trillion on defense", "take
    # every possible measure" (not "take part": a participation), "step up"; not "extend the range of its missiles",
    # which is developing a capability (a relation of its own)
    r"refit|spend|take(?!\s+part\b)|step\s+up|suspend|work\s+(?:closely|together|with|toward)"
)
NEWS_UNDERTAKING = re.compile(r"(?:refit|spend|take|step\s+up|suspend|work(?!\s+out))\b", re.IGNORECASE)
STATE_WILL = re.compile(
    r"(?:['\u2019]s\s+(?:government|cabinet)\b)?\s+(?:(?P<announced>(?:(?:has|had)\s+)?(?:announced|said|says|confirmed|stated)\s+(?:(?:on|in)\s+\w+\s+)?(?:that\s+)?it\s+"
    r"(?:would|will))|(?P<aux>will|would)|plans\s+to|intends\s+to|aims\s+to|is\s+to|prepares\s+to|is\s+preparing\s+to)\s+(?:(?:now|also|further|soon)\s+)?"
    r"(?:continue\s+to\s+)?(?=(?:" + UNDERTAKINGS + r")\b)" + _WHAT,
    re.IGNORECASE,
)
# a state's plan or pledge as a noun: "welcomed Japan's plans to raise …", "Japan's pledge to double …"
STATE_NOUN = re.compile(
    r"(?:['\u2019]s\s+(?:(?:new|latest|stated)\s+)?(?P<noun>plans?|intention|intent|pledges?|promises?)\s+to\s+(?=[a-z]+\b)|"
    r"(?:['\u2019]s)?\s+(?:(?:unwavering|ironclad|firm|steadfast|continued|long-standing)\s+)?(?P<commitment>commitments?)\s+to\s+)"
    + _WHAT,
    re.IGNORECASE,
)
# "the U.S. commitment to Japan's defense is unwavering": a commitment the text says holds (named in passing, "the
# ministers held a meeting on extended deterrence, the U.S. commitment to …", it is what a meeting is about); not one
# that the sentence doubts or questions
HOLDING = re.compile(
    r"[^.;]*?\b(?:is|was|remains|remained)\s+(?:unwavering|ironclad|firm|unshakable|unshakeable|steadfast|absolute)\b"
)
DOUBTED = re.compile(
    r"\b(?:doubts?|doubted|question(?:s|ed)?|questioning|uncertain|undermin\w*|weaken\w*|whether)\b", re.IGNORECASE
)
ACQUIRING = re.compile(r"(?:acquire|buy|purchase|obtain|import)\b", re.IGNORECASE)
NOUN_MODALITY = {
    "commitment": "asserted",
    "commitments": "asserted",
    "plan": "planned",
    "plans": "planned",
    "intention": "planned",
    "intent": "planned",
}
REPORTED = re.compile(r"\b(?:said|says|told|added|noted|announced|stated)\b(?:[^,;]*?\bthat\b)?", re.IGNORECASE)
GROUP_SUBJECT = re.compile(
    r"\b(?:the\s+(?:two|four|three)\s+(?:leaders|ministers|countries|governments|sides|allies|nations|secretaries)|"
    r"the\s+(?:leaders|ministers|allies|four|two)|both\s+(?:countries|governments|sides|leaders)|they|the\s+statement)\b",
    re.IGNORECASE,
)
# What a statement or meeting is about, in the forms reports use: "expressed concern over X", "urged X to …",
# "underscored the importance of peace in X", "On X, the ministers …"
TOPIC = re.compile(
    r"\b(?:expressed\s+(?:serious\s+|grave\s+|deep\s+|strong\s+)?concerns?\s+(?:about|over|at|regarding)|urged|called\s+on|"
    r"(?:underscored|stressed|emphasi[sz]ed)\s+the\s+importance\s+of|condemned|critici[sz]ed|discussed|welcomed)\b",
    re.IGNORECASE,
)
TOPIC_LEAD = re.compile(r"(?:^|\u2014\s*)On\s+(?P<topic>(?:[A-Z][\w.'-]*\s?){1,4}),\s+")
TOPIC_KINDS = ("State", "Place", "Region", "SecurityDomain", "Capability", "Agreement", "StrategyDocument")
COMMITMENT_TOPICS = (*TOPIC_KINDS, "TreatyArticle", "Facility", "MilitaryUnit", "Organisation")
SUBJECTLESS_ITEM = re.compile(
    r"[ \t]*[-•*\u2013\u2014][ \t]+[A-Z][a-z]+ed\b"
)  # "- Reaffirmed …": the list's subject acts
STATEMENT_WORD = re.compile(r"\b(?:joint\s+)?(?:statement|declaration)\b", re.IGNORECASE)


def propose_commitments(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        forms = [(pattern, modality, False) for pattern, modality in FORMS]
        for pattern, modality, weak in [*forms, *((pattern, modality, True) for pattern, modality in WEAK_FORMS)]:
            for match in pattern.finditer(analysis.text, sentence.start, sentence.end):
                if analysis.quoted(match.start()):
                    continue
                # "reaffirmed the unwavering U.S. commitment to …": the state named with the commitment is who commits
                owners = _states_named(analysis, match.start(), match.start("what"))
                if not owners and GROUP_SUBJECT.search(analysis.text, match.start(), match.start("what")):
                    owners = analysis.main_states()  # "reiterated the two countries' commitment to …"
                subjects = owners or _subjects(analysis, sentence, match.start())
                _commitment(analysis, index, match, modality, subjects, weak)
                if weak:
                    continue
                further = FURTHER.match(analysis.text, match.end(), sentence.end)
                while further and subjects:
                    _commitment(analysis, index, further, modality, subjects)
                    further = FURTHER.match(analysis.text, further.end(), sentence.end)
        _news_forms(analysis, index)
        for mention in analysis.mentions_in(sentence.start, sentence.end):
            if analysis.quoted(mention.start):
                continue
            state = state_or_capital(analysis, mention)
            if state is None:
                continue
            noun = STATE_NOUN.match(analysis.text, mention.end, sentence.end) if state == mention.entity else None
            if noun:
                if noun.group("commitment") and (
                    DOUBTED.search(analysis.text, sentence.start, mention.start)
                    or not HOLDING.match(analysis.text, noun.end(), sentence.end)
                ):
                    continue  # a commitment named in passing, or in doubt, is not one the text says holds
                modality = NOUN_MODALITY.get((noun.group("noun") or "commitment").lower(), "agreed-to-pursue")
                _commitment(analysis, index, noun, modality, [mention.entity])
                further = FURTHER.match(analysis.text, noun.end(), sentence.end)
                while further:  # "Japan's plans to sharply raise its defense spending and to deepen …"
                    if not ACQUIRING.match(
                        further.group("what")
                    ):  # "… and to acquire X": what it acquires, not a pledge
                        _commitment(analysis, index, further, modality, [mention.entity])
                    further = FURTHER.match(analysis.text, further.end(), sentence.end)
            match = STATE_WILL.match(analysis.text, mention.end, sentence.end)
            if not match or not _subject_position(analysis, sentence.start, mention.start):
                continue
            if (
                match.group("aux")
                and match.group("aux").lower() == "would"
                and not _reported(analysis, sentence, mention)
            ):
                continue  # "Japan would …" is a condition or a past future, unless it is what someone said Japan would do
            rule = "commitment-state-will" if NEWS_UNDERTAKING.match(match.group("what")) else "commitment-phrase"
            _commitment(analysis, index, match, "planned", [state], rule=rule)


def state_or_capital(analysis: Analysis, mention) -> str | None:
    """The state a mention names as one that acts: its name, or its capital ("Tokyo prepares to set up …",
    "Washington announced in July that it would …"), which the registry may hold as a place of its own."""
    if analysis.is_a(mention.entity, "State"):
        return mention.entity if mention.kind in ("name", "capital") else None
    if mention.kind != "name" or not analysis.is_a(mention.entity, "Place"):
        return None
    capitals = analysis.context.lexicon.capitals
    states = [state for state, words in capitals.items() if mention.text in words]
    return states[0] if len(states) == 1 and states[0] in analysis.context.registry.entities else None


def _news_forms(analysis: Analysis, index: int) -> None:
    """The commitments of NEWS_FORMS in one sentence, with who commits: for "confirmed that X would", the states X
    names or the parties for a group ("the two countries"); otherwise the verb's subject, and the partner an "agreed
    with Nakatani to …" names."""
    sentence = analysis.sentences[index]
    for pattern, modality, rule in NEWS_FORMS:
        for match in pattern.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                analysis.why_not(match.start(), "an agreement or pledge the sentence denies")
                continue  # "have not agreed to …", "never pledged to …"
            if "who" in pattern.groupindex:
                subjects = _states_named(analysis, match.start("who"), match.end("who"))
                if not subjects and GROUP_SUBJECT.fullmatch(match.group("who").strip()):
                    subjects = analysis.main_states()
            else:
                subjects = _subjects(analysis, sentence, match.start())
                for partner in _partners(analysis, match.start(), match.start("what")):
                    if subjects and partner not in subjects:
                        subjects = [*subjects, partner]
            _commitment(analysis, index, match, modality, subjects, rule=rule)
            further = FURTHER.match(analysis.text, match.end(), sentence.end)
            while further and subjects:
                _commitment(analysis, index, further, modality, subjects, rule=rule)
                further = FURTHER.match(analysis.text, further.end(), sentence.end)


def _said_before(analysis: Analysis, label: str) -> str | None:
    """The commitment the text proposed already in other words of the same content: the lede's "increase pressure
    on Pyongyang" is the later "further strengthen pressure on North Korea" (a capital is its state; degree adverbs
    and the verbs of increase say the same)."""
    mine = _comparable_words(analysis, label)
    for entity in analysis.entities.values():
        if entity.type == "Commitment" and len(mine) >= 2 and _comparable_words(analysis, entity.label) == mine:
            return entity.id
    return None


DEGREE = frozenset(["further", "also", "closely", "strongly", "even", "more", "greatly", "significantly"])


def _comparable_words(analysis: Analysis, words: str) -> frozenset[str]:
    for state, capitals in analysis.context.lexicon.capitals.items():
        for capital in capitals:
            words = re.sub(rf"\b{re.escape(capital)}\b", analysis.label(state), words)
    stems = [INCREASE.get(w, w) for w in _content_words(words) if w not in DEGREE]
    return frozenset(stems)


INCREASE = {"strengthen": "increas", "heighten": "increas", "step": "increas", "intensify": "increas"}
NOT_BEFORE = re.compile(r"\b(?:not|never|n['\u2019]t)\s+(?:yet\s+)?$", re.IGNORECASE)
UNFINISHED = re.compile(r"\b(?:a|an|the|of|to|for|with|on|in|and|or|its|their)$", re.IGNORECASE)
ANAPHORIC = re.compile(r"\b(?:such|these|those)\s+(?!as\b)\w+|\b(?:it|them|this|that)$", re.IGNORECASE)


def _partners(analysis: Analysis, start: int, end: int) -> list[str]:
    """The state of who an "agreed with …" names (a state, or a person holding one state's office)."""
    found = []
    for mention in analysis.mentions_in(start, end):
        if not re.search(r"\bwith\s+(?:[A-Z][\w.]*\s+){0,4}$", analysis.text[start : mention.start]):
            continue
        found += [s for s in _states_named(analysis, mention.start, mention.end) if s not in found]
    return found


# What talks to come will take up ("the two leaders are expected to discuss North Korea's missile programs", "they
# will discuss …", "the ministers plan to discuss …"): an agenda item of the meeting the text announced
AGENDA = re.compile(
    r"\b(?:(?:is|are)\s+(?:also\s+)?(?:expected|set|scheduled|due|likely)\s+to|will(?:\s+also)?|plans?\s+to|"
    r"(?:is|are)\s+to)\s+(?:discuss|take\s+up|focus\s+on)\b",
    re.IGNORECASE,
)
# What talks that happened were about, said of the talks themselves ("The talks focused on North Korea", "the
# meeting centered on the Senkaku Islands")
TALKS_ABOUT = re.compile(
    r"\b(?:talks|meeting|summit|discussions|conversation|call|session)\s+(?:\w+\s+){0,2}?"
    r"(?:focused|focussed|centered|centred|touched)\s+(?:mainly\s+|largely\s+|mostly\s+)?on\b",
    re.IGNORECASE,
)

# What a statement itself is said to call for or address ("The joint statement called for …", "the declaration also
# addressed …"; what it urges or expresses concern over, propose_topics reads with "the statement" as speaker)
STATEMENT_ABOUT = re.compile(
    r"\b(?:statement|declaration|communiqu[eé])\s+(?:also\s+)?(?:called\s+for|calls\s+for|addressed|addresses|"
    r"covered|covers|touched\s+on|focused\s+on|focuses\s+on)\b",
    re.IGNORECASE,
)


def propose_agenda(analysis: Analysis) -> None:
    """`concerns` of a meeting for what its participants will discuss (agenda-item) or what the talks focused on, and
    of what two people named together speak of."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        _pair_topics(analysis, index)
        for pattern, rule in (
            (AGENDA, "agenda-of-a-meeting"),
            (TALKS_ABOUT, "topic-of-talks"),
            (STATEMENT_ABOUT, "topic-of-a-statement"),
        ):
            for verb in pattern.finditer(analysis.text, sentence.start, sentence.end):
                if analysis.quoted(verb.start()):
                    continue
                clause_start, clause_end = analysis.clause(sentence, verb.start())
                if rule == "agenda-of-a-meeting":
                    if not _people_speak(analysis, index, clause_start, verb.start()):
                        continue
                    # the build holds `concerns` only as fact: the meeting itself is the planned one, and the note
                    # says its topic is an agenda item
                    about, note = _planned_meeting(analysis, index), "an agenda item of the meeting to come"
                else:
                    about, note = _what_is_about(analysis, index), None
                if about is None:
                    continue
                end = _end_of_topic(analysis.text, verb.end(), clause_end, AGENDA_STOP)
                _topics_named(analysis, index, about, verb.end(), end, verb.group(), rule, note)


# Where the words of what speakers are about end: the clause's next part (", and", ";", a relative clause) or the
# speakers' next predicate ("… and agreed to continue cooperation with the ROK"), which says something else.
CLAUSE_STOP = r",\s+(?:and|which|who|where|when)\b|;"
TOPIC_STOP = re.compile(CLAUSE_STOP + r"|\s+and\s+(?:agreed|said|called|urged|reaffirmed|pledged|committed|vowed)\b")
PAIR_TOPIC_STOP = re.compile(TOPIC_STOP.pattern + r"|,\s+according\b")
AGENDA_STOP = re.compile(CLAUSE_STOP + r"|,\s+according\b|\s+and\s+(?:said|agreed)\b")


def _end_of_topic(text: str, start: int, clause_end: int, stop: re.Pattern) -> int:
    """Where the words from `start` about a topic end: at `stop`, or the clause's end."""
    cut = stop.search(text, start, clause_end)
    return cut.start() if cut else clause_end


def _pair_topics(analysis: Analysis, index: int) -> None:
    """ "Kono and Esper expressed serious concern over …", "Kishida and Biden discussed …": two people the text names,
    speaking together, say what their meeting or statement is about, as "the two ministers" do."""
    sentence = analysis.sentences[index]
    for verb in TOPIC.finditer(analysis.text, sentence.start, sentence.end):
        clause_start, clause_end = analysis.clause(sentence, verb.start())
        if analysis.quoted(verb.start()) or _parties_speak(analysis, index, clause_start, verb.start()):
            continue  # the parties as a group: propose_topics's
        if not _pair_speaks(analysis, clause_start, verb.start()):
            continue
        about = _what_is_about(analysis, index)
        if about is None:
            continue
        end = _end_of_topic(analysis.text, verb.end(), clause_end, PAIR_TOPIC_STOP)
        _topics_named(analysis, index, about, verb.end(), end, verb.group(), "topic-of-a-pair", None)


def _pair_speaks(analysis: Analysis, start: int, position: int) -> bool:
    """The words before the verb, after its clause's last comma, are two people joined by "and" (with their titles),
    and no one reports them ("Abe said Kono and Esper …" is Abe's)."""
    commas = [start + m.end() for m in re.finditer(r",", analysis.text[start:position])]
    segment = commas[-1] if commas else start
    people = [m for m in analysis.mentions_in(segment, position) if analysis.is_a(m.entity, "Person")]
    if len(people) != 2 or len({p.entity for p in people}) != 2:
        return False
    between = analysis.text[people[0].end : people[1].start]
    after = analysis.text[people[1].end : position]
    return bool(re.fullmatch(r"\s+and\s+(?:[A-Z][\w.]*\s+)*", between)) and bool(
        re.fullmatch(r"[\s,]*(?:(?:also|jointly|both)\s+)?", after)
    )


def _people_speak(analysis: Analysis, index: int, start: int, position: int) -> bool:
    """The clause's subject is the parties as a group or people the text names ("Hayashi and Blinken … are expected
    to discuss"), not a thing ("the budget is expected to …")."""
    if _parties_speak(analysis, index, start, position):
        return True
    before = analysis.text[start:position]
    people = [m for m in analysis.mentions_in(start, position) if analysis.is_a(m.entity, "Person")]
    return bool(people) and not re.search(r"\b(?:said|says|told)\b", before[before.find(people[-1].text) :])


def _planned_meeting(analysis: Analysis, index: int) -> str | None:
    """The meeting or summit to come that this sentence or the one before announces (its participants, date or
    place, planned), the last one told of."""
    planned = [
        c
        for c in analysis.claims
        if c.relation in ("participant", "date", "place")
        and c.modality in ("planned", "agenda-item")
        and analysis.sentence_index(c.start) in (index, index - 1)
        and same_item(analysis, analysis.sentence_index(c.start), index)
        and (
            analysis.is_a(c.subject, "Meeting")
            or analysis.is_a(c.subject, "Summit")
            or _proposed_type(analysis, c.subject) in ("Meeting", "Summit")
        )
    ]
    return max(planned, key=lambda c: c.start).subject if planned else None


def _topics_named(
    analysis: Analysis, index: int, about: str, start: int, end: int, words: str, rule: str, note: str | None
) -> None:
    """The states, places, capabilities, agreements and documents named in start–end, as what `about` concerns; not
    where the meeting takes place ("discuss the situation in Phnom Penh on Friday")."""
    sentence = analysis.sentences[index]
    places = {c.object for c in analysis.claims if c.subject == about and c.relation == "place"}
    for mention in analysis.mentions_in(start, end):
        kind = next((k for k in TOPIC_KINDS if analysis.is_a(mention.entity, k)), None)
        if kind is None or mention.entity == about or mention.kind == "demonym" or mention.entity in places:
            continue
        if _inside_longer_name(analysis, mention):
            continue
        analysis.propose(
            ProposedClaim(
                about,
                "concerns",
                mention.entity,
                sentence.start,
                sentence.end,
                rule,
                0.5,
                f"{words} … {mention.text}",
                note=note,
            )
        )


def propose_topics(analysis: Analysis) -> None:
    """`concerns` of the statement or meeting a sentence reports, for what its group subject speaks of."""
    propose_agenda(analysis)
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        text = analysis.text
        spans = []
        for verb in TOPIC.finditer(text, sentence.start, sentence.end):
            clause_start, clause_end = analysis.clause(sentence, verb.start())
            if analysis.quoted(verb.start()) or not _parties_speak(analysis, index, clause_start, verb.start()):
                continue  # only what the parties themselves say ("the ministers expressed concern over …")
            # a relative clause (", which Blinken … signed at NASA headquarters") says where or who, and the speakers'
            # next predicate ("… and agreed to continue cooperation with the ROK") says something else: not the topic
            spans.append((verb.end(), _end_of_topic(text, verb.end(), clause_end, TOPIC_STOP), verb.group()))
        lead = TOPIC_LEAD.search(text, sentence.start, sentence.end)
        if lead and lead.start() - sentence.start < 12 and GROUP_SUBJECT.search(text, lead.end(), sentence.end):
            spans.append((lead.start("topic"), lead.end("topic"), lead.group().strip()))
        # "… reaffirmed that Article 5 … applies to the Senkaku Islands": the statement or meeting concerns the place too
        places = [
            c
            for c in analysis.claims
            if c.rule == "article-applies-to-place" and analysis.sentence_index(c.start) == index
        ]
        if not spans and not places:
            continue
        about = _what_is_about(analysis, index)
        if about is None:
            continue
        for claim in places:
            analysis.propose(
                ProposedClaim(
                    about,
                    "concerns",
                    claim.object,
                    sentence.start,
                    sentence.end,
                    "topic-of-statement-or-meeting",
                    0.5,
                    claim.evidence,
                )
            )
        for start, end, words in spans:
            for mention in analysis.mentions_in(start, end):
                kind = next((k for k in TOPIC_KINDS if analysis.is_a(mention.entity, k)), None)
                if kind is None or mention.entity == about or mention.kind == "demonym":
                    continue
                evidence = f"{words} … {mention.text}"
                analysis.propose(
                    ProposedClaim(
                        about,
                        "concerns",
                        mention.entity,
                        sentence.start,
                        sentence.end,
                        "topic-of-statement-or-meeting",
                        0.45,
                        evidence,
                    )
                )


def _parties_speak(analysis: Analysis, index: int, start: int, position: int) -> bool:
    """The clause's subject is the parties as a group, said in the clause or, for an item of a list, by its opening
    sentence ("the two Secretaries: - Discussed …")."""
    if GROUP_SUBJECT.search(analysis.text, start, position):
        return True
    intro = list_intro(analysis, index)
    if intro is None or not SUBJECTLESS_ITEM.match(analysis.text, analysis.sentences[index].start):
        return False
    return bool(
        GROUP_SUBJECT.search(analysis.text, intro.start, intro.end)
        or TWO_SIDES.search(analysis.text, intro.start, intro.end)
    )


def _subject_position(analysis: Analysis, start: int, position: int) -> bool:
    """The state opens its clause ("Japan will …", "…, and Japan will …", "Kihara says Japan will …"), not a phrase
    inside another one."""
    before = analysis.text[start:position]
    before = re.sub(
        r"^(?:(?:last|next|this|on|in|earlier|later)\s+\w+(?:\s+\d+)?,?\s+)?(?:the\s+)?", "", before, flags=re.I
    )
    return (
        not before.strip()
        or bool(re.search(r"(?:[,;]\s*(?:and\s+)?|\bthat\s+|\band\s+)(?:the\s+)?$", before))
        or bool(
            re.search(r"\b(?:comes?|came)\s+as\s+$|\b(?:while|because|since)\s+$", before)
        )  # "comes as Tokyo prepares to"
        or _reported_before(before)
    )


def _reported_before(before: str) -> bool:
    return bool(re.search(r"\b(?:said|says|announced|told\s+\w+)\s+(?:that\s+)?(?:the\s+)?$", before))


def _reported(analysis: Analysis, sentence, mention) -> bool:
    """ "Kihara said Japan would …", "announced that the United States would …": reported speech."""
    return _reported_before(analysis.text[sentence.start : mention.start])


def opens_clause(analysis: Analysis, start: int, position: int) -> bool:
    """Whether what stands at `position` opens its clause (see _subject_position), for rule families of their own."""
    return _subject_position(analysis, start, position)


def subjects_of(analysis: Analysis, sentence, position: int) -> list[str]:
    """Who acts in the clause of the verb at `position` (see _subjects), for rule families of their own."""
    return _subjects(analysis, sentence, position)


def _subjects(analysis: Analysis, sentence, position: int) -> list[str]:
    """Who commits: the states (or people, for their states) named as the subject of the verb, or the text's two
    states for a group subject ("the two leaders", "the four ministers", "they"). The subject is looked for in the
    words after the last comma before the verb first ("On North Korea, the four ministers reaffirmed …"; "…, and
    said they opposed …"), then in the whole clause."""
    clause_start, _ = analysis.clause(sentence, position)
    commas = [clause_start + m.end() for m in re.finditer(r",", analysis.text[clause_start:position])]
    segments = [_list_start(analysis, commas)] if commas else []
    for start in [*segments, clause_start]:
        before = analysis.text[start:position]
        # "Suga said Biden had expressed his commitment …": the subject of what is reported, not the one who reports it
        reported = list(REPORTED.finditer(analysis.text, start, position))
        states = _states_named(analysis, reported[-1].end(), position) if reported else []
        if not states and reported and GROUP_SUBJECT.search(analysis.text, reported[-1].end(), position):
            return analysis.main_states()  # "Abe told reporters that the two leaders had agreed …": both, not his
        states = states or _states_named(analysis, start, position)
        if states:
            return states
        if GROUP_SUBJECT.search(before) or TWO_SIDES.search(before):
            return _group_states(analysis, sentence, before)
    intro = list_intro(analysis, analysis.sentence_index(position))
    if intro is not None and SUBJECTLESS_ITEM.match(analysis.text, sentence.start):
        return _subjects(analysis, intro, intro.end - 1)  # "the two Secretaries: - Reaffirmed …": the list's subject
    return []


THREE = re.compile(r"\b(?:the\s+three|all\s+three|trilateral)\b", re.IGNORECASE)


def _group_states(analysis: Analysis, sentence, words: str) -> list[str]:
    """The states of a group subject: the text's two, or three for "the three leaders" (or a "they" right after a
    sentence that names them so: "The three leaders adopted … They also agreed …") — the third being the one other
    state that takes part, itself or by its people, in the meetings the text tells of."""
    two = analysis.main_states()
    index = analysis.sentence_index(sentence.start)
    previous = analysis.sentences[index - 1] if index > 0 else None
    three = THREE.search(words) or (
        re.search(r"\bthey\b", words, re.IGNORECASE)
        and previous is not None
        and THREE.search(analysis.text, previous.start, previous.end)
    )
    if not three or len(two) != 2:
        return two
    # the third is the one other state whose people (or itself) take part in the text's meetings: not a state the
    # text names often for what it does ("China's growing assertiveness")
    third = {s for s in _participant_states(analysis) if s not in two}
    return [*two, *third] if len(third) == 1 else two


def _participant_states(analysis: Analysis) -> set[str]:
    found = set()
    for claim in analysis.claims:
        if claim.relation != "participant" or claim.modality != "asserted":
            continue
        if analysis.is_a(claim.object, "State"):
            found.add(claim.object)
        elif analysis.is_a(claim.object, "Person"):
            state = person_state(analysis, claim.object)
            if state is not None:
                found.add(state)
    return found


def _list_start(analysis: Analysis, commas: list[int]) -> int:
    """Where the words after the last comma begin, or, when they end a list of names ("…, where Kishida, Marcos and
    U.S. President Joe Biden agreed …"), where the list begins: each piece before is one person or state alone."""
    start = commas[-1]
    for previous in reversed(commas[:-1]):
        piece = analysis.text[previous : start - 1]
        if not _one_name(analysis, previous, start - 1, piece):
            return start
        start = previous
    return start


def _one_name(analysis: Analysis, start: int, end: int, piece: str) -> bool:
    names = [
        m
        for m in analysis.mentions_in(start, end)
        if analysis.is_a(m.entity, "Person") or analysis.is_a(m.entity, "State")
    ]
    if len(names) != 1:
        return False
    rest = piece.replace(names[0].text, " ")
    return bool(re.fullmatch(r"\s*(?:(?:where|when|and|while)\s+)?(?:[A-Z][\w.]*\s*)*", rest))


def _states_named(analysis: Analysis, start: int, end: int) -> list[str]:
    states: list[str] = []
    for mention in analysis.mentions_in(start, end):
        tail = analysis.text[mention.end : mention.end + 3]
        if re.match(r"['\u2019]s\b|[-\u2010-\u2015]", tail):
            continue  # "Japan's administration", "U.S.-Japan alliance": not the subject
        head = analysis.text[max(start, mention.start - 24) : mention.start]
        if re.search(r"\b(?:on|over|about|against|with|to|of|in|from|by)\s+(?:the\s+)?$", head) and not re.search(
            r"\b(?:leaders?|governments?|ministers?|commitments?)\s+of\s+(?:the\s+)?$", head
        ):  # ("the commitment of the United States to …": whose it is)
            continue  # "on North Korea", "concern over China": what the clause is about
        state = None
        if mention.kind in ("name", "capital") and analysis.is_a(mention.entity, "State"):
            if _between_capitals(analysis, mention):
                continue  # "China" in "the East China Sea": a name the registry lacks, not a state that acts
            state = mention.entity
        elif analysis.is_a(mention.entity, "Person"):  # "Biden, Suga and the leaders of …": their states commit
            offices = analysis.context.offices_held.get(mention.entity, set())
            offices |= {
                c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == mention.entity
            }
            found = {analysis.context.office_state.get(o) for o in offices} - {None}
            state = found.pop() if len(found) == 1 else None
        if state and state not in states:
            states.append(state)
    return states


# a deadline and then what the undertaking is for: "by March 2025 to unify …", "by the end of fiscal 2027 to direct …"
PURPOSE = re.compile(r"(?<=\d{4})\s+to\s+[a-z]+\b")
WORDS = re.compile(r"(?P<what>.+)", re.DOTALL)


def propose_commitment(
    analysis: Analysis,
    index: int,
    match: re.Match,
    modality: str,
    subjects: list[str],
    rule: str,
) -> None:
    """Who commits (`subjects`) to what the match's `what` group words, with what the commitment and the sentence's
    statement or meeting concern: the commitment rules' one way of proposing, for rule families of their own."""
    _commitment(analysis, index, match, modality, subjects, rule=rule)


def _commitment(
    analysis: Analysis,
    index: int,
    match: re.Match,
    modality: str,
    subjects: list[str],
    weak: bool = False,
    rule: str = "commitment-phrase",
) -> None:
    """Who commits to what the match's words say; with `weak` (a form that states a commitment only sometimes, such as
    "underscored the importance of X"), only when X restates a commitment the registry records."""
    sentence = analysis.sentences[index]
    purpose = PURPOSE.search(analysis.text, match.start("what"), match.end("what"))
    if purpose is not None:  # "set up X by March 2025 to unify the command of …": what is set up, not what for
        match = WORDS.match(analysis.text, match.start("what"), purpose.start()) or match
    what = " ".join(match.group("what").split())
    if not subjects:
        analysis.why_not(match.start(), f"a commitment ({what!r}) whose parties the rules cannot tell")
        return
    if rule != "commitment-phrase" and (UNFINISHED.search(what) or ANAPHORIC.search(what)):
        # "agreed to consider holding a" (cut at a quotation mark), "agreed to strongly oppose such attempts": words
        # that do not say what the commitment is
        analysis.why_not(match.start(), f"{what!r} does not say what is committed to")
        return
    if re.match(r"any\s+unilateral\b", what, re.IGNORECASE):
        what = f"opposing {what}"  # "oppose any unilateral action …": the commitment is the opposition
    label = what[0].upper() + what[1:]
    near = similar_entities(analysis, label, "Commitment")
    same = [n for n in near if fuzz.token_sort_ratio(normalise_name(label), normalise_name(n["matched"])) >= SAME_WORDS]
    target = _spending_target_in(analysis, sentence, what)
    restated = _restated(analysis, match, subjects)
    if same:
        identifier = same[0][
            "id"
        ]  # the registry's commitment, in the same words (not words it contains: "Japan's defense")
    elif restated:
        identifier = (
            restated  # the registry's commitment, restated with the text's particulars ("… in the East China Sea")
        )
    elif weak:
        analysis.why_not(match.start(), f"{what!r} is a commitment only when the graph records it, and it does not")
        return
    elif target:
        identifier = target  # "double its defense spending to about 2 percent of GDP by 2027": the spending target
    else:
        identifier = next(
            (e.id for e in analysis.entities.values() if e.type == "Commitment" and e.label == label), None
        ) or _said_before(analysis, label)
        if identifier is None:
            identifier = analysis.free_id(short_id(f"commitment/{slug(what)}", 70))
            definition = f"What {' and '.join(analysis.label(s) for s in subjects)} committed to, as document {analysis.source.id} words it."
            analysis.entity(
                ProposedEntity(
                    identifier,
                    "Commitment",
                    label,
                    definition,
                    "commitment-phrase",
                    0.55,
                    match.start("what"),
                    match.end("what"),
                    candidates=near,
                )
            )
    evidence = analysis.text[match.start() : match.end()]
    for state in subjects:
        analysis.propose(
            ProposedClaim(
                state,
                "makesCommitment",
                identifier,
                sentence.start,
                sentence.end,
                rule,
                0.6,
                evidence,
                modality=modality,
            )
        )
    about = _what_is_about(analysis, index)
    if about:
        analysis.propose(
            ProposedClaim(
                about,
                "concerns",
                identifier,
                sentence.start,
                sentence.end,
                "commitment-of-statement-or-meeting",
                0.5,
                evidence,
            )
        )
    if restated and not same:
        return  # what the registered commitment is about, the graph says; the text's particulars are the occasion's
    # what the commitment is about: the places, domains, forces, articles and third states its own words name
    for mention in analysis.mentions_in(match.start("what"), match.end("what")):
        if mention.kind == "demonym" or mention.entity in subjects or mention.entity == identifier:
            continue
        if analysis.is_a(mention.entity, "State") and mention.entity in analysis.main_states():
            continue  # "the defense of Japan": the parties' own state is who commits, not the topic
        if any(mention.text in words for words in analysis.context.lexicon.capitals.values()):
            continue  # "work out the details with Washington": the capital stands for its government
        partner = re.search(
            r"\bwith\b(?:(?!\b(?:of|to|toward|towards|against|on)\b).)*$",
            analysis.text[match.start("what") : mention.start],
        )  # "cooperation with partners such as Australia and India": partners, not what the meeting is about
        if analysis.is_a(mention.entity, "State") and _inside_longer_name(analysis, mention):
            continue  # "China" in "the South China Sea": a name the registry lacks, not a third state
        if analysis.is_a(mention.entity, "State") and not partner:
            # "toward the complete denuclearization of North Korea": a third state is what the meeting or statement
            # that made the commitment is about (a partner, "cooperation with the ROK", is the commitment's own)
            if about and mention.entity != about:  # (the text's current meeting instead: as often wrong as right)
                analysis.propose(
                    ProposedClaim(
                        about,
                        "concerns",
                        mention.entity,
                        sentence.start,
                        sentence.end,
                        "third-state-of-a-commitment",
                        0.5,
                        f"{what} … {mention.text}",
                    )
                )
            continue
        if not any(analysis.is_a(mention.entity, kind) for kind in COMMITMENT_TOPICS) or _inside_longer_name(
            analysis, mention
        ):
            continue
        if analysis.is_a(mention.entity, "Treaty") and ARTICLE_OF.search(
            analysis.text, max(match.start("what"), mention.start - 40), mention.start
        ):
            continue  # "under Article 5 of the bilateral security treaty": the article is the topic, named with its treaty
        if re.search(r"\b[A-Z][a-z]+\s+in\s+$", analysis.text[max(0, mention.start - 30) : mention.start]):
            continue  # "to Henoko in Okinawa": where the place before it lies, not what the commitment is about
        if analysis.is_a(mention.entity, "Organisation") and re.search(
            r"\b(?:meeting|session)\s+of\s+(?:the\s+)?$", analysis.text[match.start("what") : mention.start]
        ):
            continue  # "seek an emergency meeting of the UN Security Council": the meeting sought, not the council
        if analysis.is_a(mention.entity, "SecurityDomain") and re.match(
            r"\s+of\b", analysis.text[mention.end : mention.end + 4]
        ):
            continue  # "return the land of the Futenma base": a piece of ground, not the land domain
        analysis.propose(
            ProposedClaim(
                identifier,
                "concerns",
                mention.entity,
                sentence.start,
                sentence.end,
                "what-a-commitment-names",
                0.5,
                f"{what} … {mention.text}",
            )
        )
    _means_named(analysis, index, match, identifier)


def _means_named(analysis: Analysis, index: int, match: re.Match, identifier: str) -> None:
    """ "… to the defense of Japan, using its full range of capabilities, including nuclear", "…, including under
    Article 5": the means and the article a trailing phrase of the commitment names are what it concerns too ("nuclear"
    alone is the registry's nuclear weapons)."""
    sentence = analysis.sentences[index]
    _, clause_end = analysis.clause(sentence, match.start("what"))
    trailing = MEANS.match(analysis.text, match.end("what"), clause_end)
    if trailing is None:
        return
    found = [
        m.entity
        for m in analysis.mentions_in(trailing.start(), trailing.end())
        if m.kind == "name" and any(analysis.is_a(m.entity, kind) for kind in ("Capability", "TreatyArticle"))
    ]
    nuclear = analysis.context.registry.resolve("nuclear weapons")
    if nuclear is not None and re.search(r"\bnuclear\b(?!\s+weapons)", trailing.group(), re.IGNORECASE):
        found.append(nuclear.id)
    for entity in dict.fromkeys(found):
        analysis.propose(
            ProposedClaim(
                identifier,
                "concerns",
                entity,
                sentence.start,
                sentence.end,
                "what-a-commitment-names",
                0.5,
                trailing.group().strip(" ,"),
            )
        )


# the words of an article before the treaty it is of: "Article 5 of the bilateral", "Article V of the"
ARTICLE_OF = re.compile(r"\bArticle\s+[\dIVX]+\s+of\s+(?:the\s+)?(?:[\w.\u2013-]+\s+){0,3}$")
# a commitment's trailing phrase of means: ", using its full range of capabilities, including nuclear"
MEANS = re.compile(r",\s*(?:using|through|with|including)\b(?:(?!,\s*and\b)[^;])*", re.IGNORECASE)  # to a next clause
# words that say nothing of what a commitment is: left out when names are compared
# fmt: off
FUNCTION_WORDS = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "any", "its", "their", "his",
    "her", "our", "this", "that", "these", "those", "all", "both", "across", "between", "from", "into", "within"
])
# fmt: on
SAME_STEM = {"rais": "increas", "boost": "increas", "hik": "increas"}  # words news texts use for one another
RESTATED = 0.85  # share of the registry name's content words the text's words must hold
RESTATED_WITH_ENTITY = 0.5  # … when both name the same registered unit, facility, capability or place


def _content_words(name: str) -> list[str]:
    """Stems of a name's words, without function words or possessive 's: "attempts" is "attempt", "raising" and
    "increased" are "increas"."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", normalise_name(name).replace("\u2019", "'").replace("'s ", " "))
    stems = []
    for word in words:
        if word in FUNCTION_WORDS:
            continue
        stem = re.sub(r"(?:ing|ed|es|e|s)$", "", word) if len(word) > 4 and not word.endswith("ss") else word
        stems.append(SAME_STEM.get(stem, stem))
    return stems


def _restated(analysis: Analysis, match: re.Match, subjects: list[str]) -> str | None:
    """The registry Commitment that the text's words restate with particulars of their own: the registry name's
    content words, less its leading gerund ("Opposing", "Preserving": the attitude, which the verb of the text says),
    nearly all among the text's words and the names of who commits ("any unilateral attempts to change the status quo
    by force or coercion in the East China Sea"; "peace and stability across the Taiwan Strait"; Japan's "plans to
    sharply raise its defense spending"), or half of them when both name the same registered unit, facility,
    capability or place ("station a Marine littoral regiment in Okinawa"). Not the other way round: "Japan's defense"
    does not restate "Japan's increase in defense spending"."""
    mine = set(_content_words(match.group("what")))
    for subject in subjects:
        mine |= set(_content_words(analysis.label(subject)))
    named = [
        set(_content_words(m.text))
        for m in analysis.mentions_in(match.start("what"), match.end("what"))
        # not a name inside a longer one: "U.S. Marine Corps" in "U.S. Marine Corps Air Station Futenma" is a base
        if m.kind == "name" and not analysis.is_a(m.entity, "State") and not _inside_longer_name(analysis, m)
    ]
    best: tuple[float, int, str] | None = None
    for entity in analysis.context.registry.entities.values():
        if entity.iri is not None or not analysis.context.is_a(entity.id, "Commitment"):
            continue
        for written in (entity.label, *entity.aliases):
            theirs = _content_words(written)
            if theirs and written.split()[0].lower().endswith("ing"):
                theirs = theirs[1:]
            if len(theirs) < 3:
                continue
            share = sum(w in mine for w in theirs) / len(theirs)
            same_entity = any(words and words <= set(theirs) for words in named)
            needed = RESTATED_WITH_ENTITY if same_entity else RESTATED
            if share >= needed and (best is None or (share, len(theirs)) > best[:2]):
                best = (share, len(theirs), entity.id)
    return best[2] if best else None


def _spending_target_in(analysis: Analysis, sentence, what: str) -> str | None:
    """The spending target the spending rule proposed for these words ("… to about 2 percent of GDP"), if any: one
    commitment, not a second one in the phrase's words."""
    for claim in analysis.claims:
        if claim.rule == "spending-target" and claim.start == sentence.start and claim.evidence in what:
            return claim.object
    return None


def _inside_longer_name(analysis: Analysis, mention) -> bool:
    """ "China" in "the East China Sea", a name the registry lacks: a capitalised word on either side."""
    before = re.search(r"\b([A-Z][a-z]+)\s+$", analysis.text[max(0, mention.start - 20) : mention.start])
    after = re.match(r"\s+[A-Z][a-z]+\b", analysis.text[mention.end : mention.end + 20])
    return bool(after or (before and before.group(1) not in ("The", "And", "With", "In", "On", "Of", "To")))


def _between_capitals(analysis: Analysis, mention) -> bool:
    before = re.search(r"\b([A-Z][a-z]+)\s+$", analysis.text[max(0, mention.start - 20) : mention.start])
    after = re.match(r"\s+[A-Z][a-z]+\b", analysis.text[mention.end : mention.end + 20])
    return bool(after and before and before.group(1) not in ("The", "And", "With", "In", "On", "Of", "To"))


def _what_is_about(analysis: Analysis, index: int, depth: int = 0) -> str | None:
    """The statement the sentence quotes from ("the statement said", "in the statement"), else the meeting or summit
    this sentence or the one before tells of, when it happened (a planned meeting commits no one yet), the meeting a
    readout's list or a "During the meeting, …" frame sets it in, or the meeting of the ministers or leaders the
    sentence opens with ("The Ministers reaffirmed …"). Further back, and for a pronoun ("They …"), which event a
    sentence is about is discourse the rules do not read: nothing is proposed."""
    sentence = analysis.sentences[index]
    events = [
        c
        for c in analysis.claims
        if c.relation in ("participant", "date", "place")
        and c.modality == "asserted"
        and analysis.sentence_index(c.start) in (index, index - 1)
        and c.subject not in analysis.passing  # "since 1969, when Sato met Nixon": not the meeting told of
        # "…, where he had met Yoon." then "The leaders condemned …": the background meeting only in its own sentence
        and (c.subject not in analysis.background or analysis.sentence_index(c.start) == index)
        and same_item(analysis, analysis.sentence_index(c.start), index)
        and (
            analysis.is_a(c.subject, "Meeting")
            or analysis.is_a(c.subject, "Summit")
            or _proposed_type(analysis, c.subject) in ("Meeting", "Summit")
        )
    ]
    if STATEMENT_WORD.search(analysis.text, sentence.start, sentence.end):
        # the joint statement the text introduced last: issued at a meeting, or given its parties or issuers
        statements = [
            c.subject
            for c in sorted(analysis.claims, key=lambda c: c.start)
            if analysis.sentence_index(c.start) <= index
            and (
                c.relation == "issuedAt"
                or (
                    c.relation in ("hasParty", "issuedBy")
                    and (
                        analysis.is_a(c.subject, "JointStatement")
                        or _proposed_type(analysis, c.subject) == "JointStatement"
                    )
                )
            )
        ]
        if statements:
            return statements[-1]
    if events and GROUP_OF_LEVEL.match(analysis.text, sentence.start, sentence.end):
        # "The two leaders …" right after "…from Seoul, where he had met South Korea's President": the meeting of the
        # text's two states, not the other one the sentence before told of
        group = set(analysis.main_states())
        events = [c for c in events if not _states_of_people(analysis, c.subject) - group]
    if events:
        return max(events, key=lambda c: c.start).subject
    intro = list_intro(analysis, index)
    framing = intro if intro is not None else sentence
    if MEETING_FRAME.match(analysis.text, framing.start, framing.end):
        # "During today's meeting, the two Secretaries: - Reaffirmed …", "At the talks, the ministers …": the meeting
        # the text told of before, whatever visit or ceremony it told of since
        return last_meeting(analysis, analysis.sentences.index(framing))
    if intro is not None:  # a list item reports what the meeting the text last told of, up to the list, did
        return current_event(analysis, analysis.sentences.index(intro) + 1)
    naming = index if _said_after_meeting(analysis, index) else None
    if naming is None and index > 0 and THE_TWO_AGREED.search(analysis.text, sentence.start, sentence.end):
        naming = index - 1 if _said_after_meeting(analysis, index - 1) else None
    if naming is not None:
        # "X told reporters after the meeting that …", "Speaking to reporters after the call, X said …", and then
        # "X said the two also agreed …": what was said of the meeting the text told of just before
        return _meeting_just_before(analysis, naming)
    if depth < 2 and (
        _they_continue(analysis, index) or (same_item(analysis, index - 1, index) and he_continues(analysis, index))
    ):
        # "They also expressed concern over …" after "The four ministers reaffirmed …": the same people, and what the
        # sentence before was about — its statement only when it told what the statement says ("In a joint statement,
        # the ministers said …"), not when it told of the statement as a thing done ("The leaders adopted a joint
        # statement …. They also agreed …": what their meeting agreed)
        about = _what_is_about(analysis, index - 1, depth + 1)
        previous = analysis.sentences[index - 1]
        if about is not None and not STATEMENT_SOURCE.search(analysis.text, previous.start, previous.end):
            about = next((c.object for c in analysis.claims if c.subject == about and c.relation == "issuedAt"), about)
        return about
    return _group_meeting(analysis, index) or meeting_of_the_speaker(analysis, index)


# a statement as the source of what a sentence reports: "in a joint statement", "the statement said", "according to
# the statement"
STATEMENT_SOURCE = re.compile(
    r"\b(?:in|according\s+to)\s+(?:a|an|the|their|its)\s+(?:[\w-]+\s+){0,2}?(?:statement|declaration)\b|"
    r"\b(?:statement|declaration)\s+(?:also\s+)?(?:said|says|stated|noted|added)\b",
    re.IGNORECASE,
)
# a sentence whose subject is "They", the people the sentence before opened with
THEY = re.compile(r"[ \t]*They\b")
PEOPLE_OPENING = 100  # how far into the sentence before its people are looked for


def _they_continue(analysis: Analysis, index: int) -> bool:
    """The sentence opens with "They", and the sentence before (of the same paragraph or list item) opens with the
    parties as a group ("The two leaders", "the ministers") or with people the text names."""
    sentence = analysis.sentences[index]
    if index == 0 or not THEY.match(analysis.text, sentence.start) or not same_item(analysis, index - 1, index):
        return False
    previous = analysis.sentences[index - 1]
    opening = min(previous.end, previous.start + PEOPLE_OPENING)
    if GROUP_SUBJECT.search(analysis.text, previous.start, opening):
        return True
    people = {m.entity for m in analysis.mentions_in(previous.start, opening) if analysis.is_a(m.entity, "Person")}
    return len(people) >= 2


# "the Ministers", "the two leaders": the people of a meeting the text reported, by the level of their meeting
# a speaker's words told "after the meeting": what the meeting the text told of before was about
SAID_AFTER_MEETING = re.compile(
    r"\b(?:told|speaking\s+to|briefed)\s+(?:reporters|journalists|the\s+press)\b[^.;\"\u201c]{0,40}?"
    r"\b(?:after|following)\s+(?:the|their)\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|call)\b",
    re.IGNORECASE,
)
# "the two (leaders) also agreed …": what the two who met did there
THE_TWO_AGREED = re.compile(
    r"\bthe\s+two\s+(?:leaders\s+|ministers\s+|sides\s+)?(?:also\s+)?(?:agreed|confirmed|reaffirmed|pledged|vowed)\b",
    re.IGNORECASE,
)


def _meeting_just_before(analysis: Analysis, index: int) -> str | None:
    """The meeting that happened which one of the two sentences before `index` introduced, if it is the last one."""
    meeting = last_meeting(analysis, index)
    told = [
        analysis.sentence_index(c.start)
        for c in analysis.claims
        if c.subject == meeting and c.relation in ("participant", "date", "place")
    ]
    return meeting if told and max(told) >= index - 2 else None


def _said_after_meeting(analysis: Analysis, index: int) -> bool:
    sentence = analysis.sentences[index]
    found = SAID_AFTER_MEETING.search(analysis.text, sentence.start, sentence.end)
    return found is not None and not analysis.quoted(found.start())


GROUP_OF_LEVEL = re.compile(r"\W*(?:\w+\W+){0,3}?the\s+(?:two\s+|four\s+)?(?P<who>ministers|leaders)\b", re.IGNORECASE)


def _group_meeting(analysis: Analysis, index: int) -> str | None:
    """ "The Ministers expressed concern about …" further on in a report: the last meeting that happened at that level
    whose participants the text named (a meeting only mentioned, by its date, has no ministers to speak)."""
    sentence = analysis.sentences[index]
    group = GROUP_OF_LEVEL.match(analysis.text, sentence.start, sentence.end)
    if group is None:
        return None
    level = "ministerial" if group.group("who").lower() == "ministers" else "leaders"
    attended = [
        c
        for c in analysis.claims
        if c.relation == "participant"
        and c.modality == "asserted"
        and analysis.sentence_index(c.start) < index
        and c.subject not in analysis.passing
        and c.subject not in analysis.background  # "the two leaders" are not those of "where he had met Yoon"
        and same_item(analysis, analysis.sentence_index(c.start), index)
        and (analysis.is_a(c.subject, "Meeting") or analysis.is_a(c.subject, "Summit"))
    ]
    if not attended:
        return None
    # the last of them whose people are of the text's two states: "the two leaders" of a Japan-U.S. report are not the
    # U.S. and South Korean presidents whose meeting the text told of in passing
    group = set(analysis.main_states())
    meetings = list(dict.fromkeys(c.subject for c in sorted(attended, key=lambda c: -c.start)))
    last = next((m for m in meetings if not _states_of_people(analysis, m) - group), meetings[0])
    levels = {c.object for c in analysis.claims if c.subject == last and c.relation == "level"}
    return last if level in levels else None


def _states_of_people(analysis: Analysis, meeting: str) -> set[str]:
    """The states of a meeting's participants: the states it names, and the one state of each person's offices."""
    found = set()
    for claim in analysis.claims:
        if claim.subject != meeting or claim.relation != "participant" or claim.modality != "asserted":
            continue
        if analysis.is_a(claim.object, "State"):
            found.add(claim.object)
        elif analysis.is_a(claim.object, "Person") and person_state(analysis, claim.object) is not None:
            found.add(person_state(analysis, claim.object))
    return found


def current_event(analysis: Analysis, index: int) -> str | None:
    """What the text is telling of at sentence `index`: the last meeting or summit that happened which an earlier
    sentence introduced (its participants, date or place), until another event is introduced — a readout's list
    reports what the lede's meeting did. A text that has turned to a planned event, or whose last event is not a
    meeting, has no current meeting to report on."""
    return last_meeting_told(analysis, index)


def _proposed_type(analysis: Analysis, entity: str) -> str | None:
    proposed = analysis.entities.get(entity)
    return proposed.type if proposed else None
