"""The publication as data: frozen records built by the loader and read by every output."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from factdesk.data.fields import CLAIMANT_KIND_LABELS

_Record = TypeVar("_Record", bound=type)

RELATED_GROUP_LIMIT = 50
"""Related claims are looked for among at most this many claims of each group a claim is in."""


def hash_kept(cls: _Record) -> _Record:
    """A frozen record that computes its hash once. Claims and sources are parts of the keys of a
    preview's caches, looked up thousands of times per rebuild, and hashing a record hashes every
    field, records within included. The hash is never pickled: a string's hash differs from one
    process to the next, and claims come back from worker processes."""
    hash_fields: Any = cls.__hash__  # the hash dataclass made of the fields

    def __hash__(self: Any) -> int:
        kept: int | None = self.__dict__.get("_hash")
        if kept is None:
            kept = self.__dict__["_hash"] = hash_fields(self)
        return kept

    def __getstate__(self: Any) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}

    cls.__hash__ = __hash__  # type: ignore[assignment]
    cls.__getstate__ = __getstate__  # type: ignore[assignment]
    return cls


@dataclass(frozen=True)
class Verdict:
    key: str
    label: str
    meaning: str
    colour: str
    icon: str
    rating: int


@dataclass(frozen=True)
class VerdictScale:
    verdicts: tuple[Verdict, ...]

    def get(self, key: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(v.key for v in self.verdicts)

    @property
    def best_rating(self) -> int:
        return max(v.rating for v in self.verdicts)

    @property
    def worst_rating(self) -> int:
        return min(v.rating for v in self.verdicts)


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@hash_kept
@dataclass(frozen=True)
class Settings:
    name: str
    language: str
    scale: VerdictScale
    url: str | None = None
    licence: Licence | None = None
    search: str = "lunr"
    other_languages: tuple[str, ...] = ()
    """The further languages the publication is published in, besides `language`."""
    page_size: int = 50
    """Claims per page of a listing (see site.paging)."""

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the publication is published in, the main one first."""
        return (self.language, *self.other_languages)


# Translations -------------------------------------------------------------------------------
# A record's prose in one of the publication's other languages, as the editors wrote it under
# `translations:`: every field optional; what is left out is shown in the main language.

@dataclass(frozen=True)
class ClaimTranslation:
    claim: str | None = None
    claim_reviewed: str | None = None
    citing: str | None = None
    summary: str | None = None
    body: str | None = None
    evidence: tuple[str, ...] = ()
    """The evidence's notes, one for each entry, in order (or none)."""
    corrections: tuple[str, ...] = ()
    """The notes of the first corrections, oldest first: those after them are not translated yet."""
    retracted: str | None = None


@dataclass(frozen=True)
class SourceTranslation:
    note: str | None = None


@dataclass(frozen=True)
class StoryTranslation:
    title: str | None = None
    introduction: str | None = None
    events: tuple[str, ...] = ()
    """The events' `what`, one for each event, in order (or none)."""


_Translation = TypeVar("_Translation", ClaimTranslation, SourceTranslation, StoryTranslation)


def translation_in(translations: tuple[tuple[str, _Translation], ...], code: str) -> _Translation | None:
    return next((t for language, t in translations if language == code), None)


