"""Finding event mentions: a cue of the lexicon (`events:`) opens a mention in its clause (or in one item of a list
in it); then the mentions of one sentence are related to each other — a visit made for a meeting, a meeting on the
sidelines of another event, a press conference after a meeting, who launched missiles, "the two" named before, a
meeting asked for by others — and implausible ones are dropped."""

from __future__ import annotations

import re

from alliance_kg.curation.propose.acts import ACT_KINDS, act_window, body_words, deciding_state
from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.event_details import (
    APPOSED_OFFICE,
    MODALITY_OF_EVENT,
    VERB_CUE,
    agreements,
    describe,
    level_in,
    mention_date,
    place,
)
from alliance_kg.curation.propose.event_records import Agent, EventMention
from alliance_kg.curation.propose.event_reference import joint_with_the_meeting, told_as_background
from alliance_kg.curation.propose.items import same_item
from alliance_kg.curation.propose.news_events import (
    exercise_name,
    exercise_parties,
    exercise_run,
    named_in_apposition,
)
from alliance_kg.curation.propose.persons import PersonMention
from alliance_kg.curation.propose.visitors import pronoun_visitor
from alliance_kg.curation.textdates import DateMention

CONDITIONAL_SIGNING = re.compile(
    r"\b(?:when|once|if|after|before|until|unless)\s+(?:it\s+is\s+|they\s+are\s+|being\s+)?signed\b", re.IGNORECASE
)
NOT_AN_AGREEMENT = re.compile(
    r"\s+(?:an?|the|his|her|their)\s+(?:[\w-]+\s+)?(?:orders?|bills?|laws?|letters?|decrees?|proclamations?|memos?|"
    r"legislation|budgets?|petitions?|autographs?|books?|guestbooks?|visitors'?\s+books?)\b",
    re.IGNORECASE,
)
# "the first time … since 1969, when Sato met Nixon", "for the first time in 20 years": an older event the sentence
# compares the one it tells of with, named in passing
COMPARISON = re.compile(r"\b(?:since|for\s+the\s+first\s+time\s+in)\b[^.;:]*$", re.IGNORECASE)


def mentions_in_sentence(
    analysis: Analysis, index: int, people: list[PersonMention], earlier: list[EventMention]
) -> list[EventMention]:
    sentence = analysis.sentences[index]
    text = analysis.text
    found: list[EventMention] = []
    for cue in analysis.context.lexicon.events:
        matches = [
            m
            for pattern in cue.patterns
            for m in pattern.finditer(text, sentence.start, sentence.end)
            if not analysis.quoted(m.start())
        ]
        if not matches:
            continue
        matches.sort(key=lambda m: m.start())
        # each clause of the sentence (split at semicolons and colons) names its own events: "The summit was the
        # first meeting of the two as leaders; Abe had met Trump … in November"
        clauses: dict[tuple[int, int], list[re.Match]] = {}
        for match in matches:
            clauses.setdefault(analysis.clause(sentence, match.start()), []).append(match)
        for in_clause in clauses.values():
            for match, own in _coordinated(analysis, sentence, in_clause):
                _add_mention(analysis, index, sentence, cue, match, own, found)
    for mention in found:
        describe(analysis, mention, people)
        mention.background = told_as_background(analysis, mention)
        if mention.cue.kind in ACT_KINDS:
            _who_acts(analysis, mention, people)
        elif mention.cue.kind == "missile launch":
            _who_launched(analysis, mention)
        elif mention.cue.type == "Visit" and not mention.participants:
            if visitor := pronoun_visitor(analysis, index, mention.start):  # "He visited Okinawa on May 4"
                mention.participants = [Agent(visitor, mention.start, mention.start, True, inferred=True)]
        elif mention.cue.type == "Exercise":
            mention.participants = exercise_parties(
                analysis, mention.clause, (mention.start, mention.end), mention.participants, Agent
            )
            if mention.series and analysis.is_a(mention.series, "MilitaryUnit"):
                mention.series = None  # the Marine Corps drills in the exercise; it is no series of meetings
            mention.name = exercise_name(analysis, mention.sentence_clause, (mention.start, mention.end))
            if run := exercise_run(analysis, mention.sentence_clause):
                by_its_end = mention.date is not None and mention.modality_words == mention.date.text
                mention.date, mention.date_value = run
                if by_its_end and run[1].earliest <= analysis.source.date.latest:
                    # it began, and its end is to come: the exercise is a fact, the span it runs a plan
                    mention.modality, mention.modality_words = "asserted", ""
                    mention.date_modality = "planned" if run[1].latest > analysis.source.date.latest else None
    found = [m for m in found if m.cue.kind != "missile launch" or (m.participants and not _habitual(analysis, m))]
    found = [m for m in found if m.cue.type != "Exercise" or not _kind_of_exercise(analysis, m)]
    found = [m for m in found if not _setting_of_another(analysis, m, found)]
    _nearest_cue(analysis, found)
    for mention in found:
        if mention.cue.type == "Visit":  # after the nearest cue took its own: whom the visitor meets is not theirs
            mention.participants = [a for a in mention.participants if not _met_on_the_visit(analysis.text, mention, a)]
    _visit_for_a_meeting(analysis, found)
    _on_the_sidelines(analysis, found)
    _after_the_meeting(analysis, found, earlier)
    for mention in found:
        _the_two_named_before(analysis, mention, earlier + [f for f in found if f.start < mention.start])
        _asked_for(analysis, mention)
    for mention in found:
        if len([a for a in mention.participants if a.person]) >= 2:  # the people stand for their states
            mention.participants = [a for a in mention.participants if a.person or not analysis.is_a(a.id, "State")]
        if mention.cue.type == "Visit":  # people travel; a state the clause names is where they go or who is told of
            mention.participants = [a for a in mention.participants if not analysis.is_a(a.id, "State")]
        if mention.cue.kind == "press conference":  # people speak to the press; a state named is what is spoken of
            mention.participants = [a for a in mention.participants if not analysis.is_a(a.id, "State")]
        if mention.cue.type == "Signing":
            mention.signers = [a for a in mention.participants if not a.inferred]
            mention.participants = [
                a for a in mention.participants if a.person
            ]  # states sign: signedBy, not participant
            if mention.signers and mention.agreements:
                mention.anaphoric = False  # "Japan … celebrated the signing of the X Agreement": its own signing
    return [m for m in found if _plausible(analysis, m)]


