"""Loading a publication's directory into a checked `Publication`, or every problem it has."""

from __future__ import annotations

import difflib
import gc
import multiprocessing
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property, partial
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from factdesk.data import fields, quotes
from factdesk.data.citations import citations
from factdesk.data.colours import MIN_TEXT_CONTRAST, contrast_with_white
from factdesk.data.leftovers import is_leftover
from factdesk.data.model import (
    Appearance,
    Claim,
    Claimant,
    ClaimTranslation,
    Correction,
    Event,
    Evidence,
    Licence,
    Person,
    Publication,
    Retraction,
    Settings,
    Source,
    SourceTranslation,
    Story,
    StoryTranslation,
    Verdict,
    VerdictScale,
    summary_opening,
)
from factdesk.data.problems import Problem, PublicationError, errors, escaped
from factdesk.data.records import (
    MIGRATE_FIX,
    OLDER_FORMAT,
    SLUG,
    EditionDates,
    Languages,
    Reader,
    Record,
    RecordNames,
    is_web_address,
    language_meant,
    slugify,
    tag_slug,
)
from factdesk.data.yamlfile import (
    MAX_ARCHIVE_BYTES,
    Document,
    ParseCache,
    decode,
    parse_document,
    position_in,
    problem_at,
    read_bytes,
    read_document,
    read_file,
)
from factdesk.editions.edition import EPOCH_VARIABLE, build_time, edition_dates
from factdesk.languages.interface import locale
from factdesk.open_data import claimreview
from factdesk.outputs.child_processes import die_with_parent
from factdesk.site.addresses import LOCAL_PREVIEW, SiteAddress
from factdesk.site.pages import unaccented

SETTINGS_FILE = "factdesk.yml"
URL_VARIABLE = "FACTDESK_URL"
"""Overrides the settings' `url`: a deployment that knows its address (GitHub Pages) passes it."""
CLAIMS_DIR = "claims"
SOURCES_DIR = "sources"
CLAIMANTS_DIR = "claimants"
PEOPLE_DIR = "people"
STORIES_DIR = "stories"
DATA_DIRS = (CLAIMS_DIR, SOURCES_DIR, CLAIMANTS_DIR, PEOPLE_DIR, STORIES_DIR)
"""The folders of records: what a publication is made of, and what git's history is read for."""
DOCS_DIR = "docs"
THEME_DIR = "overrides"
SITE_SOURCES = (DOCS_DIR, THEME_DIR)
"""The hand-written pages and the theme's overrides, which MkDocs reads as it finds them (following
links, which factdesk refuses there)."""
YAML_SUFFIXES = (".yml", ".yaml")
RESERVED = {"index", "explorer"}
"""Names taken by generated pages (claims/index.md, claims/explorer.md, sources/index.md)."""


_YEAR = re.compile(r"[0-9]{4}")


def is_reserved(folder: str, record_id: str) -> bool:
    """Whether a record of `folder` may not have this id: the address of a page generated beside
    theirs. In claims/ a year too: `claims/2022/` is the claims index's page of 2022 (site.paging)."""
    if folder != CLAIMS_DIR:
        return record_id == "index"
    return record_id in RESERVED or _YEAR.fullmatch(record_id) is not None


def load_publication(root: Path) -> Publication:
    """The checked publication under `root`; raises `PublicationError` with every error (not warnings)."""
    publication, problems = read_publication(root)
    if publication is None:
        raise PublicationError(errors(problems))
    return publication


def read_publication(root: Path, cache: ParseCache | None = None,
                     jobs: int = 1) -> tuple[Publication | None, list[Problem]]:
    """The publication, or None if any error was found; and every problem, warnings included.

    A `cache` kept from one call to the next spares parsing and checking files that have not
    changed. With `jobs` above 1, many files are read in that many forked processes: only
    for a process that runs no other threads, such as a command line tool."""
    problems: list[Problem] = []
    settings, sources, records, checked, stories = _read_files(root, problems, cache, jobs, keep_claims=True)
    problems = _older_format_once(problems)
    if errors(problems):
        return None, sorted(problems)
    claims = tuple(result.claim for result in checked if result.claim is not None)
    return Publication(settings=settings, claims=claims, sources=sources.by_id, claimants=records.claimants,
                       people=records.people, stories=stories), sorted(problems)


class CheckReport(NamedTuple):
    claim_files: int
    sources: int
    """Sources without errors."""
    problems: list[Problem]


def check_publication(root: Path, jobs: int = 1) -> CheckReport:
    """Every problem `read_publication` finds, without making the publication: claims checked in
    worker processes are not sent back, which at 10,000 claims was a quarter of the time."""
    problems: list[Problem] = []
    _, sources, _, checked, _ = _read_files(root, problems, None, jobs, keep_claims=False)
    return CheckReport(len(checked), len(sources.by_id), sorted(_older_format_once(problems)))


def _older_format_once(problems: list[Problem]) -> list[Problem]:
    """A publication in an older file format gets one message that names the command to run, not one
    for every field of every file: placed on the first such field, it counts the files."""
    older = sorted(p for p in problems if OLDER_FORMAT in p.message)
    files = {p.path for p in older}
    if len(files) < 2:
        return problems
    first = older[0]
    named = sorted({p.message.split("`")[1] for p in older})
    summary = replace(first, message=f"{len(files)} files are written in an older factdesk file format (their "
                      f"fields {', '.join(f'`{n}`' for n in named)} are no longer read)", hint=MIGRATE_FIX)
    return [p for p in problems if OLDER_FORMAT not in p.message] + [summary]


def _read_files(root: Path, problems: list[Problem], cache: ParseCache | None, jobs: int, keep_claims: bool
                ) -> tuple[Settings, _SourceFiles, _Records, list[CheckedClaim], dict[str, Story]]:
    with _collector_paused():
        _check_root(root, problems)
        before = len(problems)
        settings = read_settings(root, problems)
        if cache is not None:
            settings = cache.unchanged(SETTINGS_FILE, settings)
        dates = read_edition_dates(problems)
        # With factdesk.yml in error, its languages are unknown: translations are then not refused
        # for their language too (the settings' problem is the one to fix).
        settings_broken = any(p.path == SETTINGS_FILE and p.severity == "error" for p in problems[before:])
        languages = None if settings_broken else Languages(settings.language, settings.other_languages)
        sources = read_sources(root, problems, cache, jobs, dates, languages, settings.language)
        records = read_records(root, problems, cache)
        checked = read_claims(root, settings, sources, records, problems, cache, jobs, keep_claims, dates,
                              languages)
        _check_records_used(records, checked, problems)
        stories = read_stories(root, sources, checked, problems, cache, dates, languages, settings.language)
        return settings, sources, records, checked, stories


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading builds a few hundred objects per file, all kept, and no reference cycles. The cyclic
    garbage collector would rescan every one of them again and again as they accumulate: at 10,000
    claims that was half the time of reading."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Settings ---------------------------------------------------------------------------------

