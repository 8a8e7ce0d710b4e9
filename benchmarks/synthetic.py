"""Synthetic publications of any size, for benchmarks: `python benchmarks/synthetic.py N DEST`.

The prose is nonsense, but shaped like the real files (claims of 15-30 words, bodies of ~250 words
in 3-4 paragraphs, archived texts of 400-800 words), because layout time depends on how much text
there is and how it breaks, not on what it says. Every field of the model is used somewhere, so
that every branch of the templates is laid out. Output is deterministic for a seed, so that two
machines benchmark the same publication; and it passes `factdesk check`, because the PDF edition
is only ever built from a publication that does.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from factdesk.data import loader
from factdesk.data.fields import SOURCE_KINDS
from factdesk.data.problems import Problem
from factdesk.data.records import slugify
from factdesk.editors.migrate import migrate
from factdesk.open_data.claimreview import CLAIM_REVIEWED_LIMIT

ROOT = Path(__file__).resolve().parents[1]
CLAIM_HEADER = "# yaml-language-server: $schema=../schemas/claim.schema.json\n"
SOURCE_HEADER = "# yaml-language-server: $schema=../schemas/source.schema.json\n"
STORY_HEADER = "# yaml-language-server: $schema=../schemas/story.schema.json\n"

# Fictional places, people and outlets: synthetic claims must not be mistaken for claims about real ones.
PLACES = ("Northbridge", "Port Alder", "Eskvale", "Lindholm", "Marrow Bay", "Westmarch", "Caldera", "Fenwick",
          "Saltmere", "Oakhurst", "Brindle Cross", "Kestrel Point")
FIRST = ("Anna", "Tomas", "Mirela", "Kenji", "Odile", "Farid", "Ines", "Pavel", "Grace", "Nuno", "Leila", "Sören",
         "Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Irene", "Jonas", "Kaveh", "Lucia",
         "Marek", "Noor", "Oskar", "Priya", "Rafael", "Sofia", "Tariq", "Ulla", "Viktor", "Wanjiru", "Yusuf", "Zofia")
LAST = ("Varga", "Okafor", "Lindqvist", "Moreau", "Takeda", "Hollis", "Brandt", "Castell", "Duarte", "Nakamura")
# More surnames and places are made from parts, as many as a publication of the size names: in a
# real archive a person or a town comes up in a few dozen fact-checks, not in half of them, and how
# many pages hold a word decides how long a search for it takes.
_SURNAME_STARTS = ("Ab", "Bar", "Cal", "Dor", "Ev", "Fen", "Gar", "Hol", "Ibs", "Jar", "Kov", "Lar", "Mor", "Nor",
                   "Ost", "Pell", "Quin", "Rav", "Sand", "Tor", "Ul", "Var", "Wen", "Yar", "Zel", "Bren", "Cas",
                   "Dal", "Est", "Fal", "Grim", "Hal")
_SURNAME_ENDS = ("ani", "berg", "croft", "dale", "enko", "ford", "gard", "ham", "ini", "kovic", "lund", "man", "nez",
                 "ova", "ridge", "sen", "ton", "ura", "wood", "ez", "aro", "beck", "cott", "elli", "feld", "gren",
                 "holt", "ic", "ley", "mont", "quist", "rud")
_PLACE_STARTS = ("Ash", "Bel", "Cor", "Dun", "Elm", "Fal", "Glen", "Hal", "Kil", "Lan", "Mar", "Nor", "Oak", "Pen",
                 "Ros", "Stan", "Thorn", "Wes", "Bram", "Cold", "High", "Long", "Red", "Stone")
_PLACE_ENDS = ("bridge", "ford", "vale", "holm", "mouth", "wick", "hurst", "ton", "by", "mere", "stead", "combe",
               "field", "haven", "moor", "well", "dale", "gate", "port", "ley", "thwaite")


def vocabulary(claims: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The surnames and places of a publication of `claims` claims: one surname per ten claims and
    one place per twenty (more surnames and places than the fixed ones, at least)."""
    mixer = random.Random(0)
    surnames = [a + b for a in _SURNAME_STARTS for b in _SURNAME_ENDS]
    places = [a + b for a in _PLACE_STARTS for b in _PLACE_ENDS]
    mixer.shuffle(surnames)
    mixer.shuffle(places)
    surnames = [name for name in surnames if name not in LAST]
    places = [name for name in places if name not in PLACES]
    return ((*LAST, *surnames)[:max(len(LAST), claims // 10)], (*PLACES, *places)[:max(len(PLACES), claims // 20)])
ROLES = ("minister", "spokesperson", "director", "deputy mayor", "chief economist", "press officer", "chair")
BODIES = ("the Ministry of Finance", "the national statistics office", "the port authority", "the health agency",
          "the electoral commission", "the central bank", "the energy regulator", "the city council")
OUTLETS = ("The Harbour Gazette", "Northbridge Daily", "Eskvale Courier", "The Lindholm Post", "Westmarch Wire",
           "Caldera Review", "Saltmere Observer", "Fenwick Bulletin")
PLURALS = ("permits", "arrests", "vaccinations", "complaints", "contracts", "hospital beds", "voters", "jobs",
           "tonnes of grain", "new homes", "fines", "teachers")
NOUNS = ("budget", "report", "inquiry", "tender", "census", "audit", "ruling", "statement", "survey", "policy")
ADJECTIVES = ("premature", "unlawful", "routine", "unprecedented", "misleading", "overdue", "modest", "costly")
VERBS = ("approved", "recorded", "issued", "cancelled", "reported", "counted", "signed", "rejected")
TAGS = ("elections", "public-health", "economy", "migration", "energy", "courts", "budget", "housing",
        "climate", "education", "policing", "transport")
AUTHORS = ("factdesk editors", "Mirela Castell", "Kenji Brandt", "Odile Varga")
LANGUAGES = ("en", "en", "en", "en", "de", "fr", "es", "ja", "pt-BR")
NOTES = ("Title supplied by the editors; the archived copy has none.",
         "Published late in the evening; the print edition carried it the next day. We give the online date.",
         "The archived text is the editors' translation of the original.",
         "The page has since been edited; the archived text is the version the claim quoted.")
# Left out of file names, which should carry the claim's names and nouns, as editors' do.
STOP_WORDS = {"said", "that", "the", "of", "in", "and", "had", "by", "before", "between", "rose", "percent"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


class _Block(str):
    """Text dumped as a `|` block, as editors write claim bodies."""


class _Flow(list[str]):
    """A list dumped on one line, as editors write tags."""


# Registered for these two private types only, so yaml.safe_dump elsewhere is unchanged.
yaml.SafeDumper.add_representer(
    _Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="|"))
yaml.SafeDumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True))


@dataclass
class _Source:
    id: str
    published: date
    sentences: list[str] = field(default_factory=list)
    script: str | None = None  # with `scripts`: the language its text is written in, other than English


# `scripts=True`: every fifth source is written in one of these languages, in turn, its English
# nonsense spelt letter by letter in that script (the same letter, the same character), quotes alike.
# Chinese and Japanese are written without spaces and their archived texts break lines between two
# characters, mid-sentence, with full-width digits; the others break lines at spaces. So the quote
# check folds what it folds in real archives (see factdesk.data.quotes), at every size.
SCRIPT_LETTERS = {
    "ja": "あいうえおかきくけこさしすせそたちつてと日本語新橋港",
    "zh": "的一是不了人我在有他这中大来上国个到说们为子和你地出",
    "ru": "абвгдежзийклмнопрстуфхцчшы",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنه",
    "he": "אבגדהוזחטיכלמנסעפצקרשתךםןף",
}
assert all(len(letters) == 26 for letters in SCRIPT_LETTERS.values())
_SPACELESS = ("ja", "zh")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def in_script(text: str, language: str) -> str:
    """English nonsense spelt in `language`'s script: each letter a character of it, Chinese and
    Japanese without spaces, with their full stop and comma."""
    letters = SCRIPT_LETTERS[language]
    spelt = "".join(letters[ord(c) - 97] if "a" <= c <= "z" else c for c in text.lower())
    if language in _SPACELESS:
        spelt = re.sub(",(?!\\d)", "、", spelt.replace(".", "。")).replace(" ", "")  # not 1,200's comma
    return spelt


def _archived_in_script(paragraphs: list[str], language: str) -> str:
    """The archived text in `language`: lines broken mid-sentence, as a print layout breaks them."""
    letters, lines = set(SCRIPT_LETTERS[language]), []
    for paragraph in paragraphs:
        text, width = in_script(paragraph, language), 38 if language in _SPACELESS else 70
        if language in _SPACELESS:
            text = text.translate(_FULL_WIDTH_DIGITS)
            # A break between two of the script's characters only: one beside a digit would be a space.
            breaks = [i for i in range(width, len(text), width) if text[i - 1] in letters and text[i] in letters]
            cut = [0, *breaks, len(text)]
            lines.append("\n".join(text[a:b] for a, b in zip(cut, cut[1:])))
        else:
            lines.append(textwrap.fill(text, width))
    return "\n\n".join(lines) + "\n"


class _Prose:
    """Sentences from a fixed grammar, all drawn from one random generator."""

    def __init__(self, rng: random.Random, claims: int):
        self.rng = rng
        self.surnames, self.places = vocabulary(claims)

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(self.surnames)}"

    def place(self) -> str:
        return self.pick(self.places)

    def fact(self) -> str:
        r, n = self.rng, self.rng.randint(3, 9_800)
        year = r.randint(2015, 2024)
        return r.choice((
            f"{self.pick(BODIES)} {self.pick(VERBS)} {n:,} {self.pick(PLURALS)} in {self.place()} in {year}",
            (f"the number of {self.pick(PLURALS)} in {self.place()} rose by {r.randint(2, 60)} percent "
             f"between {year} and {year + r.randint(1, 4)}"),
            f"{self.person()} had {self.pick(VERBS)} the {self.pick(NOUNS)} before it reached {self.pick(BODIES)}",
            f"the {self.pick(NOUNS)} of {self.pick(BODIES)} counted {n:,} {self.pick(PLURALS)} by {self.pick(MONTHS)}",
        ))

    def sentence(self) -> str:
        r = self.rng
        text = r.choice((
            f"{self.person()}, the {self.pick(ROLES)} of {self.pick(BODIES)}, said on Tuesday that {self.fact()}.",
            f"According to {self.pick(BODIES)}, {self.fact()}.",
            (f"“The {self.pick(NOUNS)} is {self.pick(ADJECTIVES)},” {self.person()} told reporters in "
             f"{self.place()}, adding that {self.fact()}."),
            (f"Critics called the {self.pick(NOUNS)} “{self.pick(ADJECTIVES)} and {self.pick(ADJECTIVES)}”, "
             f"and noted that {self.fact()}."),
            f"Figures released in {self.pick(MONTHS)} show that {self.fact()}.",
            f"It was not clear whether {self.fact()}, or whether {self.pick(BODIES)} had been told.",
        ))
        return _cap(text)

    def paragraph(self, words: int, extra: list[str] | None = None) -> str:
        """Sentences until about `words` words; `extra` sentences are mixed in at random places."""
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < words:
            sentences.append(self.sentence())
        for sentence in extra or []:
            sentences.insert(self.rng.randint(0, len(sentences)), sentence)
        return " ".join(sentences)


