"""Listings in pages by year and month (site/paging.py): the cut, the addresses, what an edit rewrites, and a
real build whose pages a reader can walk from page 1 to the last."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest

from factdesk.data import loader
from factdesk.data.model import Publication
from factdesk.site import pages, paging
from factdesk.site.memo import Memo

from ..conftest import MINI, copy_data, copy_project, mkdocs_build
from ..html_pages import broken_links
from ..test_benchmarks import benchmark_script

# The cut ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    name: str
    day: date
    counts: bool = True


def day_of(item: Item) -> date:
    return item.day


def cut(items: list[Item], page_size: int, listing: str = "verdicts/false.md",
        **options: object) -> tuple[paging.ListingPage[Item], ...]:
    return paging.paged(listing, items, page_size, day_of, **options)  # type: ignore[arg-type]


def names(page: paging.ListingPage[Item]) -> list[str]:
    return [item.name for item in page.items]


def test_a_listing_of_at_most_page_size_is_one_page_at_its_address_in_its_order():
    items = [Item("b", date(2022, 9, 3)), Item("a", date(2020, 1, 1)), Item("c", date(2023, 5, 5))]
    (only,) = cut(items, 3)
    assert (only.path, names(only), only.pager, only.first) == ("verdicts/false.md", ["b", "a", "c"], None, True)


def test_a_year_of_more_than_page_size_is_cut_by_month_newest_first_keeping_its_order_within_a_month():
    items = [Item("sep-late", date(2022, 9, 28)), Item("jul", date(2022, 7, 1)), Item("sep-early", date(2022, 9, 2)),
             Item("aug", date(2022, 8, 31)), Item("sep-mid", date(2022, 9, 15))]
    found = cut(items, 3)
    assert [(p.path, names(p)) for p in found] == [
        ("verdicts/false.md", ["sep-late", "sep-early", "sep-mid"]),
        ("verdicts/false/2022/08.md", ["aug"]),
        ("verdicts/false/2022/07.md", ["jul"]),
    ]
    assert [(p.pager.year, p.pager.month, p.pager.part) for p in found if p.pager] == [
        (2022, 9, 1), (2022, 8, 1), (2022, 7, 1)]


def test_a_listing_of_few_claims_a_year_is_cut_by_year_and_a_busy_year_by_month():
    """Three claims over three years with a page size of 2 read a year a page; a year of more than 2
    claims is cut by month, its first page at the year's address."""
    items = [Item("2023", date(2023, 4, 1)), Item("2022-dec", date(2022, 12, 9)), Item("2022-nov", date(2022, 11, 9)),
             Item("2022-mar", date(2022, 3, 9)), Item("2020-b", date(2020, 6, 1)), Item("2020-a", date(2020, 2, 1))]
    found = cut(items, 2)
    assert [(p.path, names(p)) for p in found] == [
        ("verdicts/false.md", ["2023"]),
        ("verdicts/false/2022/index.md", ["2022-dec"]),
        ("verdicts/false/2022/11.md", ["2022-nov"]),
        ("verdicts/false/2022/03.md", ["2022-mar"]),
        ("verdicts/false/2020/index.md", ["2020-b", "2020-a"]),
    ]
    assert [(p.pager.year, p.pager.month) for p in found if p.pager] == [
        (2023, None), (2022, 12), (2022, 11), (2022, 3), (2020, None)]


def test_a_month_of_more_than_page_size_is_cut_into_parts_in_order():
    items = [Item(f"oct-{n}", date(2021, 10, 30 - n)) for n in range(5)] + [Item("jan", date(2019, 1, 9))]
    found = cut(items, 2, listing="claims/index.md")
    assert [(p.path, names(p)) for p in found] == [
        ("claims/index.md", ["oct-0", "oct-1"]),
        ("claims/2021/10/2.md", ["oct-2", "oct-3"]),
        ("claims/2021/10/3.md", ["oct-4"]),
        ("claims/2019/index.md", ["jan"]),
    ]
    assert [p.pager.part for p in found if p.pager] == [1, 2, 3, 1]