def read_settings(root: Path, problems: list[Problem]) -> Settings:
    """The publication's settings: the packaged defaults, overridden field by field by factdesk.yml."""
    default_text = resources.files("factdesk").joinpath("data/default-settings.yml").read_bytes()
    values = _settings_values(parse_document(default_text, "factdesk/default-settings.yml"), problems)
    path = root / SETTINGS_FILE
    if path.is_symlink():
        problems.append(_link_problem(SETTINGS_FILE))
    elif path.exists():
        values.update(_settings_values(read_document(path, SETTINGS_FILE), problems, values.get("language", "en")))
    verdicts = tuple(Verdict(**r.values) for r in values.get("verdicts", []))
    licence = values.get("licence")
    return Settings(name=values.get("name", "factdesk"), language=values.get("language", "en"),
                    scale=VerdictScale(verdicts), url=_site_url(values.get("url"), problems),
                    licence=Licence(**licence.values) if licence else None, search=values.get("search", "lunr"),
                    other_languages=tuple(values.get("other_languages") or ()), page_size=values["page_size"])


def read_edition_dates(problems: list[Problem]) -> EditionDates:
    try:
        return edition_dates(build_time())
    except ValueError as error:
        problems.append(Problem(f"${EPOCH_VARIABLE}", 1, 1, str(error),
                                "unset it, or give a time such as `git log -1 --format=%ct` prints"))
        return edition_dates(datetime.now(UTC))


def _site_url(configured: str | None, problems: list[Problem]) -> str | None:
    override = os.environ.get(URL_VARIABLE, "").strip()
    if not override:
        return configured
    if not is_web_address(override):
        problems.append(Problem(f"${URL_VARIABLE}", 1, 1, f"{URL_VARIABLE} should be a web address starting with "
                                f"https:// or http://, not `{override}`", "unset it, or give the site's address"))
    return override


def _settings_values(parsed: tuple[Document, list[Problem]], problems: list[Problem],
                     default_language: str = "en") -> dict[str, Any]:
    document, found = parsed
    problems.extend(found)
    if document.root is None:
        return {}
    reader = Reader(document.path, problems)
    # Every field is optional here: what a project leaves out comes from the defaults.
    optional = fields.RecordSpec("settings", tuple(replace(f, required=False) for f in fields.SETTINGS.fields))
    record = reader.record(document.root, optional, "the settings file")
    if record is None:
        return {}
    _check_format(record, reader)
    if not _other_languages_known(record, reader, record.get("language", default_language)):
        record.values.pop("other_languages", None)  # reported: no translation is also refused for it
    keys = [r.get("key") for r in record.get("verdicts", [])]
    for verdict, key in zip(record.get("verdicts", []), keys):
        if key in RESERVED:
            reader.problem(verdict.nodes["key"], f"the verdict key `{key}` is reserved for the verdicts' index page",
                           "choose another key")
        if keys.count(key) > 1:
            reader.problem(verdict.nodes["key"], f"the verdict key `{key}` is used twice",
                           "give each verdict its own key")
        colour = verdict.get("colour")
        if contrast_with_white(colour) < MIN_TEXT_CONTRAST:
            reader.problem(verdict.nodes["colour"],
                           f"white text on {colour} has a contrast of "
                           f"{contrast_with_white(colour):.1f}:1, below {MIN_TEXT_CONTRAST}:1",
                           "choose a darker colour")
    return record.values


def _other_languages_known(record: Record, reader: Reader, main: str) -> bool:
    """Each of `other_languages` is a language Babel knows (its names and dates come from there),
    other than the main language; listed twice is refused as it is read."""
    ok = True
    node = record.nodes.get("other_languages")
    for code, item in zip(record.get("other_languages") or [], node.value if node is not None else []):
        if code == main:
            ok = False
            reader.problem(item, f"`{code}` is the publication's main language (`language: {main}`), not another",
                           f"remove `{code}` from `other_languages`: it lists only the further languages")
        elif locale(code) is None:
            ok = False
            meant = language_meant(code, _KNOWN_CODES)
            reader.problem(item, f"`{code}` is not a language code factdesk knows (a BCP 47 code such as `ja`, `ru` "
                           "or `pt-BR`)", f"did you mean `{meant}`?" if meant else "write the language's code: "
                           "two or three lowercase letters, then a region or script if need be (`zh-Hant`)")
    return ok


_KNOWN_CODES = ("ar", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sv",
                "tr", "uk", "ur", "vi", "zh", "zh-Hans", "zh-Hant", "el", "cs", "da", "ka", "kk", "be", "sr")
"""Codes a mistyped one is matched with: `jp` is `ja`, `ua` is `uk`, `japanese` is `ja`."""


def _check_format(record: Record, reader: Reader) -> None:
    """A publication written in another file format than this factdesk reads is told what to run,
    once, rather than finding every file in error."""
    written = record.get("format")
    if written is None or written == fields.FILE_FORMAT:
        return
    if written < 1:
        reader.problem(record.nodes["format"], f"there is no factdesk file format {written}",
                       f"write `format: {fields.FILE_FORMAT}`, the format `factdesk init` writes")
        return
    if written > fields.FILE_FORMAT:
        reader.problem(record.nodes["format"], f"the publication is written in factdesk's file format {written}, newer "
                       f"than this factdesk reads ({fields.FILE_FORMAT})",
                       "install the factdesk version it was written with: `pip install -r requirements.txt`")
    else:
        reader.problem(record.nodes["format"], f"the publication is written in factdesk's file format {written}; this "
                       f"factdesk reads format {fields.FILE_FORMAT}", MIGRATE_FIX)


# Sources ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SourceFiles:
    """The sources read: the valid ones by id, the id of every source file on disk (a claim citing a
    broken source is not also told the source is unknown), and their archived texts folded."""

    by_id: dict[str, Source]
    ids_on_disk: frozenset[str]
    archives: quotes.Archives