# "launched more than a dozen missiles", "fired dozens of missiles", "fired 20 missiles": a count of missiles
COUNT_OF_MISSILES = re.compile(
    r"\s+(?:more\s+than\s+|some\s+|about\s+|at\s+least\s+|nearly\s+|over\s+|dozens\s+of\s+|several\s+|scores\s+of\s+|"
    r"\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)",
    re.IGNORECASE,
)


def _habitual(analysis: Analysis, mention: EventMention) -> bool:
    """ "North Korea's missile launches", "has launched more than a dozen missiles this year": launches in the plural
    with no time the sentence gives, or over a span longer than a month, are a run of events the text speaks of, not
    one it reports (one it dates is: "launches of short-range missiles this month", "fired two missiles on Tuesday")."""
    plural = re.search(r"\blaunches\b", mention.match_text, re.IGNORECASE) or COUNT_OF_MISSILES.match(
        analysis.text, mention.end
    )
    if plural is None or mention.counted_from:
        return False  # "two days after North Korea launched two missiles": the launches another date counts from
    value = mention.date_value
    if mention.date is not None and (value is None or (value.latest - value.earliest).days <= 31):
        return False
    analysis.why_not(
        mention.start, "launches in the plural, undated or over more than a month: a run of launches, not one event"
    )
    return True


# what makes plural drills particular ones: a determiner, a number, or a verb that holds them ("the drills", "their
# joint exercises", "held large-scale drills")
PARTICULAR = re.compile(
    r"\b(?:the|these|those|their|its|his|her|our|two|three|several|(?:[\w.-]+['\u2019]s)|held|hold|holds|holding|"
    r"staged|stage|conducted|conduct|conducting|carried\s+out|began|begin|started|ended|wrapped\s+up|launched)\s+$",
    re.IGNORECASE,
)


def _kind_of_exercise(analysis: Analysis, mention: EventMention) -> bool:
    """ "China has criticized joint exercises by the United States and its allies": drills in the plural with no
    determiner, no name, no date and no verb that holds them are a kind of activity the text speaks of, not one
    exercise it reports."""
    if not re.search(r"\b(?:exercises|drills)$", mention.match_text, re.IGNORECASE):
        return False
    if mention.date is not None or mention.name or mention.modality != "asserted":
        return False  # "agreed to expand joint naval drills": the drills they plan are the reviewer's to judge
    if PARTICULAR.search(analysis.text, max(0, mention.start - 30), mention.start):
        return False
    analysis.why_not(mention.start, "drills in the plural, undated and unnamed: a kind of activity, not one exercise")
    return True


COORDINATED = re.compile(r",\s+and\s+(?=(?-i:[A-Z]))")


