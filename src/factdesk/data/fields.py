"""The fields of every file an editor writes: one declaration that the loader enforces and that
documentation and schemas are generated from, so the three can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cached_property


class Kind(Enum):
    TEXT = "text"
    MARKDOWN = "Markdown"
    DATE = "date"
    URL = "URL"
    SLUG = "id"
    SOURCE_ID = "source id"
    CLAIM_ID = "claim id"
    CLAIM_IDS = "list of claim ids"
    CLAIMANT_ID = "claimant id"
    CLAIMANT_IDS = "list of claimant ids"
    PERSON_ID = "person id"
    NAMES = "list of names"
    URLS = "list of URLs"
    SLUGS = "list of ids"
    VERDICT = "verdict"
    CHOICE = "choice"
    LANGUAGE = "language code"
    LANGUAGES = "list of language codes"
    TEXTS = "list of texts"
    TRANSLATIONS = "translations"
    COLOUR = "colour"
    ICON = "icon"
    INTEGER = "integer"
    TAGS = "list of tags"
    RECORDS = "list of records"
    RECORD = "record"

    # Enum hashes by name in Python code; members are singletons compared by identity, so the
    # identity hash agrees with equality and costs nothing (every value read looks a kind up).
    __hash__ = object.__hash__


LIST_ENTRIES = {Kind.CLAIMANT_IDS: Kind.CLAIMANT_ID, Kind.CLAIM_IDS: Kind.CLAIM_ID, Kind.NAMES: Kind.TEXT,
                Kind.URLS: Kind.URL, Kind.SLUGS: Kind.SLUG, Kind.LANGUAGES: Kind.LANGUAGE}
"""A list field's kind, and the kind of each of its entries (a list of claimant ids holds claimant ids)."""
ONE_ALONE = frozenset({Kind.CLAIMANT_IDS, Kind.CLAIM_IDS})
"""Lists of ids where one id may be written alone, without brackets (`claimants: fsb`)."""


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = True
    example: str = ""
    choices: tuple[str, ...] = ()
    record: RecordSpec | None = None
    """The fields of a record, of each entry of a list of records, or of each language's translation."""
    min_items: int = 0
    minimum: int | None = None
    """The least whole number an integer field takes."""
    single_script: bool = False
    """Names and tags: each word in one alphabet, so that a look-alike letter cannot make a second
    claimant or tag page (see `scripts`)."""

    def example_on(self, today: date) -> str:
        """The example a fix suggests. A date's is today's: editors copy examples, and a fixed date
        in the past would pass for a backdated correction."""
        return today.isoformat() if self.kind is Kind.DATE else self.example


@dataclass(frozen=True)
class RecordSpec:
    """The fields one mapping may hold: what a claim, a source or an appearance is made of."""

    name: str
    fields: tuple[Field, ...]
    retired: tuple[tuple[str, str], ...] = ()
    """Fields of an older file format, each with what replaced it: the check says to migrate."""

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


CLAIMANT_KIND_LABELS = {
    "person": ("Person", "People"),
    "organisation": ("Organisation", "Organisations"),
    "government": ("Government body", "Government bodies"),
    "media": ("Media outlet", "Media outlets"),
    "social-media": ("Social-media account", "Social-media accounts"),
    "unattributed": ("Unattributed", "Unattributed claims"),
}
"""Who makes claims, named in the singular and as a group: a person; an organisation (a party, a
company, a campaign); a government body (a ministry, a police force, a security service); a media
outlet; a social-media account; or nobody who can be named (an unattributed report)."""
CLAIMANT_KINDS = tuple(CLAIMANT_KIND_LABELS)

SOURCE_KIND_LABELS = {
    "news": "News report",
    "wire": "News-agency report",
    "official": "Official record",
    "commentary": "Commentary",
    "analysis": "Analysis",
    "reference": "Reference work",
    "legal": "Legal text",
    "social": "Social-media post",
}
"""What sort of source it is, as its page names it."""
SOURCE_KINDS = tuple(SOURCE_KIND_LABELS)

