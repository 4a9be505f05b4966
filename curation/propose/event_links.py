"""Linking a text's events to the registry's: one of the graph's events of a compatible type, date window and
participants (or series, name, agreement signed) from the other annotation files, else a new event is proposed with
its label and the near events it may be."""

from __future__ import annotations

import re
from datetime import timedelta

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedEntity, short_id
from alliance_kg.curation.propose.event_merging import COMPATIBLE, approximate, overlap
from alliance_kg.curation.propose.event_records import DocEvent
from alliance_kg.loaders.dates import DateValue

LINK_WINDOW_DAYS = 45  # how long before a text's date an event it mentions without a date may lie (after: one it plans)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def link_or_create(analysis: Analysis, event: DocEvent, taken: set[str] = frozenset()) -> None:
    known = analysis.context.events
    best: tuple[float, str, str] | None = None
    date = _widened(event)
    participants = event.participants
    window = DateValue(analysis.source.date.earliest - timedelta(days=LINK_WINDOW_DAYS), analysis.source.date.latest)
    if all(m.modality == "planned" for m in event.mentions):  # "they will hold "2+2" talks": it lies after the text
        window = DateValue(
            analysis.source.date.earliest, analysis.source.date.latest + timedelta(days=LINK_WINDOW_DAYS)
        )
    agreements = {a for m in event.mentions for a in m.agreements}
    places = {m.place[0] if not m.place[3] else slug(m.place[0]) for m in event.mentions if m.place}
    named = _named_event(analysis, event, taken)
    if named is not None:
        event.id, event.linked, event.link_reason = named, True, "the text names it"
        _known_agreements(analysis, event)
        return
    for candidate in known.values():
        if candidate.type not in COMPATIBLE.get(event.type, {event.type}) or candidate.id in taken:
            continue
        signs_same = bool(agreements & candidate.signs)
        if event.type == "Signing" and signs_same:
            best = (10, candidate.id, f"the signing of {', '.join(sorted(agreements & candidate.signs))}")
            break
        if not candidate.dates:
            continue
        if date is not None:
            if not any(overlap(date, d) and _comparable(date, d) for d in candidate.dates):
                continue
        elif not any(overlap(window, d) for d in candidate.dates):
            continue
        # a meeting's label names its series ("NATO summit of 2022"); a speech's names where it was given ("at Johns
        # Hopkins University"), which is no series
        named_series = (
            _series_named(analysis, candidate.label) - candidate.places
            if candidate.type in ("Meeting", "Summit")
            else set()
        )
        candidate_series = candidate.series | named_series
        same_series = bool(event.series) and event.series in candidate_series
        if (event.series or candidate_series) and not same_series:
            continue  # a "2+2" is not a summit; a NATO summit is not a bilateral one
        shared = participants & candidate.participants
        if not (shared or same_series):
            continue
        if _someone_else(analysis, event, candidate.participants):
            continue  # "the two leaders met again" with Albanese is not the Kishida–Biden summit of those days
        # undated: two shared participants, or one at the same place ("Kishida's policy speech … at Johns Hopkins")
        same_place = bool(places & candidate.places)
        if date is None and not (same_series or len(shared) >= 2 or (shared and same_place)):
            continue
        score = 2 * (date is not None) + len(shared) + 2 * same_series
        reason = ", ".join(
            part
            for part in (
                f"date overlaps {candidate.dates[0].iso()}"
                if date is not None
                else f"dated {candidate.dates[0].iso()}, before this text",
                f"shares {', '.join(sorted(shared))}" if shared else "",
                f"same series ({event.series})" if same_series else "",
            )
            if part
        )
        if best is None or score > best[0]:
            best = (score, candidate.id, reason)
    if best is not None:
        event.id, event.linked, event.link_reason = best[1], True, best[2]
        _known_agreements(analysis, event)
        return
    if all(m.anaphoric for m in event.mentions):
        event.id = None
        analysis.why_not(
            event.mentions[0].start, "refers to an event the text does not describe and the graph does not hold"
        )
        return
    event.id = _new_event(analysis, event)