def test_each_page_links_its_neighbours_and_the_first_and_last_pages():
    items = [Item(str(n), date(2020, 12 - n, 1)) for n in range(4)]
    found = cut(items, 1, listing="tags/budgets.md")
    paths = [p.path for p in found]
    assert paths == ["tags/budgets.md", "tags/budgets/2020/11.md", "tags/budgets/2020/10.md", "tags/budgets/2020/09.md"]
    for at, page in enumerate(found):
        assert page.pager is not None
        assert page.pager.first == paths[0] and page.pager.last == paths[-1]
        assert page.pager.previous == (paths[at - 1] if at else None)
        assert page.pager.next == (paths[at + 1] if at + 1 < len(paths) else None)
        assert page.first == (at == 0)


def test_only_counted_items_fill_a_page_and_the_others_keep_their_place():
    """A story's events do not count towards the page size; they stay where they fall between claims."""
    items = [Item("event-1", date(2023, 3, 1), counts=False), Item("claim-1", date(2023, 3, 2)),
             Item("claim-2", date(2023, 3, 3)), Item("event-2", date(2023, 3, 4), counts=False),
             Item("claim-3", date(2023, 3, 5)), Item("event-3", date(2023, 2, 1), counts=False)]
    found = cut(items, 2, listing="stories/harbour.md", counted=lambda item: item.counts)
    assert [(p.path, names(p)) for p in found] == [
        ("stories/harbour.md", ["event-1", "claim-1", "claim-2", "event-2"]),
        ("stories/harbour/2023/03/2.md", ["claim-3"]),
        ("stories/harbour/2023/02.md", ["event-3"]),
    ]
    assert len(cut(items[:3], 2, counted=lambda item: item.counts)) == 1


@pytest.mark.parametrize("listing, month_page", [
    ("claims/index.md", "claims/2022/09.md"),
    ("verdicts/mostly-false.md", "verdicts/mostly-false/2022/09.md"),
    ("sources/daily-planet-2024-01-02.md", "sources/daily-planet-2024-01-02/2022/09.md"),
])
def test_month_pages_live_in_the_listings_folder_below_every_record_page(listing, month_page):
    """A record's page is a file right in its kind's folder (`claims/<slug>.md`); a month's page is
    two folders deeper, so no record can take its address, with directory URLs or without."""
    assert paging.month_path(listing, date(2022, 9, 1)) == month_page
    assert paging.month_path(listing, date(2022, 9, 1), 2) == month_page.removesuffix(".md") + "/2.md"
    assert month_page.count("/") == listing.count("/") + 2 - (listing.endswith("/index.md"))


# The cut by initial ----------------------------------------------------------------------------


def by_initial(names: list[str], page_size: int, listing: str = "sources/index.md") -> tuple[paging.ListingPage[str], ...]:
    return paging.by_initial(listing, names, page_size, lambda name: name)


@pytest.mark.parametrize("name, letter", [
    ("Boston Globe", "B"), ("beacon", "B"), ("Éditions du Seuil", "E"), ("Ångström Weekly", "A"),
    ("Българска армия", "Б"), ("Ελευθεροτυπία", "Ε"), ("Άρθρο", "Α"), ("الأهرام", "ا"), ("הארץ", "ה"),
    ("  ördög", "O"), ("3 News", "#"), ("«Известия»", "#"), ("朝日新聞", "#"), ("よみうり", "#"),
    ("조선일보", "#"), ("Ａｓａｈｉ", "#"), ("", "#"),
])
def test_a_name_is_filed_under_its_first_letter_without_accents_or_under_other(name, letter):
    assert paging.initial(name) == letter


def test_a_directory_of_at_most_page_size_is_one_page_at_its_address():
    (only,) = by_initial(["Zeta", "3 News", "Alpha"], 3)
    assert (only.path, only.items, only.pager, only.first) == ("sources/index.md", ("Zeta", "3 News", "Alpha"), None, True)


def test_a_longer_directory_is_cut_by_letter_in_parts_other_last_keeping_its_order():
    names = ["3 News", "Abel", "Ärzte", "Avon", "Baker", "Zoe", "Бор", "朝日", "Éclair"]
    found = by_initial(names, 2)
    assert [(p.path, p.items) for p in found] == [
        ("sources/index.md", ("Abel", "Ärzte")),
        ("sources/letter/a/2.md", ("Avon",)),
        ("sources/letter/b.md", ("Baker",)),
        ("sources/letter/e.md", ("Éclair",)),
        ("sources/letter/z.md", ("Zoe",)),
        ("sources/letter/411.md", ("Бор",)),
        ("sources/letter/other.md", ("3 News", "朝日")),
    ]
    assert [(p.pager.letter, p.pager.part) for p in found if isinstance(p.pager, paging.LetterPager)] == [
        ("A", 1), ("A", 2), ("B", 1), ("E", 1), ("Z", 1), ("Б", 1), ("#", 1)]