TRANSLATORS = ("editors", "source")
"""Who translated a quote: the publication's editors, or the source itself."""

APPEARANCE = RecordSpec("appearance", (
    Field("source", Kind.SOURCE_ID, "Id of the source where the claim appeared (a file `sources/<id>.yml`).",
          example="islamabad-telegraph-2022-09-27"),
    Field("quote", Kind.TEXT, "The exact words as they appear in the source's archived text, in the source's "
          "language (whitespace, quotation marks and full-width forms may differ).",
          example="caught the Japanese consul Motoko Tatsunori “red-handed”"),
    Field("translation", Kind.TEXT, "The quote in the publication's language, where the source is in another; "
          "shown beside the quote.", required=False, example="The bridge opens next month."),
    Field("translated_by", Kind.CHOICE, "Whose translation it is: `editors` (ours; the default) or `source` "
          "(the source's own).", required=False, choices=TRANSLATORS, example="editors"),
))

EVIDENCE = RecordSpec("evidence", (
    Field("source", Kind.SOURCE_ID, "Id of the source the verdict rests on.", example="tass-2022-09-27"),
    Field("note", Kind.TEXT, "What this source establishes for this claim, in one sentence.",
          example="TASS names the consul as Motoki Tatsunori."),
))

CORRECTION = RecordSpec("correction", (
    Field("date", Kind.DATE, "When the correction was made."),
    Field("note", Kind.TEXT, "What was wrong and what changed.",
          example="An earlier version gave the date of the ban as 5 May; it was 4 May."),
))

RETRACTION = RecordSpec("retraction", (
    Field("date", Kind.DATE, "When the fact-check was retracted."),
    Field("note", Kind.TEXT, "Why it was retracted.",
          example="The quote came from a forged copy of the article."),
))

CLAIM_TRANSLATION = RecordSpec("translation", (
    Field("claim", Kind.TEXT, "The claim, in this language.", required=False,
          example="ウラジオストクで拘束された日本の領事の名はモトコ・タツノリである。"),
    Field("claim_reviewed", Kind.TEXT, "`claim_reviewed` in this language; defaults to this language's `claim`.",
          required=False),
    Field("citing", Kind.TEXT, "`citing` in this language.", required=False),
    Field("summary", Kind.TEXT, "The verdict in words, in this language.", required=False,
          example="この主張を裏付けるのはFSB自身の説明だけで、日本は否定している。"),
    Field("body", Kind.MARKDOWN, "The explanation, in this language, in Markdown.", required=False),
    Field("evidence", Kind.TEXTS, "The `note` of each entry of `evidence`, in this language: one for each entry, "
          "in the same order.", required=False),
    Field("corrections", Kind.TEXTS, "The `note` of each correction, in this language, oldest first: the first "
          "corrections' notes, or all of them.", required=False),
    Field("retracted", Kind.TEXT, "The retraction's `note`, in this language.", required=False),
))
"""A claim's reader-facing prose in one of the publication's other languages: each field optional,
the main language's text standing in for what is left out."""

_LEFT_OUT = ("Quotes stay in their source's language. A field left out, or a language left out, "
                        "shows the text in the publication's main language, marked as such.")