def _someone_else(analysis: Analysis, event: DocEvent, theirs: set[str]) -> bool:
    """Whether a meeting names a person the graph's meeting, which names its people, does not have: then it is
    another meeting, whoever else the two share ("the two leaders met again", Kishida and Albanese, is not the
    Kishida–Biden summit of those days)."""
    if event.type not in ("Meeting", "Summit"):
        return False
    known_people = {p for p in theirs if analysis.is_a(p, "Person")}
    # the people of the mentions that tell the meeting, not of those that refer back to it ("The SCC meeting took
    # place ahead of a visit by Kishida, who is scheduled to meet Biden": theirs is another event)
    mine = {a.id for m in event.mentions if not m.definite for a in m.participants if a.person}
    return bool(known_people) and bool(mine - theirs)


def _named_event(analysis: Analysis, event: DocEvent, taken: set[str]) -> str | None:
    """The registry event whose name holds one of the event's cues ("the signing of the U.S.-Japan Space Cooperation
    Framework Agreement" is the registered signing by that name): the text names it, so it is that one."""
    for mention in event.mentions:
        for m in analysis.mentions_in(mention.start - 120, mention.end + 120):
            kind = analysis.type_of(m.entity)
            if (
                m.start <= mention.start
                and mention.end <= m.end
                and m.entity not in taken
                and kind in COMPATIBLE.get(event.type, {event.type})
                and analysis.is_a(m.entity, "Event")
            ):
                return m.entity
    return None


def _known_agreements(analysis: Analysis, event: DocEvent) -> None:
    """A signing linked to a known one: an agreement the text only describes ("a memorandum of understanding on
    joint research"), proposed as new, is the agreement of that kind the known signing is of, when there is one."""
    known = analysis.context.events.get(event.id or "")
    if known is None or not known.signs:
        return
    for mention in event.mentions:
        for index, agreement in enumerate(mention.agreements):
            proposed = analysis.entities.get(agreement)
            if proposed is None or proposed.rule != "agreement-signed":
                continue
            same_kind = [a for a in sorted(known.signs) if analysis.type_of(a) == proposed.type]
            if len(same_kind) == 1:
                mention.agreements[index] = same_kind[0]
                if not any(agreement in (c.subject, c.object) for c in analysis.claims):
                    analysis.entities.pop(agreement, None)  # no claim of this run names it: it was this signing's


def _widened(event: DocEvent) -> DateValue | None:
    """The event's date for linking, as approximate as the texts mean it (event_merging.py's `approximate`)."""
    mention = next((m for m in event.mentions if m.date_value is not None), None)
    if mention is None or mention.date_value is None:
        return None
    return approximate(mention.date, mention.date_value)


def _comparable(mine: DateValue, theirs: DateValue) -> bool:
    """A day is evidence for a known event dated to that day or month, not for one known only to its year."""
    return (theirs.latest - theirs.earliest).days <= 31 or (mine.latest - mine.earliest).days >= (
        theirs.latest - theirs.earliest
    ).days


def _series_named(analysis: Analysis, label: str) -> set[str]:
    """Groupings a known event's label names ("NATO summit of 2022"): its series, though no claim says meetingOf."""
    cache = analysis.context.cache.setdefault("series_names", {})
    if not cache:
        for entity in analysis.context.registry.entities.values():
            if analysis.context.is_a(entity.id, "Organisation") and not analysis.context.is_a(
                entity.id, "MilitaryUnit"
            ):
                for name in (entity.label, *entity.aliases):
                    if len(name) >= 2:
                        cache[name] = entity.id
    found = set()
    for name, entity in cache.items():
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label):
            found.add(entity)
    return found