def read_sources(root: Path, problems: list[Problem], cache: ParseCache | None = None,
                 jobs: int = 1, dates: EditionDates | None = None, languages: Languages | None = None,
                 main_language: str = "") -> _SourceFiles:
    directory = root / SOURCES_DIR
    refused: set[str] = set()
    listing = _listing(directory, SOURCES_DIR, (*YAML_SUFFIXES, ARCHIVE_SUFFIX), problems, refused)
    names = set(listing)
    files = [(source_id, path, display, f"{source_id}{ARCHIVE_SUFFIX}" in names)
             for source_id, path, display in _data_files(directory, listing, SOURCES_DIR, problems)]
    # A source whose archived text is refused (a link, a folder) is not also told it has none.
    has_refused_text = {file[0] for file in files if f"{file[0]}{ARCHIVE_SUFFIX}" in refused}
    if _parallel(files, jobs):
        # The claims' workers will quote these archives thousands of times: fold them here, once
        # each, instead of once in every worker.
        read = _in_workers(_read_sources_in_worker, files, (dates, languages, main_language), jobs)
        archives = quotes.Archives(dict(folded for _, _, folded in read if folded is not None))
    else:
        read = [(*_read_source(*file, cache, dates, languages, main_language), None) for file in files]
        archives = quotes.Archives()  # folded on first use: a preview rebuild may quote few of them
    by_id: dict[str, Source] = {}
    for source, found, _ in read:
        problems.extend(found)
        if source is not None and source.id in has_refused_text:
            source = replace(source, has_archive_file=True)
        if source is not None:
            by_id[source.id] = cache.unchanged(source.path, source) if cache is not None else source
    ids_on_disk = frozenset(_ids_on_disk([*listing, *refused]))
    for name in listing:
        stem, suffix = os.path.splitext(name)
        if suffix == ARCHIVE_SUFFIX and stem not in ids_on_disk:
            problems.append(Problem(f"{SOURCES_DIR}/{_shown(name)}", 1, 1, "archived text without a source file",
                                    f"add {SOURCES_DIR}/{_shown(stem)}.yml describing it, or remove the text"))
    return _SourceFiles(by_id, ids_on_disk, archives)


def _read_source(source_id: str, path: str, display: str, has_archive_file: bool,
                 cache: ParseCache | None, dates: EditionDates | None,
                 languages: Languages | None, main_language: str) -> tuple[Source | None, list[Problem]]:
    text_path = os.path.join(os.path.dirname(path), f"{source_id}{ARCHIVE_SUFFIX}") if has_archive_file else None
    if cache is None:
        return _read_source_files(source_id, path, display, text_path, None, dates, languages, main_language)
    # A preview reads a source again only when its file or its archived text changed (or the day, or
    # the publication's languages).
    files = (path,) if text_path is None else (path, text_path)
    source, problems = cache.derived(("source", path, dates, languages, main_language), files,
                                     lambda: _read_source_files(source_id, path, display, text_path, cache, dates,
                                                                languages, main_language))
    return source, list(problems)


def _read_source_files(source_id: str, path: str, display: str, text_path: str | None,
                       cache: ParseCache | None, dates: EditionDates | None,
                       languages: Languages | None, main_language: str) -> tuple[Source | None, list[Problem]]:
    document, problems = read_document(path, display, cache)
    if document.root is None:
        return None, problems
    record = Reader(display, problems, dates=dates, languages=languages).record(document.root, fields.SOURCE)
    archived_text = _archived_text(text_path, f"{SOURCES_DIR}/{source_id}{ARCHIVE_SUFFIX}", problems, cache) \
        if text_path is not None else None
    if record is None:
        return None, problems
    values = dict(record.values)
    translations = tuple((code, SourceTranslation(**translated.values))
                         for code, translated in values.pop("translations", []))
    return Source(id=source_id, path=display, archived_text=archived_text, has_archive_file=text_path is not None,
                  translations=translations, prose_language=main_language, **values), problems


def _read_sources_in_worker(files: list[tuple[str, str, str, bool]]
                            ) -> list[tuple[Source | None, list[Problem], tuple[str, str] | None]]:
    """Each source read, with its archived text and that text folded."""
    read = [_read_source(*file, None, *_inherited) for file in files]
    return [(source, found, (text, quotes.normalise(text)) if source and (text := source.archived_text) else None)
            for source, found in read]


def _archived_text(path: str, display: str, problems: list[Problem], cache: ParseCache | None) -> str | None:
    try:
        data = read_file(path, cache)
    except OSError as error:
        problems.append(Problem(display, 1, 1, f"cannot read the archived text: {error.strerror}",
                                "make it a readable UTF-8 text file"))
        return None
    text, found = decode(data, display, MAX_ARCHIVE_BYTES, "keep only the article itself, as plain text")
    problems.extend(found)
    return text


# Claimants and people ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Records:
    """The claimant and person records read: the valid ones by id, and the ids and names of every
    file on disk (a claim naming a record that has errors is not also told it is unknown)."""

    claimants: dict[str, Claimant]
    people: dict[str, Person]
    claimant_names: RecordNames
    person_names: RecordNames


def read_records(root: Path, problems: list[Problem], cache: ParseCache | None = None) -> _Records:
    claimants, claimant_names = _read_folder(root, CLAIMANTS_DIR, fields.CLAIMANT, Claimant, problems, cache)
    people, person_names = _read_folder(root, PEOPLE_DIR, fields.PERSON, Person, problems, cache)
    _check_formerly(claimants, claimant_names, problems)
    return _Records(claimants, people, claimant_names, person_names)


def read_stories(root: Path, sources: _SourceFiles, checked: list[CheckedClaim], problems: list[Problem],
                 cache: ParseCache | None = None, dates: EditionDates | None = None,
                 languages: Languages | None = None, main_language: str = "") -> dict[str, Story]:
    """The stories, each naming claim files and sources that exist (a broken one counts: its own
    errors are reported where it is)."""
    claim_ids = frozenset(Path(result.path).stem for result in checked)

    def reader(display: str) -> Reader:
        return Reader(display, problems, source_ids=sources.ids_on_disk, claim_ids=claim_ids, dates=dates,
                      languages=languages)

    def story(**values: Any) -> Story | None:
        return _story(problems, main_language, **values)

    stories, _ = _read_folder(root, STORIES_DIR, fields.STORY, story, problems, cache, reader)
    return stories


def _story(problems: list[Problem], main_language: str, *, events: tuple[Record, ...] = (),
           translations: tuple[tuple[str, Record], ...] = (), **values: Any) -> Story | None:
    """A story; None if its translations do not match its events (reported here)."""
    reader = Reader(values["path"], problems)
    matched = [_matched(reader, code, translated, "events", len(events), ("event", "events"), exact=True)
               for code, translated in translations]
    if not all(matched):
        return None
    return Story(events=tuple(Event(**event.values) for event in events),
                 translations=tuple((code, StoryTranslation(**_tupled(translated.values)))
                                    for code, translated in translations),
                 prose_language=main_language, **values)


def _tupled(values: dict[str, Any]) -> dict[str, Any]:
    return {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}


