"""Listings in pages: of claims by period (the claims index and each verdict's, tag's, claimant's,
person's, source's and story's page, and the corrections), of sources and claimants by letter.

A listing of at most `page_size` claims (factdesk.yml) is one page. A longer one is cut by the year
of each claim's date (`claim_date`), the newest year first, each year's claims in the listing's own
order; a year of more than `page_size` claims is cut by month, and a month of more than `page_size`
claims into parts. So a listing whose claims are few a year reads a year a page, not a claim or two
a page, and a busy one a month a page. Page 1 keeps the listing's address (`verdicts/false.md`);
the others live under the listing's folder: a year's first page at `verdicts/false/2021/index.md`
(`…/2021/`), its other months at `verdicts/false/2022/09.md`, a month's second part at
`verdicts/false/2022/09/2.md`. They cannot clash with another page: a record's page is a file
directly in its kind's folder (`claims/<slug>.md`), with or without directory URLs, and a claim
whose id is a year would take its year's page's address: the build refuses it (pages.py).

Why periods and not positions: pages cut by position all shift when a claim is added near the
top, so one edit would rewrite every later page, and the page that lists a given claim would
change with it. A year's or a month's page changes only when a claim of that period is added,
removed or changed (or, once, when its year outgrows a page and is cut by month). For the same
reason a page says nothing of the listing as a whole (no "page 7 of 70"): its text depends only on
its own claims, its period and part, its neighbours' addresses and the first and last pages'
addresses, and, on page 1 alone, the listing's header (counts, scorecard). Then a verdict edit
rewrites the pages of that claim's period and the first pages whose counts change, not the listing.

Directories, which have no date order (the sources' and the claimants' indexes, alphabetical), are
cut by the first letter of each entry's sort name instead (`by_initial`), for the same reason: a new
source changes only its letter's pages. A letter of more than `page_size` entries is cut into parts.
Page 1, the first letter, keeps the index's address (`sources/index.md`); the others live under
`letter/` in the index's folder (`sources/letter/b.md`, `sources/letter/b/2.md`), where a record's
page, a file directly in `sources/`, cannot be, and neither can its periods' pages (`<id>/2022/09.md`,
two folders deeper)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where a page of a paged listing stands: its period and part, and the pages it links to, by
    path. The first page is the newest."""

    year: int
    month: int | None
    """The page's month, from 1; None for a page of the whole year."""
    part: int
    """Its part of the month, from 1."""
    first: str
    previous: str | None
    next: str | None
    last: str


@dataclass(frozen=True)
class Letter:
    """A letter of a directory cut by initial, and the path of its first page."""

    letter: str
    path: str


@dataclass(frozen=True)
class LetterPager:
    """Where a page of a directory cut by initial stands: its letter and part, every letter, and its
    neighbours, by path."""

    letter: str
    """`OTHER` for the names that begin with no letter."""
    part: int
    letters: tuple[Letter, ...]
    previous: str | None
    next: str | None


OTHER = "#"
"""The group of the names that begin with a digit, a sign or a Chinese, Japanese or Korean character,
which have no letter to file them under; listed last."""


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    """One page of a listing: its path, what it lists, and its place among the listing's pages
    (`pager`: None for a listing on one page)."""

    path: str
    items: tuple[T, ...]
    pager: Pager | LetterPager | None = None

    @property
    def first(self) -> bool:
        """Page 1, at the listing's address, which alone carries the listing's header."""
        return self.pager is None or self.pager.previous is None


def month_path(listing: str, month: date, part: int = 1) -> str:
    """The path of a month's page of the listing whose first page is `listing`: `claims/index.md`
    gives `claims/2022/09.md`, `verdicts/false.md` gives `verdicts/false/2022/09.md`; a month's
    second part `…/2022/09/2.md`."""
    page = f"{_folder(listing)}/{month.year:04d}/{month.month:02d}"
    return f"{page}.md" if part == 1 else f"{page}/{part}.md"


def year_path(listing: str, year: int) -> str:
    """The path of a year's first page: `claims/index.md` gives `claims/2021/index.md` (`claims/2021/`),
    the folder of that year's months."""
    return f"{_folder(listing)}/{year:04d}/index.md"


def _folder(listing: str) -> str:
    return listing.removesuffix(".md").removesuffix("/index")