CLAIM = RecordSpec("claim", (
    Field("claim", Kind.TEXT, "The claim as it was made, in one sentence.",
          example="The Japanese consul detained in Vladivostok is named Motoko Tatsunori."),
    Field("claim_reviewed", Kind.TEXT, "The claim in under 75 characters, for search engines and fact-check "
          "aggregators (ClaimReview's `claimReviewed`). Defaults to `claim`; write it when `claim` is longer.",
          required=False, example="The detained Japanese consul is named Motoko Tatsunori."),
    Field("claimants", Kind.CLAIMANT_IDS, "Who made the claim: the ids of one or more claimant records "
          "(files `claimants/<id>.yml`). Two outlets that made the same claim are two claimants.",
          example="[the-islamabad-telegraph]", min_items=1),
    Field("citing", Kind.TEXT, "Whom or what the claimants cited for the claim, if anyone, as they put it. "
          "Who reported the claim is an appearance, not this.", required=False, example="the Sankei Shimbun"),
    Field("claim_date", Kind.DATE, "When the claim was made."),
    Field("appearances", Kind.RECORDS, "Where the claim was made or repeated, with the exact words.",
          record=APPEARANCE, min_items=1),
    Field("verdict", Kind.VERDICT, "The verdict: a key of the publication's verdict scale, which the methodology "
          "page shows (factdesk's own, unless `factdesk.yml` gives a `verdicts:` list in its place).",
          example="unproven"),
    Field("summary", Kind.TEXT, "The verdict in words, in one or two sentences.",
          example="Only the FSB's own account supports this; Japan denies it."),
    Field("body", Kind.MARKDOWN, "The explanation, in Markdown.", example="What was claimed, what the evidence shows."),
    Field("evidence", Kind.RECORDS, "The sources the verdict rests on.", record=EVIDENCE, min_items=1),
    Field("tags", Kind.TAGS, "Topics: words and hyphens; each gets a page at `tags/<tag>/`.", required=False, example="[consul, espionage]",
          single_script=True),
    Field("published", Kind.DATE, "When this fact-check was first published."),
    Field("updated", Kind.DATE, "When it was last changed (corrections count on their own).", required=False),
    Field("author", Kind.PERSON_ID, "Who wrote the fact-check: the id of a person record (a file `people/<id>.yml`).",
          example="desk-editor"),
    Field("editor", Kind.PERSON_ID, "Who edited or reviewed it, if someone other than the author: a person id.",
          required=False, example="chief-editor"),
    Field("corrections", Kind.RECORDS, "Dated corrections, oldest first.", required=False, record=CORRECTION),
    Field("retracted", Kind.RECORD, "Set when the fact-check is withdrawn: its page stays, with this notice.",
          required=False, record=RETRACTION),
    Field("translations", Kind.TRANSLATIONS, "The fact-check in the publication's other languages "
          "(`other_languages` in `factdesk.yml`): under each language's code, any of `claim`, `claim_reviewed`, "
          "`citing`, `summary`, `body`, `evidence` (a list of the evidence's notes, one for each entry, in order), "
          "`corrections` (a list of the corrections' notes, oldest first) and `retracted` (the retraction's note). "
          + _LEFT_OUT, required=False, example="{ja: {claim: …, summary: …}}",
          record=CLAIM_TRANSLATION),
), retired=(
    ("claimant", "claimants are records now: `claimants: [<id>]` names files `claimants/<id>.yml`"),
    ("claimant_kind", "a claimant's kind is in its record, `claimants/<id>.yml`"),
))

CLAIMANT = RecordSpec("claimant", (
    Field("name", Kind.TEXT, "The name readers know them by, as a heading would give it.",
          example="Yoshimasa Hayashi", single_script=True),
    Field("kind", Kind.CHOICE, "What they are: " + ", ".join(f"`{k}`" for k in CLAIMANT_KINDS) + ".",
          choices=CLAIMANT_KINDS, example="person"),
    Field("description", Kind.TEXT, "Who they are, in one line, as of the claims checked.", required=False,
          example="Japan's Minister for Foreign Affairs, 2021–2023"),
    Field("other_names", Kind.NAMES, "Other names and spellings, transliterations included: search finds the "
          "claimant by any of them, and `check` suggests the record when a claim gives one of them as an id.", required=False,
          example="[Hayashi Yoshimasa]", single_script=True),
    Field("same_as", Kind.URLS, "Pages that identify them: an official page, Wikipedia, Wikidata.", required=False,
          example="[https://www.wikidata.org/wiki/Q3573946]"),
    Field("formerly", Kind.SLUGS, "Earlier ids of this record, whose pages `claimants/<id>/` were published: "
          "each keeps an address that sends readers here.", required=False, example="[hayashi]"),
))