def _matched(reader: Reader, code: str, translated: Record, name: str, count: int, nouns: tuple[str, str],
             exact: bool, owner: str = "story") -> bool:
    """Whether a translation's list of notes (`evidence`, `corrections`, `events`) matches the record's
    list entry for entry: as long as it (`exact`), or, for corrections, at most as long (those after
    the ones given are not translated yet). A problem if not."""
    notes = translated.get(name)
    if notes is None or len(notes) == count or not exact and len(notes) < count:
        return True
    entries = f"{count} {nouns[count != 1]}" if count else f"no {nouns[1]}"
    given = f"{len(notes)} {'entry' if len(notes) == 1 else 'entries'}"
    if count == 0:
        hint = f"remove `{name}` from the `{code}` translation"
    elif exact:
        hint = (f"write {count} entr{'y' if count == 1 else 'ies'} under `{name}`, one for each {nouns[0]}, in the "
                f"same order; or leave `{name}` out of the translation, to show the main language's")
    else:
        hint = (f"write at most {count} entr{'y' if count == 1 else 'ies'} under `{name}`, one for each {nouns[0]}, "
                "oldest first; a correction left without one shows in the main language")
    reader.problem(translated.nodes[name], f"the `{code}` translation's `{name}` has {given}, but the "
                   f"{owner} has {entries}", hint)
    return False


_R = TypeVar("_R", Claimant, Person, Story)


def _read_folder(root: Path, label: str, spec: fields.RecordSpec, make: Callable[..., _R | None],
                 problems: list[Problem],
                 cache: ParseCache | None, reader: Callable[[str], Reader] | None = None
                 ) -> tuple[dict[str, _R], RecordNames]:
    """The records of one folder by id, and every id and name in it; two records going by one name
    (a story: one title) are an error, since readers would find one speaker, or one fact-checker, on
    two pages."""
    name_field = spec.fields[0].name
    directory = root / label
    found: dict[str, _R] = {}
    names: list[tuple[str, str]] = []
    # A folded name: the record, the name as written there, and where.
    named: dict[str, tuple[str, str, yaml.Node]] = {}
    # A file refused (a link) is still known: a claim naming it is not also told it does not exist.
    refused: set[str] = set()
    listing = _listing(directory, label, YAML_SUFFIXES, problems, refused)
    ids = list(_ids_on_disk(sorted(refused)))
    for record_id, path, display in _data_files(directory, listing, label, problems):
        ids.append(record_id)

        if cache is None or reader is not None:
            item, _, name_nodes = _read_record(record_id, path, display, spec, make, reader, problems, cache)
        else:
            # A claimant's or a person's record depends on its file alone: kept, the very object, while
            # the file is unchanged (3,000 claimants were read again at each preview rebuild).
            item, found_problems, name_nodes = cache.derived(("record", path), (path,), partial(
                _read_record, record_id, path, display, spec, make, None, [], cache))
            problems.extend(found_problems)
        if item is None:
            continue
        found[record_id] = item
        for node, name in name_nodes:
            names.append((name, record_id))
            first = named.setdefault(folded_name(name), (display, name, node))
            if first[0] != display:
                # On both files: whichever one an editor has open, the check names the other.
                fix = _SAME_TITLE_FIX if name_field == "title" else _SAME_NAME_FIX
                problems.append(problem_at(display, node, f"{first[0]} goes by the {name_field} “{first[1]}” too", fix))
                problems.append(problem_at(first[0], first[2], f"{display} goes by the {name_field} “{name}” too", fix))
    formerly = tuple((former, record.id) for record in found.values() for former in getattr(record, "formerly", ()))
    return found, RecordNames(label, spec.name, frozenset(ids), tuple(names), frozenset(ids) - set(found), formerly,
                              directory.is_symlink())


_ReadRecord = tuple[_R | None, list[Problem], list[tuple[yaml.Node, str]]]
"""A record read from its file (None if it has errors), the problems found, and its names where written."""


def _read_record(record_id: str, path: str, display: str, spec: fields.RecordSpec, make: Callable[..., _R | None],
                 reader: Callable[[str], Reader] | None, reported: list[Problem], cache: ParseCache | None
                 ) -> _ReadRecord[_R]:
    """One record of `_read_folder`, its problems added to `reported` (by `reader`'s, if given)."""
    document, found_problems = read_document(path, display, cache)
    reported.extend(found_problems)
    if document.root is None:
        return None, reported, []
    record = (reader(display) if reader else Reader(display, reported)).record(document.root, spec)
    if record is None:
        return None, reported, []
    values = {name: tuple(value) if isinstance(value, list) else value for name, value in record.values.items()}
    item = make(id=record_id, path=display, **values)
    if item is None:
        return None, reported, []  # reported by `make`
    name_nodes = [(record.nodes[spec.fields[0].name], values[spec.fields[0].name])]
    if "other_names" in record.nodes:
        name_nodes += list(zip(record.nodes["other_names"].value, values["other_names"]))
    return item, reported, name_nodes


_SAME_TITLE_FIX = "one story, one title: merge the two files into one, or give each a title readers tell apart"
_SAME_NAME_FIX = ("one record for each speaker: merge the two files into one (its `formerly:` keeps the other's "
                  "address); if they are two, tell them apart in their names, e.g. “John Smith (Ohio senator)”")


def folded_name(name: str) -> str:
    """A name as readers would tell two apart: case, accents, spacing and punctuation aside."""
    return " ".join(_WORDS.findall(unaccented(name).casefold()))


def _check_formerly(claimants: dict[str, Claimant], names: RecordNames, problems: list[Problem]) -> None:
    """A former id keeps a published address answering: it may not be an id in use, nor the name of
    a generated page (`claimants/index/` is the claimants' index)."""
    for claimant in claimants.values():
        for former in claimant.formerly:
            if is_reserved(CLAIMANTS_DIR, former):
                problems.append(Problem(claimant.path, 1, 1, f"`formerly` lists `{former}`, the address of a "
                                        f"generated page, {CLAIMANTS_DIR}/{former}/", "remove it: no claimant "
                                        "page was ever published there"))
            elif former in names.ids:
                problems.append(Problem(claimant.path, 1, 1, f"`formerly` lists `{former}`, which is the id of "
                                        f"{CLAIMANTS_DIR}/{former}.yml", "list only ids that no record has now"))


UNUSED_RECORD = "no claim names"


def _check_records_used(records: _Records, checked: list[CheckedClaim], problems: list[Problem]) -> None:
    """A claimant that no claim names is a page with nothing on it: most likely a mistyped id in a
    claim. A person is not: a fact-checker joins the team, and the about page, before their first
    fact-check."""
    used = {name for result in checked for name in result.names}
    for record_id, record in records.claimants.items():
        if f"{CLAIMANTS_DIR}/{record_id}" not in used:
            problems.append(Problem(record.path, 1, 1, f"{UNUSED_RECORD} `{record_id}`",
                                    f"name it under `claimants:` in the claim it made, or remove {record.path}",
                                    "warning"))


# Claims -----------------------------------------------------------------------------------