def test_every_page_of_a_directory_lists_every_letters_first_page_and_links_its_neighbours():
    found = by_initial(["Ada", "Alf", "Amy", "Bob", "Cy"], 2, listing="claimants/index.md")
    paths = [p.path for p in found]
    assert paths == ["claimants/index.md", "claimants/letter/a/2.md", "claimants/letter/b.md", "claimants/letter/c.md"]
    row = (paging.Letter("A", "claimants/index.md"), paging.Letter("B", "claimants/letter/b.md"),
           paging.Letter("C", "claimants/letter/c.md"))
    for at, page in enumerate(found):
        assert isinstance(page.pager, paging.LetterPager)
        assert page.pager.letters == row
        assert page.pager.previous == (paths[at - 1] if at else None)
        assert page.pager.next == (paths[at + 1] if at + 1 < len(paths) else None)
        assert page.first == (at == 0)


@pytest.mark.parametrize("listing, letter, part, path", [
    ("sources/index.md", "B", 1, "sources/letter/b.md"),
    ("sources/index.md", "B", 3, "sources/letter/b/3.md"),
    ("claimants/index.md", "Б", 1, "claimants/letter/411.md"),
    ("claimants/index.md", "ا", 2, "claimants/letter/627/2.md"),
    ("sources/index.md", "#", 1, "sources/letter/other.md"),
])
def test_letter_pages_live_under_letter_below_every_record_page(listing, letter, part, path):
    """A record's page is a file right in `sources/` or `claimants/`: `sources/letter.md`, a source
    whose id is `letter`, is `sources/letter/index.html` with directory URLs, `sources/letter.html`
    without, and its months' pages are `sources/letter/2022/09.md`: none is a letter page's file."""
    assert paging.letter_path(listing, letter, part) == path
    assert path.count("/") >= 2 and not re.search(r"/\d{4}/\d{2}\.md$", path)


# What an edit rewrites -------------------------------------------------------------------------

# Three claims in each of three months: two false, then one unproven. The sources they appear in
# were published on 2 January 2024, which no claim may be made after.
CLAIM_DAYS = ((date(2023, 11, 6), date(2023, 11, 7), date(2023, 11, 8)),
              (date(2023, 12, 6), date(2023, 12, 7), date(2023, 12, 8)),
              (date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 2)))
EDITED = "claims/works-2023-12-2.yml"
STORY = """title: The city's works
introduction: What the city said of its works, and what it did.
claims: [{claims}]
events:
  - date: 2024-01-02
    source: daily-planet-2024-01-02
    what: The bridge marked its anniversary.
  - date: 2024-01-05
    source: city-records-2024
    what: The register of works was published.
"""


def small_publication(root: Path, page_size: int = 2, language: str = "en") -> Path:
    """The mini publication (copied into `root` unless it is there) with three claims more in each of
    three months and a story of them all: every listing runs to several pages of `page_size`."""
    if not (root / "claims").is_dir():
        copy_data(root, MINI)
    template = (root / "claims" / "budget-doubled.yml").read_text(encoding="utf-8")
    slugs = ["bridge-opened-in-1990", "budget-doubled"]
    for days in CLAIM_DAYS:
        for n, (made, verdict) in enumerate(zip(days, ("false", "false", "unproven")), 1):
            slug = f"works-{made:%Y-%m}-{n}"
            text = re.sub(r"^claim: .*$", f"claim: The city's works claim {n} of {made:%B %Y}.", template, flags=re.M)
            text = text.replace("claim_date: 2024-01-01", f"claim_date: {made}").replace(
                "verdict: unproven", f"verdict: {verdict}")
            (root / "claims" / f"{slug}.yml").write_text(text, encoding="utf-8")
            slugs.append(slug)
    (root / "stories").mkdir()
    (root / "stories" / "works.yml").write_text(STORY.format(claims=", ".join(slugs)), encoding="utf-8")
    settings = root / "factdesk.yml"
    kept = settings.read_text(encoding="utf-8") if settings.exists() else ""
    kept = re.sub(r"^(language|page_size):.*\n", "", kept, flags=re.M)
    settings.write_text(f"{kept}\nlanguage: {language}\npage_size: {page_size}\n", encoding="utf-8")
    return root