def _coordinated(
    analysis: Analysis, sentence, matches: list[re.Match]
) -> list[tuple[re.Match, tuple[int, int] | None]]:
    """The first way the sentence names an event; and, where a later clause with its own subject names another of
    the same kind ("… is due to visit Washington …, and Biden will make a state visit to Japan"), that one too,
    each read in its own part of the sentence."""
    first = matches[0]
    clause = analysis.clause(sentence, first.start())
    cuts = [m.start() for m in COORDINATED.finditer(analysis.text, clause[0], clause[1])]
    taken = [first]
    for match in matches[1:]:
        if any(taken[-1].end() <= cut < match.start() for cut in cuts):
            taken.append(match)
    if len(taken) == 1:
        return [(first, None)]
    bounds = [
        clause[0],
        *[next(c for c in cuts if a.end() <= c < b.start()) for a, b in zip(taken, taken[1:], strict=False)],
        clause[1],
    ]
    return [(match, (bounds[i], bounds[i + 1])) for i, match in enumerate(taken)]


def _add_mention(
    analysis: Analysis,
    index: int,
    sentence,
    cue,
    match: re.Match,
    own: tuple[int, int] | None,
    found: list[EventMention],
) -> None:
    text = analysis.text
    clause = own or analysis.clause(sentence, match.start())
    generic = cue.type == "Meeting" and cue.series is None
    if generic and any(
        f.sentence_clause == clause
        and f.cue.type in ("Meeting", "Summit")
        and f.clause[0] <= match.start() < f.clause[1]
        and not SIDELINES.search(text, match.end(), f.start)
        and not TEMPORAL_REFERENCE.search(text, max(clause[0], f.start - 25), f.start)
        for f in found
    ):
        return  # "the 2+2 meeting", "summit meeting": one event, named by its specific cue (not "X met Y …, and … a summit")
    if cue.type == "Signing" and CONDITIONAL_SIGNING.search(text, max(sentence.start, match.start() - 12), match.end()):
        analysis.why_not(match.start(), "a signing the text makes conditional (when/once/if signed)")
        return
    if cue.type == "Signing" and NOT_AN_AGREEMENT.match(text, match.end()):
        # "Biden signed an order for the United States to rejoin the Paris climate agreement": no agreement was signed
        analysis.why_not(match.start(), "signed an order, a bill or a letter: no agreement's signing")
        return
    window = clause
    if cue.kind in ACT_KINDS:
        # an announcement or decision: its clause up to what was said or decided, which names no party of it
        window = act_window(analysis, cue.kind, match.start(), match.end(), clause)
        if window is None:
            return
    elif cue.series is None and not VERB_CUE.fullmatch(match.group().strip().split()[-1].lower()):
        window = _list_item(analysis, clause, match.start(), match.end())
        if cue.type == "Exercise" and named_in_apposition(analysis, clause, match.start()):
            window = clause  # "Resolute Dragon, an annual exercise of X, which began on Thursday": no list
    mention = EventMention(cue, match.start(), match.end(), index, window, match_text=match.group())
    mention.sentence_clause = clause
    # a second cue of the kind, in a clause with its own subject, is another event ("…, and Biden will make a state visit")
    mention.distinct = own is not None and any(f.cue is cue and f.sentence == index for f in found)
    found.append(mention)


def _nearest_cue(analysis: Analysis, mentions: list[EventMention]) -> None:
    """Two events in one sentence ("held a 2+2 … and two days later came the summit between X and Y"): each party,
    date and place goes to the cue nearest to it."""
    if len(mentions) < 2:
        return

    def distance(mention: EventMention, start: int, end: int) -> int:
        return start - mention.end if start >= mention.end else max(0, mention.start - end)

    for mention in mentions:
        others = [m for m in mentions if m is not mention]
        # a party named after a later cue belongs to that cue ("… a 2+2, and later the summit between X and Y"); one
        # named before both is the subject of both ("X met Y and signed …")
        mention.participants = [
            a
            for a in mention.participants
            if not any(mention.end <= o.start <= a.start and a.id in {x.id for x in o.participants} for o in others)
        ]
        # "Abe is due to visit Washington …, and Trump will make a state visit": the later cue has its own subject
        text = analysis.text
        subjects = [
            a
            for a in mention.participants
            if any(o.end <= a.start < mention.start for o in others)
            and re.search(r",\s+and\s+$|;\s+$", text[max(0, a.start - 8) : a.start])
        ]
        if subjects:
            mention.participants = [a for a in mention.participants if a.start >= subjects[0].start]
        if mention.date is not None and any(
            o.date is mention.date
            and distance(o, mention.date.start, mention.date.end)
            < distance(mention, mention.date.start, mention.date.end)
            and not _coordinated_after(text, mention, mention.date, o)
            for o in others
        ):
            mention.date, mention.date_value = None, None
        if mention.place is not None and any(
            o.place == mention.place
            and distance(o, mention.place[1], mention.place[2]) < distance(mention, mention.place[1], mention.place[2])
            for o in others
        ):
            mention.place = None