class _Untranslated:
    """Collects what a record in another language shows in the main language."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def text(self, name: str, translated: str | None, main: str | None) -> str | None:
        if translated is not None:
            return translated
        if main is not None:
            self.names.append(name)
        return main

    def item(self, name: str, index: int, translated: tuple[str, ...]) -> str | None:
        if index < len(translated):
            return translated[index]
        self.names.append(f"{name}.{index}")
        return None


def _shown_in_main_language(untranslated: frozenset[str], name: str, index: int | None) -> bool:
    return (name if index is None else f"{name}.{index}") in untranslated


@hash_kept
@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    published: date
    kind: str
    language: str
    url: str | None = None
    archived: str | None = None
    translation_of: str | None = None  # the original's language, where the source is a translation
    note: str | None = None
    archived_text: str | None = field(default=None, repr=False)
    has_archive_file: bool = False
    path: str = ""
    translations: tuple[tuple[str, SourceTranslation], ...] = ()
    """(language, translation) for each of the publication's other languages it is translated into."""
    prose_language: str = ""
    """The language of the editors' prose in this record (`note`): the publication's main language as
    the loader reads it, or the language `in_language` gave."""
    untranslated: frozenset[str] = frozenset()
    """In a record `in_language` gave: the fields shown in the main language, for want of a translation."""
    original: Source | None = field(default=None, repr=False)
    """In a record `in_language` gave: the record as written, in the main language."""

    def translation(self, code: str) -> SourceTranslation | None:
        return translation_in(self.translations, code)

    def in_language(self, code: str) -> Source:
        """The source with its note in the language `code`, where the editors translated it; the main
        language's note stands in where they did not (see `untranslated`, `in_main_language`)."""
        main = self.original or self
        if code == main.prose_language:
            return main
        translated = main.translation(code) or SourceTranslation()
        untranslated = _Untranslated()
        note = untranslated.text("note", translated.note, main.note)
        return replace(main, note=note, prose_language=code, untranslated=frozenset(untranslated.names),
                       original=main)

    def in_main_language(self, name: str) -> bool:
        """Whether a field of this record is shown in the main language, in want of a translation."""
        return _shown_in_main_language(self.untranslated, name, None)