def read_claims(root: Path, settings: Settings, sources: _SourceFiles, records: _Records, problems: list[Problem],
                cache: ParseCache | None = None, jobs: int = 1, keep_claims: bool = True,
                dates: EditionDates | None = None, languages: Languages | None = None) -> list[CheckedClaim]:
    """Every claim file checked, in the order of their names. Without `keep_claims`, those checked in
    worker processes come back without their claim."""
    # Checking a claim reads its file, the settings, which sources exist, the sources themselves,
    # the claimant and person records, and the edition's date.
    context = _ClaimContext(settings, sources.ids_on_disk, tuple(sources.by_id.values()), dates,
                            tuple(records.claimants.values()), tuple(records.people.values()),
                            records.claimant_names, records.person_names, languages)
    checked: dict[str, CheckedClaim] = cache.checked_claims(context) if cache is not None else {}
    directory = root / CLAIMS_DIR
    files = _data_files(directory, _listing(directory, CLAIMS_DIR, YAML_SUFFIXES, problems), CLAIMS_DIR, problems)
    unchecked = [file for file in files if cache is None or not _unchanged(checked.get(file[2]), file[1], cache)]
    checked.update((result.path, result) for result in _check_claim_files(unchecked, context, sources.archives,
                                                                         cache, jobs, keep_claims))
    results = [checked[display] for _, _, display in files if display in checked]
    tag_spellings: dict[str, str] = {}
    claims_said: dict[str, str] = {}
    for result in results:
        problems.extend(result.problems)
        _check_tags(result.path, result.tags, problems, tag_spellings)
        _check_claim_said_once(result, problems, claims_said)
    return results


def _unchanged(known: CheckedClaim | None, path: str, cache: ParseCache) -> bool:
    return known is not None and known.data is not None and (cache.same_as_read(path)
                                                              or known.data == read_bytes(path, "", cache)[0])


@dataclass(frozen=True)
class _ClaimContext:
    """What checking a claim reads besides its own file."""

    settings: Settings
    source_ids: frozenset[str]
    sources: tuple[Source, ...]
    dates: EditionDates | None
    claimants: tuple[Claimant, ...]
    people: tuple[Person, ...]
    claimant_names: RecordNames
    person_names: RecordNames
    languages: Languages | None = None
    """The languages translations may be in; None: unknown (factdesk.yml has errors)."""

    @cached_property
    def claimant_by_id(self) -> dict[str, Claimant]:
        return {claimant.id: claimant for claimant in self.claimants}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def sources_only(self) -> Publication:
        """The publication without its claims: what one claim's ClaimReview reads."""
        return Publication(settings=self.settings, claims=(), sources=self.source_by_id)

    @cached_property
    def site(self) -> SiteAddress:
        return SiteAddress(self.settings.url or LOCAL_PREVIEW)


@dataclass(frozen=True)
class CheckedClaim:
    """What reading and checking one claim file gave: its bytes (None when unreadable, or checked
    in a worker), the claim (None if the file has errors, or when a worker was not to send it back),
    its tags and where each is written, the claim's text folded for comparison with others' and
    where it is written, and the problems found."""

    path: str
    data: bytes | None
    claim: Claim | None
    tags: tuple[tuple[str, int, int], ...]
    problems: tuple[Problem, ...]
    said: tuple[str, int, int] | None = None
    names: tuple[str, ...] = ()
    """The records the file names, as `claimants/<id>` and `people/<id>`, read even when it has errors."""


def _check_claim_files(files: list[_DataFile], context: _ClaimContext, archives: quotes.Archives,
                       cache: ParseCache | None, jobs: int, keep_claims: bool) -> list[CheckedClaim]:
    """Each claim file read and checked, in worker processes when there are many and `jobs` allows:
    reading and checking ten thousand files takes seconds, and each file is checked on its own."""
    if not _parallel(files, jobs):
        return [_check_claim_file(*file, context, archives, cache) for file in files]
    return _in_workers(_check_claims_in_worker, files, (context, archives, keep_claims), jobs)


def _check_claims_in_worker(files: list[_DataFile]) -> list[CheckedClaim]:
    context, archives, keep_claims = _inherited
    # The bytes are not sent back: they only serve a `ParseCache`, which checks in one process.
    results = (_check_claim_file(*file, context, archives, None) for file in files)
    return [replace(result, data=None, claim=result.claim if keep_claims else None) for result in results]


def _check_claim_file(slug: str, path: str, display: str, context: _ClaimContext,
                      archives: quotes.Archives, cache: ParseCache | None) -> CheckedClaim:
    """One claim file read and checked on its own and against the sources (not against other claims)."""
    data, unreadable = read_bytes(path, display, cache)
    if data is None:
        return CheckedClaim(display, None, None, (), tuple(unreadable))
    sources = context.source_by_id
    document, found = parse_document(data, display)
    if document.root is None:
        return CheckedClaim(display, data, None, (), tuple(found))
    scale = context.settings.scale
    reader = Reader(display, found, verdicts=scale.keys, source_ids=context.source_ids, dates=context.dates,
                    claimant_ids=context.claimant_names, person_ids=context.person_names,
                    languages=context.languages)
    record = reader.record(document.root, fields.CLAIM)
    names = _names_in(document.root)
    if record is None:
        # Still check what can be checked, so one run shows every mistake in the file.
        _check_partial_claim(document.root, reader, sources, archives)
        return CheckedClaim(display, data, None, (), tuple(found), names=names)
    if not _translations_match(record, reader):
        return CheckedClaim(display, data, None, (), tuple(found), names=names)
    claim = _claim(slug, display, record, scale, context)
    _check_claim(claim, record, reader, sources, archives, scale)
    _check_citations(claim, claim.body, record.nodes["body"], reader, data)
    for (_, translation), (_, translated) in zip(claim.translations, record.get("translations", [])):
        if translation.body is not None:
            _check_citations(claim, translation.body, translated.nodes["body"], reader, data)
    if all(appearance.source in sources for appearance in claim.appearances):  # else a source has errors
        found += _review_problems(claim, context)
    node = record.nodes.get("tags")
    tags = tuple((tag, item.start_mark.line + 1, item.start_mark.column + 1)
                 for tag, item in zip(record.get("tags", []), node.value if node is not None else []))
    said = record.nodes["claim"].start_mark
    return CheckedClaim(display, data, claim, tags, tuple(found),
                        (_folded_claim(claim.claim), said.line + 1, said.column + 1), names)


def _translations_match(record: Record, reader: Reader) -> bool:
    """Each translation's notes match the claim's entries: one for each entry of `evidence`, at most
    one for each correction, a retraction's note only for a retraction."""
    ok = True
    for code, translated in record.get("translations", []):
        ok &= _matched(reader, code, translated, "evidence", len(record.get("evidence")),
                       ("entry of `evidence`", "entries of `evidence`"),
                       exact=True, owner="claim")
        ok &= _matched(reader, code, translated, "corrections", len(record.get("corrections") or []),
                       ("correction", "corrections"),
                       exact=False, owner="claim")
        if "retracted" in translated.values and "retracted" not in record.values:
            ok = False
            reader.problem(translated.nodes["retracted"], f"the `{code}` translation has a retraction's note, but the "
                           "fact-check is not retracted", f"remove `retracted` from the `{code}` translation")
    return ok