def _new_event(analysis: Analysis, event: DocEvent) -> str:
    date = event.date_value
    when = date if date is not None and date.precision in ("day", "month") else analysis.source.date
    month = (
        f"{MONTHS[when.earliest.month - 1]} {when.earliest.year}"
        if when.earliest.month == when.latest.month
        else str(when.earliest.year)
    )
    if when.earliest.month == when.latest.month and not re.search(rf"(?<!\d){when.earliest.year}(?!\d)", analysis.text):
        # "spoke with Trump by phone in November" (the November before the text): the build lets a label name only
        # years the texts write, so the month alone
        month = MONTHS[when.earliest.month - 1]
    stamp = f"{when.earliest.year}-{when.earliest.month:02d}"
    people = [p for p in _ordered_participants(event) if analysis.is_a(p, "Person")]
    parties = people or [p for p in _ordered_participants(event)]
    names = [analysis.label(p) for p in parties]
    surnames = [
        analysis.family_names.get(p, n.split()[-1]) if analysis.is_a(p, "Person") else n
        for p, n in zip(parties, names, strict=True)
    ]
    first = event.mentions[0]
    kind = event.type
    place = next((m.place for m in event.mentions if m.place), None)
    place_label = (place[0] if place[3] else analysis.label(place[0])) if place else None
    if event.series:
        series = analysis.context.registry.entities.get(event.series)
        label = f"{analysis.label(event.series)} {'summit' if kind == 'Summit' else 'meeting'} of {month}"
        acronyms = [a for a in (series.aliases if series else ()) if re.fullmatch(r"[A-Z0-9]{2,6}", a)]
        base = f"event/{slug(min(acronyms, key=len)) if acronyms else slug(event.series)}-{stamp}"
    elif kind in ("Meeting", "Summit"):
        noun = "summit" if kind == "Summit" else "meeting"
        label = f"{noun.capitalize()} of {_and(names)} ({month})"
        base = f"event/{'-'.join(slug(s) for s in surnames[:3])}-{noun}-{stamp}"
    elif kind == "Signing":
        agreements = [a for m in event.mentions for a in m.agreements]
        label = f"Signing of {analysis.label(agreements[0])}" if agreements else f"Signing ({month})"
        base = f"event/{short_id(slug(analysis.label(agreements[0])), 40) if agreements else 'signing'}-signing-{stamp}"
    elif kind == "Exercise" and (name := next((m.name for m in event.mentions if m.name), None)):
        label = f"{name} {when.earliest.year}"  # the registry's style for a named exercise ("Keen Sword 2024")
        base = f"event/{slug(name)}-{when.earliest.year}"
    elif kind == "Visit":
        visitor = names[0] if names else "an official"
        label = f"{visitor}'s visit to {place_label} ({month})" if place_label else f"{visitor}'s visit ({month})"
        where = f"-{slug(place_label)}" if place_label else ""  # "visited the site": no place the rules name
        base = f"event/{slug(surnames[0]) if surnames else 'official'}{where}-visit-{stamp}"
    else:
        noun = first.cue.kind or kind.lower()
        body = next((m.body for m in event.mentions if m.body), None)
        if body:
            names = [body]  # "Decision of the National Security Council (June 2020)", not of its chair
        label = (
            f"{noun[0].upper() + noun[1:]} of {_and(names)} ({month})" if names else f"{noun.capitalize()} ({month})"
        )
        base = f"event/{'-'.join(slug(s) for s in surnames[:2])}-{slug(noun)}-{stamp}"
    identifier = analysis.free_id(base.replace("--", "-"))
    modality = "" if event.modality == "asserted" else f" ({event.modality}, as the text reports it)"
    analysis.entity(
        ProposedEntity(
            id=identifier,
            type=kind,
            label=label,
            definition=f"{label}{modality}, as document {analysis.source.id} reports it.",
            rule="event-cue",
            confidence=0.7,
            start=first.start,
            end=first.end,
            candidates=[],
        )
    )
    analysis.entities[identifier].candidates = _near_events(analysis, event)
    return identifier


def _near_events(analysis: Analysis, event: DocEvent) -> list[dict]:
    """Registry events of the same type near in time: what the reviewer checks before accepting a new event."""
    date = event.date_value or analysis.source.date
    window = DateValue(date.earliest - timedelta(days=LINK_WINDOW_DAYS), date.latest + timedelta(days=LINK_WINDOW_DAYS))
    near = []
    for candidate in analysis.context.events.values():
        if candidate.type in COMPATIBLE.get(event.type, {event.type}) and any(
            overlap(window, d) for d in candidate.dates
        ):
            near.append(
                {
                    "id": candidate.id,
                    "label": candidate.label,
                    "why": f"a {candidate.type} dated {candidate.dates[0].iso()}",
                }
            )
    return near[:3]


def _ordered_participants(event: DocEvent) -> list[str]:
    seen: list[str] = []
    for mention in event.mentions:
        for agent in mention.participants:
            if agent.id not in seen:
                seen.append(agent.id)
    return seen


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "officials"