def write_publication(dest: Path, claims: int, seed: int = 1, scripts: bool = False) -> None:
    """Write a complete publication of `claims` claims and claims/5 sources (at least 1) into `dest`;
    with `scripts`, a fifth of the sources in Japanese, Chinese, Russian, Arabic and Hebrew (see
    SCRIPT_LETTERS). The random draws are the same either way."""
    rng = random.Random(seed)
    prose = _Prose(rng, claims)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "factdesk.yml", dest / "factdesk.yml")
    (dest / "docs").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "docs" / "methodology.md", dest / "docs" / "methodology.md")
    # The verdicts come from the copied settings, so the generator follows any change of scale.
    problems: list[Problem] = []
    verdicts = loader.read_settings(dest, problems).scale.keys
    if problems:
        raise RuntimeError(f"the settings file has problems: {problems}")
    sources = _write_sources(dest / "sources", max(1, claims // 5), prose, scripts)
    written = _write_claims(dest / "claims", claims, sources, verdicts, prose)
    # Claims are written as editors wrote them before claimants and people were records, then
    # migrated: the random draws, and so the claims, stay those that earlier benchmarks measured.
    migrate(dest)
    # Stories draw from a generator of their own, for the same reason.
    _write_stories(dest / "stories", written, random.Random(seed + 1))


def _write_sources(folder: Path, count: int, prose: _Prose, scripts: bool = False) -> list[_Source]:
    folder.mkdir(exist_ok=True)
    rng = prose.rng
    sources: list[_Source] = []
    ids: set[str] = set()
    for i in range(count):
        outlet = prose.pick(OUTLETS + BODIES)
        published = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
        source_id = _unique(f"{slugify(outlet)}-{published.isoformat()}", ids)
        paragraphs: list[str] = []
        words = rng.randint(400, 780)
        while sum(len(p.split()) for p in paragraphs) < words:
            remaining = words - sum(len(p.split()) for p in paragraphs)
            paragraphs.append(prose.paragraph(min(rng.randint(60, 110), max(30, remaining))))
        source = _Source(source_id, published, [s for p in paragraphs for s in _split_sentences(p)])
        record: dict[str, Any] = {
            "title": _cap(prose.fact()),
            "publisher": _cap(outlet),
            "published": published,
            "kind": rng.choice(SOURCE_KINDS),
            "language": rng.choice(LANGUAGES),
        }
        # Fixed indexes as well as chance, so that even a 20-claim publication has every field.
        if i % 6 != 5:
            record["url"] = f"https://{slugify(outlet)}.example/{published.year}/{source_id}"
            if i % 3 == 0 or rng.random() < 0.2:
                record["archived"] = f"https://web.archive.org/web/{published:%Y%m%d}000000/{record['url']}"
        if i % 4 == 1 or rng.random() < 0.15:
            record["note"] = rng.choice(NOTES)
        archived = "\n\n".join(paragraphs) + "\n"
        if scripts and i % 5 == 4:
            source.script = record["language"] = tuple(SCRIPT_LETTERS)[i // 5 % len(SCRIPT_LETTERS)]
            archived = _archived_in_script(paragraphs, source.script)
        _dump(folder / f"{source_id}.yml", SOURCE_HEADER, record)
        (folder / f"{source_id}.txt").write_text(archived, encoding="utf-8")
        sources.append(source)
    return sources


@dataclass(frozen=True)
class _Written:
    """What a story needs of a claim written."""

    slug: str
    claim_date: date
    tags: tuple[str, ...]
    sources: tuple[_Source, ...]


def _write_claims(folder: Path, count: int, sources: list[_Source], verdicts: tuple[str, ...],
                  prose: _Prose) -> list[_Written]:
    folder.mkdir(exist_ok=True)
    rng = prose.rng
    slugs: set[str] = set()
    written: list[_Written] = []
    for i in range(count):
        text = _claim_text(prose)
        # A claim is repeated within weeks of being made: appearances come from one month's sources.
        first = rng.choice(sources)
        month = [s for s in sources if 0 <= (s.published - first.published).days <= 30]
        appeared = [first] + [rng.choice(month) for _ in range(rng.randint(0, 2))]
        # The loader refuses an appearance in a source published before the claim was made.
        claim_date = min(s.published for s in appeared) - timedelta(days=rng.randint(0, 3))
        published = max(s.published for s in appeared) + timedelta(days=rng.randint(1, 60))
        claimants = (prose.person(), prose.pick(OUTLETS), _cap(prose.pick(BODIES)))
        who = rng.randrange(len(claimants))
        record: dict[str, Any] = {
            "claim": text,
            **({"claim_reviewed": _short_form(text)} if len(text) > CLAIM_REVIEWED_LIMIT else {}),
            "claimant": claimants[who],
            **({"claimant_kind": "person"} if who == 0 else {}),
            "claim_date": claim_date,
            "appearances": [{"source": s.id, "quote": _quote(s, rng)} for s in appeared],
            "verdict": rng.choice(verdicts),
            "summary": " ".join(_summary_sentence(prose) for _ in range(rng.randint(1, 2))),
            "body": _Block(_body(prose)),
            "evidence": [{"source": s.id, "note": _cap(f"{prose.pick(BODIES)} states that {prose.fact()}.")}
                         for s in rng.sample(sources, min(len(sources), rng.randint(1, 3)))],
        }
        tags = rng.sample(TAGS, rng.randint(0, 3))
        if tags:
            record["tags"] = _Flow(tags)
        record["published"] = published
        last = published
        if i % 7 == 2 or rng.random() < 0.1:
            last = record["updated"] = published + timedelta(days=rng.randint(1, 90))
        record["author"] = rng.choice(AUTHORS)
        if i % 10 == 1 or rng.random() < 0.05:
            record["corrections"] = []
            for _ in range(rng.randint(1, 2)):  # oldest first, each after publication
                last += timedelta(days=rng.randint(1, 120))
                record["corrections"].append({"date": last, "note": _correction_note(prose)})
        if i % 50 == 3:
            record["retracted"] = {"date": last + timedelta(days=rng.randint(1, 30)),
                                   "note": "The quoted article was later shown to be a forgery."}
        slug = _unique("-".join([w for w in slugify(text).split("-") if w not in STOP_WORDS][:6]), slugs)
        _dump(folder / f"{slug}.yml", CLAIM_HEADER, record)
        written.append(_Written(slug, claim_date, tuple(tags), tuple(appeared)))
    return written


def _write_stories(folder: Path, claims: list[_Written], rng: random.Random) -> None:
    """A story for each of the first four tags: its claims of the latest year that has any, and an
    event on the day of each of three of their sources, as a story's timeline holds both."""
    folder.mkdir(exist_ok=True)
    for tag in TAGS[:4]:
        tagged = [c for c in claims if tag in c.tags]
        if not tagged:
            continue
        year = max(c.claim_date.year for c in tagged)
        chosen = [c for c in tagged if c.claim_date.year == year]
        cited = sorted({s.id: s for c in chosen for s in c.sources}.values(), key=lambda s: s.id)
        events = [{"date": s.published, "source": s.id,
                   "what": f"{_cap(rng.choice(BODIES))} {rng.choice(VERBS)} the {rng.choice(NOUNS)} on {tag}."}
                  for s in sorted(rng.sample(cited, min(3, len(cited))), key=lambda s: s.published)]
        _dump(folder / f"{tag}-{year}.yml", STORY_HEADER, {
            "title": f"{_cap(tag.replace('-', ' '))} in {year}",
            "introduction": f"What was claimed about {tag.replace('-', ' ')} in {year}, and what happened.",
            "claims": [c.slug for c in chosen],
            "events": events,
        })


def _claim_text(prose: _Prose) -> str:
    """A claim of 15-30 words: whole facts, attributed (a clipped fact would read as a typo)."""
    text = f"{prose.person()} said that {prose.fact()}"
    second = len(text.split()) < 15 or prose.rng.random() < 0.4
    for _ in range(20 if second else 0):
        longer = f"{text}, and that {prose.fact()}"
        if len(longer.split()) <= 30:
            return longer + "."
    return text + "."


def _short_form(text: str) -> str:
    """The claim's first words, as many as fit under ClaimReview's limit."""
    words: list[str] = []
    for word in text.rstrip(".").split():
        if len(" ".join([*words, word])) > CLAIM_REVIEWED_LIMIT - 2:
            break
        words.append(word)
    return " ".join(words).rstrip(",") + " …"


def _body(prose: _Prose) -> str:
    """3-4 paragraphs of ~250 words in all, with the emphasis and link that editors write."""
    rng = prose.rng
    count = rng.randint(3, 4)
    body, noun = prose.pick(BODIES), prose.pick(NOUNS)
    link = f"The [{noun} of {body}](https://{slugify(body)}.example/{noun}/{rng.randint(100, 999)}) gives the full figures."
    paragraphs = []
    for n in range(count):
        extra = [link] if n == 1 else []
        if rng.random() < 0.2:
            extra.append("That is *{}*, not {}.".format(*rng.sample(ADJECTIVES, 2)))
        paragraphs.append(prose.paragraph(250 // count - 15, extra))
    return "\n\n".join(paragraphs) + "\n"


def _summary_sentence(prose: _Prose) -> str:
    rng = prose.rng
    return rng.choice((
        (f"The records of {prose.pick(BODIES)} show {rng.randint(10, 9_000):,} {prose.pick(PLURALS)}, "
         f"not {rng.randint(10, 9_000):,}."),
        f"Only {prose.person()}'s own statement supports it, and {prose.pick(BODIES)} disputes it.",
        f"The figure is right, but it covers {prose.place()} alone, not the whole region.",
        f"No {prose.pick(NOUNS)} of {prose.pick(BODIES)} says so, and none of our sources confirms it.",
    ))


def _quote(source: _Source, rng: random.Random) -> str:
    """6-18 consecutive words of one sentence of the source: an exact part of its archived text."""
    words = rng.choice(source.sentences).split()
    length = min(len(words), rng.randint(6, 18))
    start = 0 if rng.random() < 0.5 else rng.randint(0, len(words) - length)
    quote = " ".join(words[start:start + length])
    return in_script(quote, source.script) if source.script else quote


def _correction_note(prose: _Prose) -> str:
    rng = prose.rng
    return (f"An earlier version gave the figure for {prose.place()} as {rng.randint(10, 999):,}; "
            f"it was {rng.randint(10, 999):,}.")


def _split_sentences(paragraph: str) -> list[str]:
    # The grammar ends every sentence with ". " and writes no abbreviation, so this is exact.
    return re.split(r"(?<=\.) ", paragraph)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def _dump(path: Path, header: str, record: dict[str, Any]) -> None:
    text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=1_000_000)
    path.write_text(header + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic factdesk publication.")
    parser.add_argument("claims", type=int, help="how many claims (sources: a fifth as many, at least 1)")
    parser.add_argument("dest", type=Path, help="the folder to write the publication into")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same publication")
    parser.add_argument("--scripts", action="store_true",
                        help="a fifth of the sources in Japanese, Chinese, Russian, Arabic and Hebrew")
    args = parser.parse_args(argv)
    write_publication(args.dest, args.claims, args.seed, args.scripts)
    print(f"wrote {args.claims} claims and {max(1, args.claims // 5)} sources into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