PURPOSE = re.compile(r"\b(?:for|to)\s+(?:[\w'\u2019-]+\s+){0,3}$", re.IGNORECASE)


def _visit_for_a_meeting(analysis: Analysis, mentions: list[EventMention]) -> None:
    """ "X will visit Washington next month to meet Y", "X is due to travel to P for talks with Y": two events, the
    visit (X, P and the words between) and the meeting it is for (X and Y, and only the date and place after its own
    cue: "…, set for Feb. 10 at the White House"), which is part of the visit. Without a traveller named before the
    visit, which of them the sentence's parts belong to is not told, and nothing is changed."""
    text = analysis.text
    for visit in [m for m in mentions if m.cue.type == "Visit"]:
        meeting = next(
            (
                m
                for m in mentions
                if m.cue.type in ("Meeting", "Summit")
                and visit.clause[0] <= m.start < visit.clause[1]
                and visit.end <= m.start <= visit.end + 80
                and not re.search(r"[,;:]", text[visit.end : m.start])
                and (
                    PURPOSE.search(text[visit.end : m.start]) or re.match(r"to\s", text[m.start : m.end], re.IGNORECASE)
                )
            ),
            None,
        )
        if meeting is None:
            continue
        travellers = [a for a in visit.participants if a.start < visit.start and not a.inferred]
        if not travellers:
            continue
        met = [a for a in meeting.participants if a.start >= meeting.start and a.id not in {t.id for t in travellers}]
        visit.participants = travellers
        meeting.participants = travellers + met
        visit.clause = (visit.clause[0], meeting.start)
        meeting.clause = (
            meeting.start,
            min(meeting.clause[1], visit.sentence_clause[1]),
        )  # not "…, and Biden will make a state visit"
        for mention in (visit, meeting):
            mention.date, mention.date_value = mention_date(analysis, mention)
            mention.date_from = None
            mention.place = place(analysis, mention)
            if mention.date_value is not None and mention.date_value.earliest > analysis.source.date.latest:
                mention.modality = "planned"
            elif (
                mention.modality != "asserted"
                and mention.date_value is not None
                and mention.date_value.latest < analysis.source.date.earliest
            ):
                mention.date, mention.date_value = None, None  # a plan's past date is when it was made
        meeting.part_of = visit


# "Ahead of the two-plus-two, the ministers held …": the 2+2 is when, not what this clause's meeting is
TEMPORAL_REFERENCE = re.compile(
    r"\b(?:ahead\s+of|before|after|following|prior\s+to)\s+(?:the|a|an|their|this)\s+[\"\u201c]?$", re.IGNORECASE
)
SIDELINES = re.compile(
    r"\b(?:on|at)\s+the\s+(?:sidelines|margins|fringes)\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'\u2019-]+\s+){0,5}$"
    r"|\b(?:during|as\s+part\s+of)\s+(?:the|a|an|his|her|their)\s+(?:[\w.'\u2019-]+\s+){0,5}$",
    re.IGNORECASE,
)


def _on_the_sidelines(analysis: Analysis, mentions: list[EventMention]) -> None:
    """ "X met Y on the sidelines of the G7 summit in Hiroshima", "… during the Shangri-La Dialogue": the meeting is
    part of the other event. Who met is the meeting's (the summit's parties are not told); the place after the other
    event's cue is where both are; the date, said of the meeting, is the meeting's."""
    text = analysis.text
    for meeting in [m for m in mentions if m.cue.type == "Meeting" and m.cue.series is None]:
        whole = next(
            (
                m
                for m in mentions
                if m is not meeting
                and m.cue.type in ("Meeting", "Summit", "Event", "Exercise")
                and meeting.end <= m.start <= meeting.end + 90
                and SIDELINES.search(text, meeting.end, m.start)
            ),
            None,
        )
        if whole is None:
            continue
        meeting.part_of = whole
        meeting.participants = [a for a in meeting.participants if a.start < whole.start]
        whole.participants = [a for a in whole.participants if a.start > whole.end]
        whole.clause = (whole.start, whole.clause[1])
        whole.place = place(analysis, whole)
        if whole.place is not None:
            meeting.place = whole.place
        if whole.date is not None and meeting.date is None:
            # "met … on the sidelines of the summit in Hiroshima later that month": when they met, within the summit
            meeting.date, meeting.date_value = whole.date, whole.date_value