def edit_verdict(root: Path) -> None:
    """False to mostly false: false's 2023 keeps more than two claims, so it stays cut by month, and
    mostly false's one claim is one page; no listing changes how it is cut, only what its pages hold
    (a year outgrowing its page is cut by month: that changes its pages once, by design)."""
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: false", "verdict: mostly-false"),
                    encoding="utf-8")


def shows(text: str, slug: str) -> bool:
    return re.search(rf"[(/]{re.escape(slug)}\.md\)", text) is not None


def test_a_verdict_edit_rewrites_only_the_pages_that_show_the_claim_and_the_counts(tmp_path: Path):
    root = small_publication(tmp_path / "publication")
    before_publication = loader.load_publication(root)
    before = {page.path: page.text for page in pages.generate_pages(before_publication)}
    edit_verdict(root)
    after_publication = loader.load_publication(root)
    after = {page.path: page.text for page in pages.generate_pages(after_publication)}

    slug = Path(EDITED).stem
    claim = after_publication.claims_by_slug[slug]
    # The first pages whose header counts verdicts: the two verdicts', and the scorecards of its
    # claimants and of the sources it appeared in; and the index of verdicts, which counts them.
    counting = {pages.verdict_path(v) for v in (before_publication.claims_by_slug[slug].verdict, claim.verdict)}
    counting |= {pages.claimant_path(who.id) for who in claim.claimants}
    counting |= {pages.source_path(a.source) for a in claim.appearances}
    counting |= {pages.VERDICTS_INDEX}
    showing = {path for path in before if shows(before[path], slug) or shows(after[path], slug)}
    changed = {path for path in after if after[path] != before.get(path)}

    assert sorted(after) == sorted(before), "the edit left every page of every listing in place"
    assert changed == showing | counting | {pages.claim_path(claim)}
    # The claim's month pages changed (December, the first page of 2023, at the year's address); the
    # listings' other months did not.
    assert "verdicts/false/2023/index.md" in changed and "tags/budgets/2023/index.md" in changed
    november = {"verdicts/false/2023/11.md", "tags/budgets/2023/11.md", "claims/2023/11.md",
                "claimants/city-officials/2023/11.md", "stories/works/2023/11.md"}
    assert november <= set(after) and november & changed == set()


def test_under_a_memo_an_edit_renders_again_only_the_pages_whose_text_changed(tmp_path: Path):
    root = small_publication(tmp_path / "publication")
    memo = Memo()
    before = {page.path: page.text for page in pages.generate_pages(loader.load_publication(root), memo)}
    memo.end_build()
    edit_verdict(root)
    after = {page.path: page.text for page in pages.generate_pages(loader.load_publication(root), memo)}

    # A page taken from the memo is the very same text object; a page rendered again is a new one.
    # The index pages of verdicts and tags are a few lines and always rendered.
    always = {pages.VERDICTS_INDEX, pages.TAGS_INDEX}
    rendered_again = {path for path in after if path not in always and after[path] is not before[path]}
    changed = {path for path in after if path not in always and after[path] != before[path]}
    assert rendered_again == changed
    fresh = {page.path: page.text for page in pages.generate_pages(loader.load_publication(root))}
    assert after == fresh


def test_later_pages_stay_out_of_search_and_page_1_is_searched_as_before(tmp_path: Path):
    publication = loader.load_publication(small_publication(tmp_path / "publication"))
    texts = {page.path: page.text for page in pages.generate_pages(publication)}
    later = [path for path in texts if re.search(r"/\d{4}/(\d{2}(/\d+)?|index)\.md$", path)]
    assert later and all("search:\n  exclude: true\n" in texts[path] for path in later)
    assert "search:" not in texts["verdicts/false.md"].split("---")[1]


@pytest.mark.parametrize("language, title, month", [
    ("en", "title: All claims (January 2024, part 2)", "**January 2024, part 2**"),
    ("ja", "title: すべての主張（2024年1月・その2）", "**2024年1月・その2**"),
    ("ru", "title: Все утверждения (январь 2024\u202fг., часть 2)", "**январь 2024\u202fг., часть 2**"),
])
def test_a_later_page_names_its_month_in_the_publications_language(tmp_path: Path, language, title, month):
    publication = loader.load_publication(small_publication(tmp_path / "publication", language=language))
    text = next(page.text for page in pages.generate_pages(publication) if page.path == "claims/2024/01/2.md")
    assert title in text
    assert text.count(month) == 2, "the month above the pager's links, above and below the claims"