def _names_in(root: yaml.Node) -> tuple[str, ...]:
    """The claimant and person ids a claim file gives, as written, whatever else is wrong in it."""
    if not isinstance(root, yaml.MappingNode):
        return ()
    folders = {"claimants": CLAIMANTS_DIR, "author": PEOPLE_DIR, "editor": PEOPLE_DIR}
    names = []
    for key, value in root.value:
        folder = folders.get(key.value) if isinstance(key, yaml.ScalarNode) else None
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        names += [f"{folder}/{item.value.strip()}" for item in items
                  if folder is not None and isinstance(item, yaml.ScalarNode)]
    return tuple(names)


def _claim(slug: str, path: str, record: Record, scale: VerdictScale, context: _ClaimContext) -> Claim:
    values = dict(record.values)
    verdict = scale.get(values.pop("verdict"))
    assert verdict is not None  # the reader accepted only keys of the scale
    people = context.person_by_id
    return Claim(
        slug=slug, path=path, verdict=verdict,
        claimants=tuple(context.claimant_by_id[who] for who in values.pop("claimants")),
        author=people[values.pop("author")],
        editor=people[values.pop("editor")] if "editor" in values else None,
        appearances=tuple(Appearance(**r.values) for r in values.pop("appearances")),
        evidence=tuple(Evidence(**r.values) for r in values.pop("evidence")),
        corrections=tuple(Correction(**r.values) for r in values.pop("corrections", [])),
        retracted=Retraction(**values.pop("retracted").values) if "retracted" in values else None,
        tags=tuple(dict.fromkeys(values.pop("tags", []))),
        lines={name: node.start_mark.line + 1 for name, node in record.nodes.items()},
        translations=tuple((code, ClaimTranslation(**_tupled(translated.values)))
                           for code, translated in values.pop("translations", [])),
        prose_language=context.settings.language,
        **values,
    )


def _check_claim(claim: Claim, record: Record, reader: Reader, sources: dict[str, Source],
                 archives: quotes.Archives, scale: VerdictScale) -> None:
    """Checks across fields and files: quotes against archives, dates against each other, the
    summary against the verdict."""
    for appearance in record.values["appearances"]:
        _check_quote(appearance, reader, sources, archives)
        if "translated_by" in appearance.values and "translation" not in appearance.values:
            reader.problem(appearance.nodes["translated_by"], "`translated_by` names who translated the quote, "
                           "but the appearance has no `translation`",
                           "add `translation:` with the quote in the publication's language, or remove `translated_by:`")
        source = sources.get(appearance.get("source"))
        if source and source.published < claim.claim_date:
            reader.problem(appearance.nodes["source"],
                           f"the claim is dated {claim.claim_date}, but this source was published "
                           f"{source.published}, before the claim was made",
                           "set `claim_date` to the date the claim was first made")
    nodes = record.nodes
    _check_finding_agrees(claim, nodes["summary"], reader, scale)
    if claim.editor is not None and claim.editor == claim.author:
        reader.problem(nodes["editor"], f"`editor` is the author, `{claim.author.id}`",
                       "name an editor only when someone other than the author edited the fact-check, or remove "
                       "`editor:`")
    if claim.claim_date > claim.published:
        reader.problem(nodes["claim_date"], f"the claim is dated {claim.claim_date}, after the fact-check "
                       f"was published ({claim.published})", "a claim must be made before it is checked")
    if claim.updated and claim.updated < claim.published:
        reader.problem(nodes["updated"], f"`updated` ({claim.updated}) is before `published` ({claim.published})",
                       "an update comes after publication; correct either date")
    retraction = record.values.get("retracted")
    dated = [("correction", c) for c in record.values.get("corrections", [])]
    dated += [("retraction", retraction)] if retraction else []
    for what, entry in dated:
        if entry.get("date") < claim.published:
            reader.problem(entry.nodes["date"], f"the {what} is dated {entry.get('date')}, before the fact-check "
                           f"was published ({claim.published})", f"date the {what} when it was made")


def _check_citations(claim: Claim, body: str, node: yaml.Node, reader: Reader, data: bytes) -> None:
    """Every `[@source-id]` in the explanation (`body`, or a translation's) names a source of the
    claim's evidence: the page links it to that entry of the evidence list."""
    if "[@" not in body or not isinstance(node, yaml.ScalarNode):
        return
    text = data.decode("utf-8", "replace")
    evidence = [item.source for item in claim.evidence]
    cite_one = ", ".join(f"`[@{s}]`" for s in evidence)
    # The value as written, not the claim's stripped body: offsets are counted in it.
    for citation in citations(node.value):
        cited = citation.cited
        if citation.well_formed and cited in evidence:
            continue
        line, column = position_in(node, citation.offset, text)
        if not citation.well_formed:
            message = f"`[@{cited}]` is not a citation: it is written `[@source-id]`, with no spaces"
            hint = f"cite a source of the evidence: {cite_one}"
        elif reader.source_ids is not None and cited in reader.source_ids:
            message = f"the explanation cites `{cited}`, a source of the publication, but not of this claim's evidence"
            hint = f"add it to `evidence:` (`- source: {cited}` with a note), or cite one of the evidence: {cite_one}"
        else:
            message = f"the explanation cites `{cited}`, not a source of its evidence"
            meant = difflib.get_close_matches(cited, evidence, n=1)
            hint = (f"did you mean `[@{meant[0]}]`? Else cite " if meant else "cite ") + f"a source of the evidence: {cite_one}"
        reader.problems.append(Problem(reader.path, line, column, message, hint))


def _check_finding_agrees(claim: Claim, node: yaml.Node, reader: Reader, scale: VerdictScale) -> None:
    found = finding_problem(claim.summary, claim.verdict, scale)
    if found is not None:
        reader.problems.append(problem_at(reader.path, node, *found, "warning"))


def finding_problem(summary: str, verdict: Verdict, scale: VerdictScale) -> tuple[str, str] | None:
    """A summary that opens with a verdict's label must open with this claim's: after a change of
    verdict, "Mostly true. …" once stayed under a Misleading badge."""
    opening = summary_opening(summary)
    said = next((v for v in scale.verdicts if opening and v.label.casefold() == opening.group(1).strip().casefold()),
                None)
    if opening is None or said is None or said.key == verdict.key:
        return None
    return (f"the summary opens with “{opening.group(1).strip()}”, but the verdict is {verdict.label}",
            f"open it with “{verdict.label}.”, or leave the label out: the badge gives it")