@hash_kept
@dataclass(frozen=True)
class Claimant:
    """Who made claims, with a page of their own at `claimants/<id>/`."""

    id: str
    name: str
    kind: str
    description: str | None = None
    other_names: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    path: str = ""

    @property
    def kind_label(self) -> str:
        return CLAIMANT_KIND_LABELS[self.kind][0]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the claimant goes by, the main one first."""
        return (self.name, *self.other_names)


@hash_kept
@dataclass(frozen=True)
class Person:
    """One of the publication's own people: who writes and edits its fact-checks."""

    id: str
    name: str
    role: str | None = None
    bio: str | None = None
    same_as: tuple[str, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class Appearance:
    source: str
    quote: str  # in the source's language, as its archived text has it
    translation: str | None = None  # in the publication's language
    translated_by: str = "editors"  # or "source": fields.TRANSLATORS


@dataclass(frozen=True)
class Evidence:
    source: str
    note: str


@dataclass(frozen=True)
class Correction:
    date: date
    note: str


@dataclass(frozen=True)
class Retraction:
    date: date
    note: str


@hash_kept
@dataclass(frozen=True)
class Claim:
    slug: str
    claim: str
    claimants: tuple[Claimant, ...]
    claim_date: date
    appearances: tuple[Appearance, ...]
    verdict: Verdict
    summary: str
    body: str
    evidence: tuple[Evidence, ...]
    published: date
    author: Person
    tags: tuple[str, ...] = ()
    updated: date | None = None
    corrections: tuple[Correction, ...] = ()
    retracted: Retraction | None = None
    claim_reviewed: str | None = None
    citing: str | None = None
    editor: Person | None = None
    path: str = ""
    # Field name to the line it is on in the claim's file, for messages about the claim as a whole.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    translations: tuple[tuple[str, ClaimTranslation], ...] = ()
    """(language, translation) for each of the publication's other languages it is translated into."""
    prose_language: str = ""
    """The language of the editors' prose in this record: the publication's main language as the
    loader reads it, or the language `in_language` gave. Quotes are in their sources' languages."""
    untranslated: frozenset[str] = frozenset()
    """In a record `in_language` gave: the fields shown in the main language, for want of a
    translation: `summary`, or `evidence.1` for the note of the second entry of `evidence`."""
    original: Claim | None = field(default=None, repr=False)
    """In a record `in_language` gave: the record as written, in the main language."""

    def translation(self, code: str) -> ClaimTranslation | None:
        return translation_in(self.translations, code)

    def in_language(self, code: str) -> Claim:
        """The fact-check with its prose (claim, summary, explanation, the notes of its evidence,
        corrections and retraction) in the language `code`, where the editors translated it; the main
        language's text stands in where they did not (see `untranslated`, `in_main_language`). Quotes,
        and their translations, stay as written; the main language gives the claim as written."""
        main = self.original or self
        if code == main.prose_language:
            return main
        translated = main.translation(code) or ClaimTranslation()
        untranslated = _Untranslated()
        text = untranslated.text
        if translated.claim_reviewed is not None or translated.claim is None:
            claim_reviewed = text("claim_reviewed", translated.claim_reviewed, main.claim_reviewed)
        else:
            claim_reviewed = None  # the translated claim stands for itself, as `claim` does
        evidence = tuple(replace(entry, note=untranslated.item("evidence", at, translated.evidence) or entry.note)
                         for at, entry in enumerate(main.evidence))
        corrections = tuple(replace(entry, note=untranslated.item("corrections", at, translated.corrections)
                                    or entry.note) for at, entry in enumerate(main.corrections))
        retracted = main.retracted and replace(main.retracted, note=text("retracted", translated.retracted,
                                                                         main.retracted.note) or "")
        return replace(main, claim=text("claim", translated.claim, main.claim) or "",
                       claim_reviewed=claim_reviewed, citing=text("citing", translated.citing, main.citing),
                       summary=text("summary", translated.summary, main.summary) or "",
                       body=text("body", translated.body, main.body) or "",
                       evidence=evidence, corrections=corrections, retracted=retracted,
                       prose_language=code, untranslated=frozenset(untranslated.names), original=main)

    def in_main_language(self, name: str, index: int | None = None) -> bool:
        """Whether a field (with `index`, the note of that entry of `evidence` or `corrections`) is shown
        in the main language, in want of a translation."""
        return _shown_in_main_language(self.untranslated, name, index)

    @property
    def short_claim(self) -> str:
        """The claim as aggregators show it: `claim_reviewed` where the editors wrote one."""
        return self.claim_reviewed or self.claim

    @property
    def claimed_by(self) -> str:
        """The claimants' names as a sentence gives them: "A", "A and B", "A, B and C"."""
        return and_list([c.name for c in self.claimants])

    @property
    def claimant_names(self) -> tuple[str, ...]:
        """Every name and other name of every claimant: what search finds the claim by."""
        return tuple(name for who in self.claimants for name in who.names)

    @property
    def finding(self) -> str:
        """The summary as it reads beside the verdict's badge: without a leading "True." that the
        badge already says."""
        opening = summary_opening(self.summary)
        if opening and opening.group(1).strip().casefold() == self.verdict.label.casefold():
            return self.summary[opening.end():].strip() or self.summary
        return self.summary

    @cached_property
    def last_changed(self) -> date:
        """The date readers should see as 'updated': a correction is a change too."""
        dates = [self.published, *(c.date for c in self.corrections)]
        dates += [d for d in (self.updated, self.retracted and self.retracted.date) if d]
        return max(dates)


_OPENING = re.compile(r"\s*([^.:;,!?]+)[.:;,!?]")


def summary_opening(summary: str) -> re.Match[str] | None:
    """The summary's first words up to a punctuation mark: where editors put a verdict's label."""
    return _OPENING.match(summary)


@dataclass(frozen=True)
class Event:
    """Something that happened in a story, as a source reports it."""

    date: date
    what: str
    source: str


@hash_kept
@dataclass(frozen=True)
class Story:
    """A story followed over time: its fact-checks (claim slugs) and the events they concern."""

    id: str
    title: str
    introduction: str
    claims: tuple[str, ...]
    events: tuple[Event, ...] = ()
    path: str = ""
    translations: tuple[tuple[str, StoryTranslation], ...] = ()
    """(language, translation) for each of the publication's other languages it is translated into."""
    prose_language: str = ""
    """The language of its title, introduction and events: the publication's main language as the
    loader reads it, or the language `in_language` gave."""
    untranslated: frozenset[str] = frozenset()
    """In a record `in_language` gave: the fields shown in the main language (`events.0`: the first
    event's `what`)."""
    original: Story | None = field(default=None, repr=False)
    """In a record `in_language` gave: the record as written, in the main language."""

    def translation(self, code: str) -> StoryTranslation | None:
        return translation_in(self.translations, code)

    def in_language(self, code: str) -> Story:
        """The story with its title, introduction and events in the language `code`, where the editors
        translated them; the main language's text stands in where they did not."""
        main = self.original or self
        if code == main.prose_language:
            return main
        translated = main.translation(code) or StoryTranslation()
        untranslated = _Untranslated()
        events = tuple(replace(event, what=untranslated.item("events", at, translated.events) or event.what)
                       for at, event in enumerate(main.events))
        return replace(main, title=untranslated.text("title", translated.title, main.title) or "",
                       introduction=untranslated.text("introduction", translated.introduction,
                                                      main.introduction) or "",
                       events=events, prose_language=code, untranslated=frozenset(untranslated.names), original=main)

    def in_main_language(self, name: str, index: int | None = None) -> bool:
        """Whether a field (with `index`, that event's `what`) is shown in the main language."""
        return _shown_in_main_language(self.untranslated, name, index)


def and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def newest_first(claims: tuple[Claim, ...] | list[Claim]) -> tuple[Claim, ...]:
    # The slug breaks ties so that the order never depends on the order files were read in.
    ordered = sorted(claims, key=lambda c: c.slug)
    ordered.sort(key=lambda c: (c.published, c.claim_date), reverse=True)
    return tuple(ordered)


@dataclass(frozen=True)
class Publication:
    """Every claim and source, checked, with the indexes that pages need."""

    settings: Settings
    claims: tuple[Claim, ...]
    sources: Mapping[str, Source]
    claimants: Mapping[str, Claimant] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    stories: Mapping[str, Story] = field(default_factory=dict)
    prose_language: str = ""
    """The language of its claims', sources' and stories' prose: the main language (`settings.language`)
    unless `in_language` gave another."""
    # Made as asked for, and kept: each large group's claims by their place in it (see `_nearby`),
    # and each claim's related claims, which both its page and the key of its page ask for.
    _places: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict, init=False, compare=False, repr=False)
    _related: dict[tuple[str, int], tuple[Claim, ...]] = field(default_factory=dict, init=False, compare=False,
                                                                repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "claims", newest_first(self.claims))

    @property
    def scale(self) -> VerdictScale:
        return self.settings.scale

    @property
    def language(self) -> str:
        """The language its editors' prose is in: the main language, or the one `in_language` gave."""
        return self.prose_language or self.settings.language

    def in_language(self, code: str) -> Publication:
        """The publication with every claim, source and story in the language `code` (each record's
        `in_language`); the main language gives the records as written."""
        if code == self.language:
            return self
        if code == self.settings.language:
            return Publication(settings=self.settings, claims=tuple(c.original or c for c in self.claims),
                               sources={key: s.original or s for key, s in self.sources.items()},
                               claimants=self.claimants, people=self.people,
                               stories={key: s.original or s for key, s in self.stories.items()})
        return Publication(settings=self.settings, claims=tuple(c.in_language(code) for c in self.claims),
                           sources={key: s.in_language(code) for key, s in self.sources.items()},
                           claimants=self.claimants, people=self.people,
                           stories={key: s.in_language(code) for key, s in self.stories.items()},
                           prose_language=code)

    @cached_property
    def claims_appearing_in(self) -> Mapping[str, tuple[Claim, ...]]:
        """Source id to the claims that were made or repeated in it."""
        return _group(self.claims, lambda c: (a.source for a in c.appearances))

    @cached_property
    def claims_citing(self) -> Mapping[str, tuple[Claim, ...]]:
        """Source id to the claims whose verdicts rest on it."""
        return _group(self.claims, lambda c: (e.source for e in c.evidence))

    @cached_property
    def claims_by_verdict(self) -> Mapping[str, tuple[Claim, ...]]:
        """Verdict key to its claims, for every verdict of the scale, in the scale's order."""
        grouped = _group(self.claims, lambda c: (c.verdict.key,))
        return {v.key: grouped.get(v.key, ()) for v in self.scale.verdicts}

    @cached_property
    def claims_by_claimant(self) -> Mapping[str, tuple[Claim, ...]]:
        """Claimant id to the claims they made, for every claimant record."""
        grouped = _group(self.claims, lambda c: (who.id for who in c.claimants))
        return {who: grouped.get(who, ()) for who in self.claimants}

    @cached_property
    def claims_by_person(self) -> Mapping[str, tuple[Claim, ...]]:
        """Person id to the fact-checks they wrote or edited, for every person record."""
        grouped = _group(self.claims, lambda c: (p.id for p in (c.author, c.editor) if p is not None))
        return {person: grouped.get(person, ()) for person in self.people}

    def sorted_claimants(self, with_claims: bool = False) -> tuple[Claimant, ...]:
        """Every claimant by name; `with_claims`: only those whose claims are published."""
        ordered = sorted(self.claimants.values(), key=lambda c: (c.name.casefold(), c.id))
        return tuple(c for c in ordered if not with_claims or self.claims_by_claimant[c.id])

    def sorted_people(self) -> tuple[Person, ...]:
        return tuple(sorted(self.people.values(), key=lambda p: (p.name.casefold(), p.id)))

    @cached_property
    def claims_by_tag(self) -> Mapping[str, tuple[Claim, ...]]:
        grouped = _group(self.claims, lambda c: c.tags)
        return {tag: grouped[tag] for tag in sorted(grouped)}

    @cached_property
    def corrections(self) -> tuple[tuple[Claim, Correction], ...]:
        """Every correction with its claim, newest first; a retraction is listed as one too."""
        pairs = [(claim, c) for claim in self.claims for c in claim.corrections]
        pairs += [(claim, Correction(claim.retracted.date, "Retracted. " + claim.retracted.note))
                  for claim in self.claims if claim.retracted]
        pairs.sort(key=lambda pair: (pair[1].date, pair[0].slug), reverse=True)
        return tuple(pairs)

    def sorted_sources(self) -> tuple[Source, ...]:
        return tuple(sorted(self.sources.values(), key=lambda s: (s.publisher.casefold(), s.published, s.id)))

    @cached_property
    def claims_by_slug(self) -> Mapping[str, Claim]:
        return {c.slug: c for c in self.claims}

    def sorted_stories(self) -> tuple[Story, ...]:
        """The stories, the one with the latest claim or event first."""
        return tuple(sorted(self.stories.values(), key=lambda s: (-self.span(s)[1].toordinal(), s.title.casefold())))

    def story_claims(self, story: Story) -> tuple[Claim, ...]:
        """A story's fact-checks in the order of the claims' dates, oldest first."""
        return self._in_date_order[story.id][0]

    def timeline(self, story: Story) -> tuple[Event | Claim, ...]:
        """A story's events and claims in date order; on one day, what happened before what was said of it."""
        dated: list[tuple[date, int, str, Event | Claim]] = [(e.date, 0, "", e) for e in story.events]
        dated += [(c.claim_date, 1, c.slug, c) for c in self.story_claims(story)]
        return tuple(item for *_, item in sorted(dated, key=lambda entry: entry[:3]))

    def span(self, story: Story) -> tuple[date, date]:
        """The first and last dates of a story's timeline."""
        dates = [e.date for e in story.events] + [c.claim_date for c in self.story_claims(story)]
        return min(dates), max(dates)

    @cached_property
    def stories_of(self) -> Mapping[str, tuple[Story, ...]]:
        """Claim slug to the stories that hold it, in the stories' order."""
        found: dict[str, list[Story]] = defaultdict(list)
        for story in self.sorted_stories():
            for slug in story.claims:
                found[slug].append(story)
        return {slug: tuple(stories) for slug, stories in found.items()}

    @cached_property
    def _in_date_order(self) -> Mapping[str | None, tuple[tuple[Claim, ...], Mapping[str, int]]]:
        """Each story's claims (and, under None, all claims) by the date each was made, with each
        claim's place in that order."""
        def by_date(claims: Iterable[Claim]) -> tuple[Claim, ...]:
            return tuple(sorted(claims, key=lambda c: (c.claim_date, c.slug)))

        orders: dict[str | None, tuple[Claim, ...]] = {None: by_date(self.claims)}
        orders.update({story.id: by_date(self.claims_by_slug[slug] for slug in story.claims if slug in self.claims_by_slug)
                       for story in self.stories.values()})
        return {key: (claims, {c.slug: at for at, c in enumerate(claims)}) for key, claims in orders.items()}

    def neighbours(self, claim: Claim) -> tuple[Story | None, Claim | None, Claim | None]:
        """What to read before and after a fact-check: the claims made just before and after it in its
        first story, or, outside any story, among all claims; both by the date the claim was made."""
        story = next(iter(self.stories_of.get(claim.slug, ())), None)
        ordered, place = self._in_date_order[story.id if story else None]
        at = place[claim.slug]
        return story, ordered[at - 1] if at > 0 else None, ordered[at + 1] if at + 1 < len(ordered) else None

    def related(self, claim: Claim, limit: int = 3) -> tuple[Claim, ...]:
        """Other fact-checks a reader of this one may want, best first, by a score: 3 for each claimant
        and story they share, 2 for each source that both claims appeared in, 1 for each tag. A
        claimant or a story is a reader's thread through the claims; a shared source, one article read
        closely; a tag, a topic. Ties go to the more recent claim; claims sharing nothing are never
        offered. In a group of more than RELATED_GROUP_LIMIT claims, only as many of those nearest to
        the claim in the group's order count, so that the work stays the same however large it grows."""
        if (claim.slug, limit) not in self._related:
            self._related[claim.slug, limit] = self._rank_related(claim, limit)
        return self._related[claim.slug, limit]

    def related_basis(self) -> Hashable:
        """Everything `related` ranks by: each claim's date, claimants, sources it appeared in and tags,
        in the claims' order, and each story's claims. Two publications of equal bases offer the same
        related claims (by slug): a preview keeps them while an edit changes none of this, as a
        verdict edit does not."""
        return (tuple((c.slug, c.claim_date, tuple(who.id for who in c.claimants), tuple(a.source for a in c.appearances),
                       c.tags) for c in self.claims),
                tuple(sorted((story.id, story.claims) for story in self.stories.values())))

    def _rank_related(self, claim: Claim, limit: int) -> tuple[Claim, ...]:
        score: dict[str, int] = defaultdict(int)
        groups = [(3, ("claimant", who.id), self.claims_by_claimant[who.id]) for who in claim.claimants]
        groups += [(3, ("story", story.id), self.story_claims(story)) for story in self.stories_of.get(claim.slug, ())]
        groups += [(2, ("source", source), self.claims_appearing_in[source])
                   for source in dict.fromkeys(a.source for a in claim.appearances)]
        groups += [(1, ("tag", tag), self.claims_by_tag[tag]) for tag in claim.tags]
        for points, key, group in groups:
            for other in self._nearby(key, group, claim):
                score[other.slug] += points
        score.pop(claim.slug, None)
        by_slug = self.claims_by_slug
        # The best few of some hundreds, for each of thousands of claims at every preview rebuild: not a sort.
        ranked = heapq.nsmallest(limit, score, key=lambda slug: (-score[slug], -by_slug[slug].claim_date.toordinal(),
                                                                 slug))
        return tuple(by_slug[slug] for slug in ranked)

    def _nearby(self, key: tuple[str, str], group: tuple[Claim, ...], claim: Claim) -> tuple[Claim, ...]:
        """A group's claims; of a large one, the RELATED_GROUP_LIMIT around `claim` in its order."""
        if len(group) <= RELATED_GROUP_LIMIT:
            return group
        if key not in self._places:
            self._places[key] = {c.slug: at for at, c in enumerate(group)}
        place = self._places[key][claim.slug]
        start = max(0, min(place - RELATED_GROUP_LIMIT // 2, len(group) - RELATED_GROUP_LIMIT))
        return group[start:start + RELATED_GROUP_LIMIT]

    def most_checked_claimants(self, limit: int) -> tuple[Claimant, ...]:
        """The claimants with the most claims checked, the more first; ties in order of name."""
        ranked = sorted(self.sorted_claimants(with_claims=True), key=lambda c: -len(self.claims_by_claimant[c.id]))
        return tuple(ranked[:limit])

    def most_checked_sources(self, limit: int) -> tuple[Source, ...]:
        """The sources in which the most checked claims appeared; ties in the sources' order."""
        ranked = sorted((s for s in self.sorted_sources() if s.id in self.claims_appearing_in),
                        key=lambda s: -len(self.claims_appearing_in[s.id]))
        return tuple(ranked[:limit])


def _group(claims: Iterable[Claim], keys_of: Callable[[Claim], Iterable[str]]) -> dict[str, tuple[Claim, ...]]:
    """Claims grouped under each of their keys, keeping the claims' order, each claim once per key."""
    index: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for key in dict.fromkeys(keys_of(claim)):
            index[key].append(claim)
    return {key: tuple(group) for key, group in index.items()}