# A real build -----------------------------------------------------------------------------------

PAGE_SIZE = 2


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("synthetic") / "data"
    benchmark_script("synthetic").write_publication(data, 60)
    return data


def paged_project(folder: Path, data: Path) -> Path:
    project = copy_project(folder, data)
    with (project / "factdesk.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"\npage_size: {PAGE_SIZE}\n")
    return project


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory, synthetic: Path) -> tuple[Path, Publication]:
    project = paged_project(tmp_path_factory.mktemp("paged") / "project", synthetic)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result.site, loader.load_publication(project)


def largest(groups: dict[str, tuple]) -> str:
    return max(groups, key=lambda key: (len(groups[key]), key))


def listings(publication: Publication) -> dict[str, tuple[str, set[str]]]:
    """For each kind of listing, its largest: the address of its page 1 and its claims' slugs."""
    verdict = largest(publication.claims_by_verdict)
    tag = largest(publication.claims_by_tag)
    claimant = largest(publication.claims_by_claimant)
    person = largest(publication.claims_by_person)
    in_source = {s: {c.slug for c in publication.claims_appearing_in.get(s, ()) + publication.claims_citing.get(s, ())}
                 for s in publication.sources}
    source = max(in_source, key=lambda s: (len(in_source[s]), s))
    story = max(publication.stories.values(), key=lambda s: (len(publication.story_claims(s)), s.id))
    return {
        "claims index": ("claims/", {c.slug for c in publication.claims}),
        "verdict": (f"verdicts/{verdict}/", {c.slug for c in publication.claims_by_verdict[verdict]}),
        "tag": (pages.tag_path(tag).removesuffix(".md") + "/", {c.slug for c in publication.claims_by_tag[tag]}),
        "claimant": (f"claimants/{claimant}/", {c.slug for c in publication.claims_by_claimant[claimant]}),
        "person": (f"people/{person}/", {c.slug for c in publication.claims_by_person[person]}),
        "source": (f"sources/{source}/", in_source[source]),
        "story": (f"stories/{story.id}/", {c.slug for c in publication.story_claims(story)}),
    }


def html_file(site: Path, address: str) -> Path:
    path = site / address
    return path / "index.html" if address.endswith("/") or path.is_dir() else path


def followed(page: Path, href: str) -> Path:
    target = (page.parent / unquote(href)).resolve()
    return target / "index.html" if target.is_dir() else target


@dataclass
class Visited:
    path: Path
    claims: list[str]
    links: dict[str, Path]
    """The pager's links by kind (first, previous, next, last), the first pager's."""
    pagers: int


def visit(page: Path, site: Path) -> Visited:
    tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    article = tree.xpath("//article")[0]
    claims = []
    for href in article.xpath(".//a[contains(@class, 'fd-item__claim')]/@href"):
        relative = followed(page, href).relative_to(site.resolve()).as_posix()
        claims.append(re.fullmatch(r"claims/(.+?)(/index)?\.html", relative).group(1))
    pagers = article.xpath(".//p[contains(@class, 'fd-pager')]")
    links = {}
    if pagers:
        for kind in ("first", "previous", "next", "last"):
            found = pagers[0].xpath(f".//a[contains(@class, 'fd-pager__{kind}')]")
            if found:
                links[kind] = followed(page, found[0].get("href"))
                if kind in ("previous", "next"):
                    assert found[0].get("rel") == kind[:4], f"{page}: the {kind} link has no rel"
    return Visited(page.resolve(), claims, links, len(pagers))


def walk(site: Path, address: str) -> list[Visited]:
    """The pages of a listing, from page 1 by its Next links."""
    walked = [visit(html_file(site, address), site)]
    while "next" in walked[-1].links:
        assert len(walked) < 500, "the Next links go round in a circle"
        walked.append(visit(walked[-1].links["next"], site))
    return walked