def _review_problems(claim: Claim, context: _ClaimContext) -> list[Problem]:
    """The claim's ClaimReview linted, its findings placed on the claim file's line they concern."""
    problems = []
    review = claimreview.claim_review(claim, context.sources_only, context.site)
    for finding in claimreview.lint(review, context.site):
        field_name = "claim_reviewed" if "claim_reviewed" in claim.lines else "claim"
        line = claim.lines.get(field_name, 1) if finding.property == "claimReviewed" else 1
        problems.append(Problem(claim.path, line, 1, finding.message, finding.hint, finding.severity))
    return problems


def _check_tags(path: str, tags: tuple[tuple[str, int, int], ...], problems: list[Problem],
                spellings: dict[str, str]) -> None:
    """Each tag gets the page `tags/<slug>/`: two spellings may not share one, nor take the index."""
    for tag, line, column in tags:
        slug = tag_slug(tag)
        first = spellings.setdefault(slug, tag)
        if not slug or slug in RESERVED:
            problems.append(Problem(path, line, column, f"the tag `{tag}` has no address of its own "
                                    f"(it would be tags/{slug or '?'}/)",
                                    "use a tag with letters or digits in it, other than `index`"))
        elif first != tag:
            problems.append(Problem(path, line, column, f"the tags `{tag}` and `{first}` would share the page "
                                    f"tags/{slug}/", f"write it `{first}`, as other claims do"))


def _folded_claim(text: str) -> str:
    """A claim's words as readers would compare two claims: case, punctuation, markup (Markdown's
    emphasis, HTML tags) and spacing aside."""
    return " ".join(_WORDS.findall(_TAGS.sub(" ", quotes.normalise(text)).casefold()))


_WORDS = re.compile(r"[^\W_]+")
_TAGS = re.compile(r"<[^<>]*>")


def _check_claim_said_once(result: CheckedClaim, problems: list[Problem], first_file: dict[str, str]) -> None:
    """Two fact-checks of one claim split its readers, its corrections and its scorecards."""
    if result.said is None:
        return
    folded, line, column = result.said
    first = first_file.setdefault(folded, result.path)
    if first != result.path:
        problems.append(Problem(result.path, line, column, f"{first} checks the same claim",
                                f"keep one fact-check of it: merge this file into {first}, or, if the two "
                                "claims differ, write each as it was made", "warning"))