# "Following the meeting, the two Secretaries held a joint press conference"; "At a joint news conference in the Rose
# Garden after the talks, …": the press conference is part of the meeting told of, and (opening the sentence) on its day
AFTER_THE_MEETING = re.compile(
    r"\W*(?:following|after)\s+(?:the|their|this|today's)\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|call|2\+2|two-plus-two)\s*,",
    re.IGNORECASE,
)
AFTER_THE_CUE = re.compile(
    r"\s+(?:(?:in|at)\s+[^,;]{1,40}?\s+)?(?:following|after)\s+(?:the|their)\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|call)\b",
    re.IGNORECASE,
)


def _after_the_meeting(analysis: Analysis, found: list[EventMention], earlier: list[EventMention]) -> None:
    """A press conference, ceremony or announcement "following the meeting" / "after the talks" is part of the last
    meeting that happened (not one only planned or compared with); when the sentence opens with those words, it is
    dated by it."""
    text = analysis.text
    for mention in [m for m in found if m.cue.type == "Event"]:
        sentence = analysis.sentences[mention.sentence]
        opening = AFTER_THE_MEETING.match(text, sentence.start, mention.start)
        if not (opening or AFTER_THE_CUE.match(text, mention.end, sentence.end)):
            continue
        meetings = [
            m
            for m in earlier + [f for f in found if f.start < mention.start]
            if m.cue.type in ("Meeting", "Summit")
            and m.modality == "asserted"
            and any(a.person for a in m.participants)  # the meeting the report tells of, not one named by its series
            and same_item(analysis, m.sentence, mention.sentence)
            and not passing(analysis, m)
            and not m.background  # "after the talks": not after "where he had met Yoon"
        ]
        people = {a.id for a in mention.participants if a.person}
        # of those, the last that the people of the press conference took part in, when it names any
        shared = [m for m in meetings if people & {a.id for a in m.participants}]
        if not (shared or meetings):
            continue
        meeting = (shared or meetings)[-1]
        mention.part_of = meeting
        joint_with_the_meeting(mention, meeting)
        if opening and mention.date is None and meeting.date is not None:
            mention.date, mention.date_value = meeting.date, meeting.date_value


def _who_acts(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> None:
    """Who announced, decided or briefed: the clause's subject, before the verb — a person ("He" too), or the state
    whose body decided (with the one who chairs it)."""
    mention.participants = [a for a in mention.participants if a.start < mention.start]
    if mention.cue.kind == "decision":
        mention.body = body_words(analysis, mention.clause[0], mention.start)
        state = deciding_state(analysis, mention.clause[0], mention.start, people)
        if state is not None and not any(a.id == state[0] for a in mention.participants):
            mention.participants.append(Agent(state[0], state[1], state[2], False, inferred=True))


WHERE = re.compile(r",\s+where\b", re.IGNORECASE)


def _setting_of_another(analysis: Analysis, mention: EventMention, found: list[EventMention]) -> bool:
    """ "X visited the Pentagon on Thursday, where he and Y signed …": the visit is told as the setting of the event in
    the "where" clause, which takes the day and the place; no visit of its own (but "arrived in Tokyo from Seoul,
    where he had met …" tells of another place)."""
    if mention.cue.type != "Visit":
        return False
    sentence = analysis.sentences[mention.sentence]
    where = WHERE.search(analysis.text, mention.end, sentence.end)
    if where is None or re.search(r"\bfrom\b", analysis.text[mention.end : where.start()]):
        return False  # "arrived in Tokyo from Seoul, where he had met …": where is Seoul, not the visit's place
    return any(o is not mention and o.sentence == mention.sentence and o.start > where.start() for o in found)


# "North Korea launched …", "China has fired …": the state right before the verb; "North Korea's (recent) missile
# launches": the state that owns the noun ("North Korean missile launches" is the kind, no particular launches);
# "missiles fired by China": the state after "by"
LAUNCHER_SUBJECT = re.compile(r"(?:\s+(?:has|had|have|also|again|then|reportedly)){0,2}\s+$")
LAUNCHER_OWNER = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+){0,2}$")
LAUNCHER_AFTER = re.compile(r"\s+by\s+(?:the\s+)?$")
LAUNCH_VERB = re.compile(r"launched|fired|test", re.IGNORECASE)