PERSON = RecordSpec("person", (
    Field("name", Kind.TEXT, "Their name, as the fact-checks they sign give it.", example="Ann Example",
          single_script=True),
    Field("role", Kind.TEXT, "Their role at the publication.", required=False, example="Fact-checker"),
    Field("bio", Kind.TEXT, "A short biography: who they are and what they check.", required=False,
          example="Covers Japan's foreign relations; reads Japanese and Russian."),
    Field("same_as", Kind.URLS, "Pages about them elsewhere: a profile, a professional page.", required=False,
          example="[https://example.org/staff/ann-example]"),
))

EVENT = RecordSpec("event", (
    Field("date", Kind.DATE, "When it happened."),
    Field("what", Kind.TEXT, "What happened, in one sentence, as the source reports it.",
          example="Russia's foreign ministry declared the consul persona non grata."),
    Field("source", Kind.SOURCE_ID, "Id of the source that reports it (a file `sources/<id>.yml`).",
          example="asahi-2022-09-27"),
))

STORY_TRANSLATION = RecordSpec("translation", (
    Field("title", Kind.TEXT, "The story's title, in this language.", required=False,
          example="ロシア、日本の領事を追放"),
    Field("introduction", Kind.TEXT, "The introduction, in this language.", required=False),
    Field("events", Kind.TEXTS, "What happened, in this language: the `what` of each entry of `events`, "
          "one for each entry, in the same order.", required=False),
))

STORY = RecordSpec("story", (
    Field("title", Kind.TEXT, "The story's name, as a heading would give it.",
          example="Russia expels a Japanese consul"),
    Field("introduction", Kind.TEXT, "What the story is about, in two or three sentences.",
          example="In September 2022 Russia detained a Japanese consul and expelled him."),
    Field("claims", Kind.CLAIM_IDS, "The fact-checks of the story: ids of claim files (`claims/<id>.yml`).",
          example="[consul-name-motoko-tatsunori]", min_items=1),
    Field("events", Kind.RECORDS, "What happened, for the timeline beside the claims, each with its source.",
          required=False, record=EVENT),
    Field("translations", Kind.TRANSLATIONS, "The story in the publication's other languages: under each "
          "language's code, any of `title`, `introduction` and `events` (a list of the events' `what`, one for "
          "each entry, in order). A field or language left out shows the main language's text, marked as such.",
          required=False, example="{ja: {title: …, introduction: …}}", record=STORY_TRANSLATION),
))

SOURCE_TRANSLATION = RecordSpec("translation", (
    Field("note", Kind.TEXT, "The source's `note`, in this language.", required=False,
          example="題名は編集部による。"),
))

SOURCE = RecordSpec("source", (
    Field("title", Kind.TEXT, "The title of the article or document.",
          example="Extraordinary press conference by Foreign Minister Hayashi Yoshimasa"),
    Field("publisher", Kind.TEXT, "Who published it.", example="Ministry of Foreign Affairs of Japan"),
    Field("url", Kind.URL, "Where the original is, if it is online.", required=False,
          example="https://www.mofa.go.jp/press/kaiken/kaiken24e_000155.html"),
    Field("published", Kind.DATE, "When it was published."),
    Field("archived", Kind.URL, "An archived copy online (a web archive's address).", required=False,
          example="https://web.archive.org/web/2022/https://example.org/article"),
    Field("kind", Kind.CHOICE, "What sort of source it is.", choices=SOURCE_KINDS, example="official"),
    Field("language", Kind.LANGUAGE, "Its language, as a code such as `en` or `ja`.", example="en"),
    Field("translation_of", Kind.LANGUAGE, "Where the source is itself a translation: the language of the "
          "original, as a code.", required=False, example="zh"),
    Field("note", Kind.TEXT, "Anything a reader should know about it: uncertain date, missing title.",
          required=False, example="Title supplied by the editors; the archived copy has none."),
    Field("translations", Kind.TRANSLATIONS, "The `note` in the publication's other languages: under each "
          "language's code, `note`. The title stays as the source has it. A language left out shows the main "
          "language's note, marked as such.", required=False, example="{ja: {note: …}}",
          record=SOURCE_TRANSLATION),
))