def _check_partial_claim(root: yaml.Node, reader: Reader, sources: dict[str, Source],
                         archives: quotes.Archives) -> None:
    """Quote checks for a claim that failed elsewhere, so its quotes are not reported one run later."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if getattr(key, "value", None) != "appearances" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            appearance = Reader(reader.path, [], source_ids=reader.source_ids).record(item, fields.APPEARANCE)
            if appearance is not None:
                _check_quote(appearance, reader, sources, archives)


def _check_quote(appearance: Record, reader: Reader, sources: dict[str, Source], archives: quotes.Archives) -> None:
    source = sources.get(appearance.get("source"))
    if source is None:
        return  # an unknown or broken source is reported on its own
    found = quote_problem(appearance.get("quote"), source, archives)
    if found is not None:
        reader.problem(appearance.nodes["quote"], *found)


def quote_problem(quote: str, source: Source, archives: quotes.Archives) -> tuple[str, str] | None:
    """What is wrong with quoting `quote` from `source`, and the fix; None if it is right (or if the
    source's archive could not be read, which is reported on its own)."""
    length = quotes.quote_length(quote)
    if length < quotes.MIN_QUOTE_LENGTH:
        return (f"the quote is too short to show where the claim was made: {length} letters or digits, "
                f"the least is {quotes.MIN_QUOTE_LENGTH}",
                "quote the whole phrase in which the claim was made, as the source has it "
                "(a Chinese, Japanese or Korean character counts as two)")
    if source.archived_text is None and source.has_archive_file:
        return None
    if source.archived_text is None:
        return (f"cannot verify the quote: source `{source.id}` has no archived text",
                f"add {SOURCES_DIR}/{source.id}.txt with the text of the source as published")
    if not archives.has(quote, source.archived_text):
        return (f"the quote does not occur in the archived text of `{source.id}`",
                quotes.mismatch_hint(quote, source.archived_text))
    return None


# Workers ----------------------------------------------------------------------------------

PARALLEL_FROM = 400
"""Files to read before worker processes pay for their start (about 50 ms each)."""
_BATCH = 200
_inherited: Any = None
"""What the forked workers of `_in_workers` read besides their batch."""

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def _parallel(files: list[Any], jobs: int) -> bool:
    """Whether to read `files` in `jobs` forked processes: only for a process that runs no other
    threads, such as a command line tool, and only when there are many."""
    return jobs > 1 and len(files) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()


def _in_workers(task: Callable[[list[_Item]], list[_Result]], items: list[_Item], inherited: object,
                jobs: int) -> list[_Result]:
    """`task` over batches of `items` in `jobs` forked processes, which inherit `inherited` instead of
    receiving a copy of it; batches, so that the results of one are taken in while workers read the next."""
    global _inherited
    _inherited = inherited
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            batches = pool.map(task, [items[i:i + _BATCH] for i in range(0, len(items), _BATCH)])
            return [result for batch in batches for result in batch]
    finally:
        _inherited = None


# Files ------------------------------------------------------------------------------------

ARCHIVE_SUFFIX = ".txt"
"""A source's archived text: `sources/<id>.txt`, beside `sources/<id>.yml`."""
def _listing(directory: Path, label: str, suffixes: tuple[str, ...], problems: list[Problem],
             refused: set[str] | None = None) -> list[str]:
    """The names of the regular files in a directory that end in one of `suffixes`, sorted; every
    other entry, but editors' leftovers, named in a problem (and in `refused`). A symbolic link is
    never followed: it could publish any file the build can read. One listing instead of a `stat`
    per file: a publication may hold tens of thousands."""
    if directory.is_symlink():
        return []  # reported by _check_root, and never followed
    try:
        with os.scandir(directory) as entries:
            found = sorted((entry.name, _kind(entry)) for entry in entries)
    except FileNotFoundError:
        return []  # a missing claims/ is reported by _check_root; a publication may have no sources yet
    except NotADirectoryError:
        problems.append(Problem(label, 1, 1, f"{label} is a file, not a folder",
                                f"make {label}/ a folder holding one file per record"))
        return []
    except OSError as error:
        problems.append(Problem(f"{label}/", 1, 1, f"cannot read the folder: {error.strerror}",
                                "make it readable and searchable by the user who builds the site "
                                f"(chmod u+rx {label})"))
        return []
    names = []
    for name, kind in found:
        if is_leftover(name):
            continue
        shown = f"{label}/{_shown(name)}"
        if kind != "file" and refused is not None:
            refused.add(name)
        if kind == "link":
            problems.append(_link_problem(shown))
        elif kind == "folder":
            problems.append(Problem(shown + "/", 1, 1, f"a folder inside {label}/ is not read",
                                    f"move the files it holds into {label}/ itself: only files directly in "
                                    f"{label}/ are read"))
        elif kind == "other":
            problems.append(Problem(shown, 1, 1, "not a regular file (a pipe, socket or device)", "remove it"))
        elif not _read_ending(os.path.splitext(name)[1], suffixes):
            endings = [f"`<id>{suffix}`" for suffix in dict.fromkeys(s.lower() for s in suffixes)]
            allowed = " and ".join([", ".join(endings[:-1]), endings[-1]] if len(endings) > 1 else endings)
            problems.append(Problem(shown, 1, 1, f"not read: {label}/ holds only {allowed} files",
                                    f"move it out of {label}/, or give it the right ending if it belongs there"))
        else:
            names.append(name)
    return names


def _read_ending(ending: str, suffixes: tuple[str, ...]) -> bool:
    """YAML files in any case (`X.YML`); an archived text only as `.txt`, the name its source's id pairs with."""
    return ending in suffixes or ending.lower() in suffixes and ending.lower() in YAML_SUFFIXES


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "link"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "file" if entry.is_file(follow_symlinks=False) else "other"


def _link_problem(shown: str) -> Problem:
    return Problem(shown, 1, 1, "a symbolic link is not read: factdesk reads only the publication's own files",
                   "replace the link with the file itself (copy it in, then `git add` the copy)")


def site_source_problems(folder: Path, label: str) -> list[Problem]:
    """What is wrong in a folder that MkDocs reads as it finds it (docs/, the theme's overrides): a
    symbolic link, which MkDocs would follow and publish what it points to; a pipe or a device,
    which would stop the build for ever; a file or folder the build may not read, which MkDocs would
    silently leave out."""
    if folder.is_symlink():
        return [_link_problem(label + "/")]
    problems: list[Problem] = []

    def shown(path: str) -> str:
        return f"{label}/{_shown(os.path.relpath(path, folder))}"

    def unreadable(error: OSError) -> None:
        problems.append(Problem(shown(str(error.filename)) + "/", 1, 1, f"cannot read the folder: {error.strerror}",
                                "make it readable and searchable by the user who builds the site (chmod a+rx)"))

    for parent, folders, files in os.walk(folder, onerror=unreadable):
        for name in sorted([*folders, *files]):
            path = os.path.join(parent, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                problems.append(_link_problem(shown(path)))
            elif stat.S_ISDIR(mode):
                continue  # walked in its turn
            elif not stat.S_ISREG(mode):
                problems.append(Problem(shown(path), 1, 1, "not a regular file (a pipe, socket or device)",
                                        "remove it"))
            elif not os.access(path, os.R_OK):
                problems.append(Problem(shown(path), 1, 1, "cannot read the file: Permission denied",
                                        "make it readable by the user who builds the site (chmod a+r)"))
    return sorted(problems)


def _shown(name: str) -> str:
    """A file name as it can be printed: a name is untrusted, and a control character in it would
    reach the editor's terminal."""
    return name if name.isprintable() else "".join(c if c.isprintable() else escaped(c) for c in name)


_ROOT_NAMES = {name.casefold(): name for name in (*DATA_DIRS, SETTINGS_FILE, "factdesk.yaml")}


def _check_root(root: Path, problems: list[Problem]) -> None:
    """The publication's own folders and settings file: present, real (not links), and not in
    another spelling that factdesk would silently pass by (`Claims/`, `factdesk.yaml`)."""
    try:
        with os.scandir(root) as entries:
            found = {entry.name: _kind(entry) for entry in entries}
    except OSError as error:
        problems.append(Problem(str(root), 1, 1, f"cannot read the publication's folder: {error.strerror}",
                                "make it readable by the user who builds the site"))
        return
    for name, kind in sorted(found.items()):
        meant = _ROOT_NAMES.get(name.casefold())
        if meant is None:
            continue
        if name != meant or name == "factdesk.yaml":
            right = SETTINGS_FILE if meant.startswith("factdesk") else meant + "/"
            problems.append(Problem(_shown(name) + "/" * (kind == "folder"), 1, 1, f"not read: factdesk reads {right}",
                                    f"move what it holds into {right}" if right in found or right.rstrip("/") in found
                                    else f"rename it {right}"))
        elif kind == "link" and name != SETTINGS_FILE:  # the settings file is reported as it is read
            problems.append(_link_problem(name + "/"))
    for folder in SITE_SOURCES:
        if found.get(folder) in ("folder", "link"):
            problems.extend(site_source_problems(root / folder, folder))
    if CLAIMS_DIR not in found:
        problems.append(Problem(f"{CLAIMS_DIR}/", 1, 1, f"the folder {CLAIMS_DIR}/ is missing: a publication keeps "
                                f"one file per fact-check in it", f"run factdesk in the publication's folder, or "
                                f"create {CLAIMS_DIR}/ (an empty folder is a publication with no fact-checks yet)"))


_DataFile = tuple[str, str, str]
"""A data file's id, path (a string: tens of thousands go to workers, and `Path` objects are slow to
make and to send), and its path as shown to editors."""


def _data_files(directory: Path, listing: list[str], label: str, problems: list[Problem]) -> list[_DataFile]:
    """The YAML files of a directory as (id, path, display path), with naming problems reported.

    Ids become addresses (`claims/<slug>/`), so they must be lowercase and unique even on
    file systems that ignore case."""
    found: list[_DataFile] = []
    by_folded: dict[str, list[str]] = defaultdict(list)
    for file_name in listing:
        name, suffix = os.path.splitext(file_name)
        if suffix.lower() not in YAML_SUFFIXES:
            continue
        display = f"{label}/{_shown(file_name)}"
        by_folded[name.casefold()].append(display)
        if not SLUG.fullmatch(name):
            problems.append(Problem(display, 1, 1, f"`{name}` is not a valid file name for an address",
                                    f"rename it to {label}/{slugify(name) or 'a-descriptive-name'}.yml "
                                    "(lowercase letters, digits and hyphens)"))
            continue
        if is_reserved(label, name):
            problems.append(Problem(display, 1, 1, f"`{name}` is reserved: {label}/{name}/ is a generated page",
                                    f"rename it, e.g. {label}/{name}-1.yml"))
            continue
        found.append((name, os.path.join(directory, file_name), display))
    for names in by_folded.values():
        for display in names[1:]:
            problems.append(Problem(display, 1, 1, f"another file has the same address: {names[0]}",
                                    "rename one of them; ids must differ in more than case or extension"))
    duplicates = {d for names in by_folded.values() for d in names[1:]}
    return [entry for entry in found if entry[2] not in duplicates]


def _ids_on_disk(listing: list[str]) -> Iterable[str]:
    """Ids of every source file, valid or not: a claim citing a broken source is not also 'unknown'."""
    for name in listing:
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in YAML_SUFFIXES:
            yield stem