def _who_launched(analysis: Analysis, mention: EventMention) -> None:
    """Who launched the missiles: only the state the words make the launcher — not the people the clause is about
    ("the leaders appeared to differ over North Korea's recent missile launches"). None found: no event."""
    text = analysis.text
    launcher = None
    verb = bool(LAUNCH_VERB.match(mention.match_text))
    before = LAUNCHER_SUBJECT if verb else LAUNCHER_OWNER
    for m in analysis.mentions_in(max(mention.clause[0], mention.start - 40), mention.end + 12):
        if not analysis.is_a(m.entity, "State"):
            continue
        if (m.end <= mention.start and before.fullmatch(text, m.end, mention.start)) or (
            m.start >= mention.end and LAUNCHER_AFTER.fullmatch(text, mention.end, m.start)
        ):
            launcher = m
    mention.participants = [Agent(launcher.entity, launcher.start, launcher.end, False)] if launcher else []
    if launcher is None:
        return
    # what the launcher did is told by its own words, not by the clause the launches are named in ("they appeared
    # to differ over North Korea's recent missile launches"; "was not bothered by North Korea's launches")
    first = min(launcher.start, mention.start)
    said = analysis.context.lexicon.modality_of(analysis.unquoted(first, mention.end))
    mention.modality, mention.modality_words = (
        (MODALITY_OF_EVENT.get(said[0], "asserted"), said[1]) if said else ("asserted", "")
    )
    if mention.date is not None and not verb:
        # the launches as a noun: their date is one in the noun phrase ("launches of … missiles this month"), not
        # the clause's ("pledged on Monday …, but differed over North Korea's missile launches")
        near = (
            re.fullmatch(r"[^,;]{0,40}", text[mention.end : mention.date.start])
            if mention.date.start >= mention.end
            else None
        )
        if near is None:
            mention.date, mention.date_value, mention.date_from = None, None, None


PEOPLE_TOGETHER = re.compile(
    r"\b(?:the|both)\s+(?:(?P<n>two|three|four)\s+)?(?:[\w-]+\s+)?(?:leaders|ministers|secretaries|counterparts)\b",
    re.IGNORECASE,
)
NUMBERS = {"two": 2, "three": 3, "four": 4}
PEOPLE_NOUN = re.compile(r"\b(?:leaders|ministers|secretaries|counterparts)\b", re.IGNORECASE)


def _the_two_named_before(analysis: Analysis, mention: EventMention, earlier: list[EventMention]) -> None:
    """ "the two leaders met again", "the two ministers held talks": the people of the nearest event before (in this
    sentence or the two before) that has that many, in place of the text's two states. With none, nothing changes."""
    text = analysis.text
    start = mention.clause[0]
    found = list(PEOPLE_TOGETHER.finditer(text, max(start, mention.start - 45), mention.start))
    if not found or len([a for a in mention.participants if a.person]) >= 2:
        return
    words = found[-1]
    # "the two secretaries": that many; "the ministers": however many the last event with people had
    count = (
        NUMBERS.get(words.group("n").lower(), 2)
        if words.group("n")
        else (2 if words.group().lower().startswith("both") else None)
    )
    noun = words.group().split()[-1].lower()
    kind = {"secretaries": "minister", "ministers": "minister", "leaders": "leader"}.get(noun)
    if re.search(r"\b(?:defen[cs]e|foreign|trade|economic|finance)\s+\w+$", words.group(), re.IGNORECASE):
        kind = "minister"  # "the two defense leaders" are the defence ministers
    for prior in reversed([m for m in earlier if not m.background]):
        people = list({a.id: a for a in prior.participants if a.person}.values())
        if kind is not None:
            # "the two secretaries" are no prime minister: people whose office is of that kind
            people = [p for p in people if _office_kinds(analysis, p.id) == {kind}]
        if count is not None and noun in ("secretaries", "ministers") and len(people) != count:
            # "the two secretaries" of a meeting of two secretaries and two ministers: those of that title
            people = [p for p in people if _titled(analysis, p.id, noun[:-3] if noun == "secretaries" else noun[:-1])]
        if count is None and len(people) < 2:
            continue
        if count is None or len(people) == count:
            kept = [a for a in mention.participants if not a.inferred and a.id not in {p.id for p in people}]
            mention.participants = sorted(
                kept + [Agent(p.id, words.start(), words.end(), True, inferred=True) for p in people],
                key=lambda a: a.start,
            )
            mention.anaphoric = False  # "the ministers held the first meeting on …": named by who held it
            if (
                mention.cue.level is None
            ):  # "the two ministers met on the sidelines of a summit": ministers, not leaders
                mention.level = (
                    level_in(analysis.context.lexicon.levels, text, words.start(), words.end()) or mention.level
                )
            return
    if PEOPLE_NOUN.search(words.group()):
        # "the two leaders" are people; the text's two states stand for them only in the words of a state
        mention.participants = [a for a in mention.participants if not a.inferred]