def assert_walks_every_claim_once(site: Path, address: str, expected: set[str]) -> list[Visited]:
    walked = walk(site, address)
    assert len(walked) > 2, f"{address} is not in pages: the test would prove little"
    assert len({v.path for v in walked}) == len(walked)
    where: dict[str, set[Path]] = {}
    for visited in walked:
        for slug in visited.claims:
            where.setdefault(slug, set()).add(visited.path)
    assert set(where) == expected
    assert [slug for slug, found in where.items() if len(found) > 1] == []
    first, last = walked[0].path, walked[-1].path
    for at, visited in enumerate(walked):
        assert visited.pagers == 2, f"{visited.path}: a pager above and below the claims"
        assert visited.links.get("first") == (first if at else None)
        assert visited.links.get("previous") == (walked[at - 1].path if at else None)
        assert visited.links.get("last") == (last if at + 1 < len(walked) else None)
    return walked


KINDS = ("claims index", "verdict", "tag", "claimant", "person", "source", "story")


@pytest.mark.parametrize("kind", KINDS)
def test_from_page_1_at_its_old_address_next_reaches_every_claim_of_the_listing_once(paged_site, kind):
    site, publication = paged_site
    address, expected = listings(publication)[kind]
    walked = assert_walks_every_claim_once(site, address, expected)
    assert walked[0].path == (site / address / "index.html").resolve()
    later = [v.path.relative_to(site.resolve()).as_posix() for v in walked[1:]]
    assert all(re.fullmatch(re.escape(address) + r"\d{4}/(\d{2}/(\d+/)?)?index\.html", path) for path in later), later


def test_the_claims_index_reads_a_year_a_page_where_a_year_fits_and_a_month_a_page_where_it_does_not(paged_site):
    site, publication = paged_site
    address, _ = listings(publication)["claims index"]
    later = [v.path.relative_to(site.resolve()).as_posix() for v in walk(site, address)[1:]]
    years = [path for path in later if re.fullmatch(r"claims/\d{4}/index\.html", path)]
    months = [path for path in later if re.fullmatch(r"claims/\d{4}/\d{2}/index\.html", path)]
    assert years and months, later
    per_year = Counter(claim.claim_date.year for claim in publication.claims)
    for path in years:
        year = int(path.split("/")[1])
        shown = visit(site / path, site)
        # A year's first page: all its claims if they fit, else its newest month's.
        newest = max(c.claim_date.month for c in publication.claims if c.claim_date.year == year)
        expected = {c.slug for c in publication.claims if c.claim_date.year == year
                    and (per_year[year] <= publication.settings.page_size or c.claim_date.month == newest)}
        assert set(shown.claims) <= expected and (per_year[year] > publication.settings.page_size or
                                                  set(shown.claims) == expected), path


def test_pages_after_the_first_are_left_out_of_the_search_index(paged_site):
    site, publication = paged_site
    documents = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    located = {document["location"].partition("#")[0] for document in documents}
    for kind in ("verdict", "tag", "claimant"):
        address, _ = listings(publication)[kind]
        walked = walk(site, address)
        assert address in located
        later = {v.path.relative_to(site.resolve()).as_posix().removesuffix("index.html") for v in walked[1:]}
        assert later & located == set()


def test_in_the_offline_edition_every_page_and_link_is_a_file(tmp_path_factory: pytest.TempPathFactory,
                                                              synthetic: Path):
    project = paged_project(tmp_path_factory.mktemp("offline") / "project", synthetic)
    result = mkdocs_build(project, env={"OFFLINE": "true"})
    assert result.returncode == 0, result.output
    assert broken_links(result.site) == []
    publication = loader.load_publication(project)
    address, expected = listings(publication)["verdict"]
    walked = assert_walks_every_claim_once(result.site, address.removesuffix("/") + ".html", expected)
    assert all(re.search(r"/\d{4}/(\d{2}(/\d+)?|index)\.html$", v.path.as_posix()) for v in walked[1:])
    sources = walk_entries(result.site, "sources/index.html", "sources")
    assert sorted(entry for v in sources for entry in v.entries) == sorted(publication.sources)
    assert all(re.search(r"/sources/letter/[^/]+(/\d+)?\.html$", v.path.as_posix()) for v in sources[1:])
    corrections = walk_entries(result.site, "corrections.html", "claims")
    assert sum(len(v.entries) for v in corrections) == len(publication.corrections)


# Directories by initial, and the corrections by month, in a real build ----------------------------


@dataclass
class Entries:
    path: Path
    entries: list[str]
    """The records the page lists, by their folder's name and id (`sources/<id>`), outside its pagers."""
    pagers: list[lxml.html.HtmlElement]
    next: Path | None