def paged(listing: str, items: Sequence[T], page_size: int, dated: Callable[[T], date],
          counted: Callable[[T], bool] | None = None) -> tuple[ListingPage[T], ...]:
    """The pages of the listing at `listing` (a path) of `items`, in their order, each dated by
    `dated`: by year, a year of more than `page_size` by month (see above). Only the `counted` items,
    if given, count towards `page_size` (a story's claims, not its events, which stay in their place
    between them)."""
    def size(group: Sequence[T]) -> int:
        return len(group) if counted is None else sum(map(counted, group))

    if size(items) <= page_size:
        return (ListingPage(listing, tuple(items)),)
    years: dict[int, list[T]] = {}
    for item in items:
        years.setdefault(dated(item).year, []).append(item)
    cuts: list[tuple[int, int | None, int, tuple[T, ...]]] = []
    for year in sorted(years, reverse=True):
        if size(years[year]) <= page_size:
            cuts.append((year, None, 1, tuple(years[year])))
            continue
        months: dict[int, list[T]] = {}
        for item in years[year]:
            months.setdefault(dated(item).month, []).append(item)
        cuts += [(year, month, part, chunk) for month in sorted(months, reverse=True)
                 for part, chunk in enumerate(_parts(months[month], page_size, counted), 1)]
    # A year's first page has the year's address; a year page is always its year's first and only page.
    paths = [listing if at == 0
             else year_path(listing, year) if month is None or cuts[at - 1][0] != year
             else month_path(listing, date(year, month, 1), part)
             for at, (year, month, part, _) in enumerate(cuts)]
    return tuple(ListingPage(paths[at], chunk, Pager(year, month, part, paths[0], paths[at - 1] if at else None,
                                                     paths[at + 1] if at + 1 < len(paths) else None, paths[-1]))
                 for at, (year, month, part, chunk) in enumerate(cuts))


def _parts(items: list[T], page_size: int, counted: Callable[[T], bool] | None) -> list[tuple[T, ...]]:
    """A month's items in parts of `page_size` counted items; a part begins at a counted item."""
    if counted is None:
        return [tuple(items[start:start + page_size]) for start in range(0, len(items), page_size)]
    parts: list[list[T]] = [[]]
    held = 0
    for item in items:
        if counted(item):
            if held == page_size:
                parts.append([])
                held = 0
            held += 1
        parts[-1].append(item)
    return [tuple(part) for part in parts]


def initial(name: str) -> str:
    """The letter a name is filed under: its first character without accents, upper-cased, if it is a
    letter of an alphabet; `OTHER` for anything else (digits, signs, and the ideographs and syllables
    of Chinese, Japanese and Korean, which no alphabet's row of letters could hold)."""
    first = name.strip()[:1]
    if not first.isalpha() or unicodedata.east_asian_width(first) in ("W", "F"):
        return OTHER
    # The base letter: the first character of the canonical decomposition (É → E + ◌́).
    return unicodedata.normalize("NFD", first)[0].upper()[:1]


def letter_path(listing: str, letter: str, part: int = 1) -> str:
    """The path of a letter's page of the directory whose first page is `listing`: `sources/index.md`
    gives `sources/letter/b.md`, its second part `sources/letter/b/2.md`; a letter outside ASCII by its
    code point in hex (`sources/letter/431.md` for Б), `OTHER` as `sources/letter/other.md`."""
    folder = _folder(listing)
    name = "other" if letter == OTHER else letter.lower() if letter.isascii() else f"{ord(letter):x}"
    return f"{folder}/letter/{name}.md" if part == 1 else f"{folder}/letter/{name}/{part}.md"


def by_initial(listing: str, items: Sequence[T], page_size: int,
               name: Callable[[T], str]) -> tuple[ListingPage[T], ...]:
    """The pages of the directory at `listing` (a path) of `items`, in their order: one page if they are
    at most `page_size`, else by the `initial` of each one's `name`, letters in the order of their code
    points and `OTHER` last, each letter in parts of `page_size`."""
    if len(items) <= page_size:
        return (ListingPage(listing, tuple(items)),)
    letters: dict[str, list[T]] = {}
    for item in items:
        letters.setdefault(initial(name(item)), []).append(item)
    order = sorted(letters, key=lambda letter: (letter == OTHER, letter))
    cuts = [(letter, part, tuple(letters[letter][start:start + page_size]))
            for letter in order for part, start in enumerate(range(0, len(letters[letter]), page_size), 1)]
    paths = [listing if at == 0 else letter_path(listing, letter, part) for at, (letter, part, _) in enumerate(cuts)]
    row = tuple(Letter(letter, paths[at]) for at, (letter, part, _) in enumerate(cuts) if part == 1)
    return tuple(ListingPage(paths[at], chunk, LetterPager(letter, part, row, paths[at - 1] if at else None,
                                                           paths[at + 1] if at + 1 < len(paths) else None))
                 for at, (letter, part, chunk) in enumerate(cuts))