# "agreed to seek an emergency meeting of the Security Council", "requested a session of the council": a body's
# meeting asked for by others
ASKED_FOR = re.compile(
    r"\b(?:seek|seeks|sought|seeking|request(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|ask(?:s|ed|ing)?\s+for|"
    r"push(?:es|ed|ing)?\s+for|demand(?:s|ed|ing)?)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _asked_for(analysis: Analysis, mention: EventMention) -> None:
    """Those who ask for a meeting of a body (the UN Security Council) are not said to take part in it, nor does their
    rank give its level: the people and states named before the cue are dropped; whoever is named after it stays."""
    if mention.series is None or mention.cue.series is not None:
        return  # a meeting of a series the cue names ("a 2+2") is one its parties hold, whoever called it
    if not ASKED_FOR.search(analysis.text, max(mention.clause[0], mention.start - 40), mention.start):
        return
    mention.participants = [a for a in mention.participants if a.start > mention.end]
    mention.level = mention.cue.level or level_in(
        analysis.context.lexicon.levels, analysis.text, mention.start, mention.end
    )


PREDICATE_START = re.compile(
    r"^\s*(?:and|but)\s+(?:then\s+|later\s+|also\s+)?(?!(?:a|an|the|two|several|other)\b)(?-i:[a-z]+)\b", re.IGNORECASE
)


def _office_kinds(analysis: Analysis, person: str) -> set[str]:
    """The kinds (leader, minister, …) of the offices the person holds, as this text names them (in 2015 Kishida is
    the foreign minister, whatever else the graph knows of him), else as the graph knows them."""
    offices = {
        c.object
        for c in analysis.claims
        if c.relation == "holdsOffice" and c.subject == person and c.modality != "former"
    }
    offices = offices or analysis.context.offices_held.get(person, set())
    labels = {analysis.label(office) for office in offices}
    return {
        title.kind
        for title in analysis.context.lexicon.offices
        if any(_office_label(pattern).fullmatch(label) for pattern in title.labels.values() for label in labels)
    }


def _office_label(pattern: str) -> re.Pattern[str]:
    """A label of the lexicon's offices as a pattern: "Prime Minister of {state}" names the office of any state (a
    new Australian prime minister's "Prime Minister of Australia" is a leader's office too)."""
    return re.compile(re.escape(pattern).replace(re.escape("{state}"), ".+"))


def _titled(analysis: Analysis, person: str, word: str) -> bool:
    """Whether an office the person holds (as proposed here, or known to the graph) has `word` in its name."""
    offices = {c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == person}
    offices |= analysis.context.offices_held.get(person, set())
    return any(word in analysis.label(office).lower() for office in offices)


def _coordinated_after(text: str, mention: EventMention, date: DateMention, other: EventMention) -> bool:
    """ "X met Y on Jan. 12 and signed …": the date closes the first predicate, which the second is coordinated with."""
    return (
        mention.end <= date.start
        and date.end <= other.start
        and bool(re.fullmatch(r"\s*,?\s*and\s+", text[date.end : other.start]))
    )


ITEM_START = re.compile(r"^\s*(?:and\s+|as\s+well\s+as\s+)?(?:a|an|the|two|several|other)\b", re.IGNORECASE)


def _list_item(analysis: Analysis, clause: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """A noun cue in a list of engagements ("…, the signing of X at Y, a policy speech from Z at W, …") says only
    what its own item says; elsewhere ("Biden and Kishida attend the summit meeting at …") its whole clause."""
    text = analysis.text
    cuts = [clause[0]] + [clause[0] + m.start() for m in re.finditer(",", text[clause[0] : clause[1]])] + [clause[1]]
    segments = list(zip(cuts, cuts[1:], strict=False))
    for number, (a, b) in enumerate(segments):
        if a <= start < b:
            own = text[a + (1 if number else 0) : b]
            following = (
                text[segments[number + 1][0] + 1 : segments[number + 1][1]] if number + 1 < len(segments) else ""
            )
            if PREDICATE_START.match(own):
                return clause  # "…, and then flew to Tokyo for a summit with X on March 16, the first such visit": a
                # predicate of the clause's subject, not an item of a list
            if APPOSED_OFFICE.match(following) and re.search(r"(?-i:[A-Z][a-z]+)\s*$", own):
                return clause  # "protested to Lt. Gen. X, the top Marine commander in Okinawa, at Camp …": who X is
            if (number and ITEM_START.match(own)) or ITEM_START.match(following):
                return (a + (1 if number else 0), b)
    return clause


# after a visit's cue, words that introduce whom the visitor meets or what they do there: "… visited Tokyo and agreed
# with Nakatani", "… will fly to Washington for his first summit with Trump" (not "the visit by X and Y", nor a bare
# "with", which may name a fellow traveller: "visited Tokyo with Blinken")
MET_ON_THE_VISIT = re.compile(
    r"\b(?:meet|meets|met|meeting|talks|summit|for|hosted|host|see)\b|\band\s+(?-i:[a-z]+)\b", re.IGNORECASE
)


def _met_on_the_visit(text: str, mention: EventMention, agent: Agent) -> bool:
    """A person or state named after a visit's cue whom the visitor meets there, or who is named in what they do
    there: the visit is the visitor's (the meeting, if the text names one, is another event with both)."""
    return agent.start > mention.end and bool(MET_ON_THE_VISIT.search(text, mention.end, agent.start))


def _plausible(analysis: Analysis, mention: EventMention) -> bool:
    """Enough for an event: who (two parties for a meeting, one otherwise), or a series, or a reference back."""
    kind = mention.cue.type
    people = [a for a in mention.participants if a.person]
    if mention.anaphoric or mention.series:
        return True
    if kind in ("Meeting", "Summit") and _welcomed_a_deed(analysis, mention):
        analysis.why_not(mention.start, "welcomed or hosted what a party did, not a guest")
        return False
    if kind in ("Meeting", "Summit") and _met_a_group(analysis, mention):
        return True  # "Trump met relatives of the abductees at the palace": one party the text names, and a group
    if kind in ("Meeting", "Summit"):
        if len(mention.participants) >= 2 or (
            people and re.search(r"\bmet\s+with\b|\bwith\b", analysis.text[mention.start : mention.clause[1]])
        ):
            return len(mention.participants) >= 2
        analysis.why_not(
            mention.start,
            f"the meeting cue {analysis.text[mention.start : mention.end]!r} has fewer than two parties the text names",
        )
        return False
    if kind == "Signing":
        mention.agreements = agreements(analysis, mention)
        if not mention.agreements:
            analysis.why_not(mention.start, "a signing without an agreement the rules can name")
        return bool(mention.agreements)
    if not mention.participants:
        analysis.why_not(
            mention.start, f"the event cue {analysis.text[mention.start : mention.end]!r} names nobody who takes part"
        )
        return False
    if kind == "Visit" and mention.place is None and mention.cue.kind != "site":
        analysis.why_not(mention.start, "a visit without a place the rules can name")
        return False
    return True


# whom one meets as a group the registry has no name for: "met relatives of Japanese citizens abducted by North Korea"
GROUP_MET = re.compile(
    r"\s+(?:with\s+)?(?:(?:the|some|several|a\s+group\s+of)\s+)?(?:relatives|families|family\s+members|survivors|"
    r"victims|veterans|students|residents|representatives)\s+of\b",
    re.IGNORECASE,
)


def _met_a_group(analysis: Analysis, mention: EventMention) -> bool:
    """A person who "met" a group named by its kind ("relatives of Japanese citizens abducted by North Korea"): a
    meeting with one participant, the person (what the group's words name is who they are, not a party)."""
    before = [a for a in mention.participants if a.end <= mention.start]
    group = GROUP_MET.match(analysis.text, mention.end)
    if not (mention.match_text.lower() == "met" and len(before) == 1 and before[0].person and group):
        return False
    mention.participants, mention.group = before, group.group().strip()
    return True


HOSTING = re.compile(r"(?:hosted|hosts|welcomed|welcomes)\s*", re.IGNORECASE)
# after a guest's name: what may follow it ("welcomed Albanese in Tokyo", "hosted Japanese officials on Monday")
GUEST_ENDS = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:and|in|on|at|for|to|with|as|who|during|after|before|last|this|earlier|officials|leaders|"
    r"delegations?|ministers|counterparts?)\b|\s+(?-i:[A-Z])",
    re.IGNORECASE,
)


def _welcomed_a_deed(analysis: Analysis, mention: EventMention) -> bool:
    """ "Japan welcomed the U.S. decision to deploy …", "welcomed President Biden's pledge": a host cue whose first
    party after it is the owner of a thing ("'s") or, for a state, the modifier of a noun — what was welcomed is a
    deed, not a guest, and no one met."""
    if not HOSTING.fullmatch(mention.match_text or analysis.text[mention.start : mention.end]):
        return False
    after = [a for a in mention.participants if a.start >= mention.end]
    if not after:
        return False
    first = min(after, key=lambda a: a.start)
    tail = analysis.text[first.end : first.end + 30]
    if re.match(r"['\u2019]s\b", tail):
        return True
    return not first.person and not GUEST_ENDS.match(tail)


def passing(analysis: Analysis, mention: EventMention) -> bool:
    """Whether the mention names an older event only to compare the one the text tells of with it."""
    return bool(COMPARISON.search(analysis.text, analysis.sentences[mention.sentence].start, mention.start))