def visit_entries(page: Path, site: Path, kind: str) -> Entries:
    article = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//article")[0]
    entries = []
    for href in article.xpath(".//li//a[not(ancestor::p[contains(@class, 'fd-pager')])]/@href"):
        relative = followed(page, href).relative_to(site.resolve()).as_posix()
        found = re.fullmatch(rf"{kind}/([^/]+?)(/index)?\.html", relative)
        if found:
            entries.append(found.group(1))
    pagers = article.xpath(".//p[contains(concat(' ', @class, ' '), ' fd-pager ')]")
    nexts = pagers[0].xpath(".//a[contains(@class, 'fd-pager__next')]") if pagers else []
    if nexts:
        assert nexts[0].get("rel") == "next"
    return Entries(page.resolve(), entries, pagers, followed(page, nexts[0].get("href")) if nexts else None)


def walk_entries(site: Path, address: str, kind: str) -> list[Entries]:
    walked = [visit_entries(html_file(site, address), site, kind)]
    while walked[-1].next is not None:
        assert len(walked) < 500, "the Next links go round in a circle"
        walked.append(visit_entries(walked[-1].next, site, kind))
    assert len(walked) > 2, f"{address} is not in pages: the test would prove little"
    assert len({v.path for v in walked}) == len(walked)
    assert all(len(v.pagers) == 2 for v in walked), "a pager above and below the entries"
    return walked


def letter_rows(walked: list[Entries]) -> None:
    """Every page's letter rows link every letter's first page but that of its own letter, which they show
    unlinked (as "T, part 2" on a later part)."""
    firsts = {v.path for v in walked if not re.search(r"/\d+/index\.html$", v.path.as_posix())}
    assert len(firsts) > 2
    for visited in walked:
        for pager in visited.pagers:
            letters = {followed(visited.path, a.get("href"))
                       for a in pager.xpath(".//a[contains(@class, 'fd-pager__letter')]")}
            assert letters <= firsts and len(firsts - letters) == 1 and visited.path not in letters
            assert len(pager.xpath(".//strong[contains(@class, 'fd-pager__current')]")) == 1


@pytest.mark.parametrize("kind", ["sources", "claimants"])
def test_from_an_index_at_its_address_next_reaches_every_entry_once_by_letter(paged_site, kind):
    site, publication = paged_site
    walked = walk_entries(site, f"{kind}/", kind)
    expected = (sorted(publication.sources) if kind == "sources"
                else sorted(who.id for who in publication.sorted_claimants(with_claims=True)))
    listed = [entry for v in walked for entry in v.entries]
    assert sorted(listed) == expected, "every entry, each once"
    assert walked[0].path == (site / kind / "index.html").resolve()
    later = [v.path.relative_to(site.resolve()).as_posix() for v in walked[1:]]
    assert all(re.fullmatch(rf"{kind}/letter/([a-z]|[0-9a-f]{{3,}}|other)/(\d+/)?index\.html", p) for p in later), later
    letter_rows(walked)


def test_from_the_corrections_page_older_reaches_every_correction_once(paged_site):
    site, publication = paged_site
    walked = walk_entries(site, "corrections/", "claims")
    assert sorted(entry for v in walked for entry in v.entries) == sorted(c.slug for c, _ in publication.corrections)
    later = [v.path.relative_to(site.resolve()).as_posix() for v in walked[1:]]
    assert all(re.fullmatch(r"corrections/\d{4}/(\d{2}/(\d+/)?)?index\.html", p) for p in later), later
    title = lxml.html.fromstring(walked[1].path.read_text(encoding="utf-8")).findtext(".//title")
    month = publication.corrections[len(walked[0].entries)][1].date
    assert title.startswith(f"Corrections ({month:%B %Y}")


def test_later_letter_and_correction_pages_are_left_out_of_the_search_index(paged_site):
    site, _ = paged_site
    documents = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    located = {document["location"].partition("#")[0] for document in documents}
    assert "corrections/" in located
    later = {v.path.relative_to(site.resolve()).as_posix().removesuffix("index.html")
             for kind, address in (("sources", "sources/"), ("claimants", "claimants/"), ("claims", "corrections/"))
             for v in walk_entries(site, address, kind)[1:]}
    assert later and later & located == set()