VERDICT = RecordSpec("verdict", (
    Field("key", Kind.SLUG, "What claim files write under `verdict:`.", example="mostly-false"),
    Field("label", Kind.TEXT, "What readers see.", example="Mostly false"),
    Field("meaning", Kind.TEXT, "When this verdict applies.", example="The claim is largely contradicted by the evidence."),
    Field("colour", Kind.COLOUR, "Badge colour, `#rrggbb`; white text must be readable on it.", example="#b3261e"),
    Field("icon", Kind.ICON, "A Material icon shown beside the label, so colour is never the only cue.",
          example="material/close-circle"),
    Field("rating", Kind.INTEGER, "The number ClaimReview publishes for this verdict (`ratingValue`): higher is truer; "
          "the scale's highest and lowest numbers are published as `bestRating` and `worstRating`.", example="1"),
))

LICENCE = RecordSpec("licence", (
    Field("name", Kind.TEXT, "The licence's name.", example="CC BY 4.0"),
    Field("url", Kind.URL, "Where its terms are.", example="https://creativecommons.org/licenses/by/4.0/"),
))

FILE_FORMAT = 2
"""The file format of the publications this factdesk reads. 1: claimants and authors in free text;
2: claimant and person records. `factdesk migrate` rewrites an older format and records this one."""

SETTINGS = RecordSpec("settings", (
    Field("name", Kind.TEXT, "The publication's name.", example="factdesk"),
    Field("language", Kind.LANGUAGE, "The publication's language.", example="en"),
    Field("other_languages", Kind.LANGUAGES, "The further languages the publication is published in, as codes "
          "(`ja`, `pt-BR`): claims, sources and stories may carry `translations` into each.", required=False,
          example="[ja, ru]"),
    Field("url", Kind.URL, "The address the site is published at, ending in `/`: canonical addresses, structured "
          "data, feeds and share images are made from it. The environment variable FACTDESK_URL overrides it.",
          example="https://factcheck.example.org/"),
    Field("licence", Kind.RECORD, "The licence of the fact-checks and open data.", record=LICENCE),
    Field("verdicts", Kind.RECORDS, "The verdict scale, from most to least accurate, then the rest. Given in "
          "`factdesk.yml`, it replaces factdesk's default scale as a whole.",
          record=VERDICT, min_items=2),
    Field("search", Kind.CHOICE, "The site's search. `lunr` (the default): Material for MkDocs' own, whose index, "
          "about 4.4 KB a page, a reader's browser downloads whole before the first result. `pagefind`: an index in "
          "chunks, of which the browser fetches only those a query needs; choose it beyond a few thousand claims. "
          "The offline edition and the `mkdocs serve` preview always use `lunr`.",
          choices=("lunr", "pagefind"), example="pagefind"),
    Field("page_size", Kind.INTEGER, "How many claims a page of a listing shows (the claims index, a verdict's, "
          "a tag's, a source's, a claimant's, a person's or a story's page); default 50. A listing of more is cut "
          "by year of the claims' dates, the newest on the listing's own page, a year of more by month, and a "
          "month of more into parts of this size.", required=False, example="50", minimum=1),
    Field("format", Kind.INTEGER, "The factdesk file format the publication's files are written in, which "
          "`factdesk init` and `factdesk migrate` record; a factdesk that reads another says what to run.",
          required=False, example=str(FILE_FORMAT)),
))
