"""What a change does to fact-checks already published, judged against a base revision in git.

Readers must be able to trust that a published verdict never changes silently: a change of a
published claim's verdict, summary or claim text, in any of its languages, needs a new dated
correction; corrections are never removed; and a published claim is never deleted, only retracted,
so its address lives on.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Literal

import yaml

from factdesk.data.loader import CLAIMANTS_DIR, CLAIMS_DIR, DATA_DIRS, SETTINGS_FILE, STORIES_DIR, read_publication
from factdesk.data.model import Claim, Publication
from factdesk.data.problems import Problem, printable
from factdesk.data.typography import typographic
from factdesk.data.yamlfile import read_document
from factdesk.editors.migrate import MigrationError, migrate
from factdesk.site.pages import render_template

WATCHED = ("verdict", "summary", "claim")
"""What readers take from a fact-check: changing any of these is a correction."""
WATCHED_TRANSLATED = ("summary", "claim")
"""The same in each of the publication's other languages (a verdict is one for all). A first
translation changes nothing readers were told, and a translation left out shows the main language's
text: only a translated text that was published and is now different is a change."""


class BaseUnavailable(Exception):
    pass


def base_publication(root: Path, ref: str) -> Publication | None:
    """The publication as it was at `ref`, or None if it had no claims there yet.

    Files are read from git's objects, not through `git archive`, which would honour
    `export-ignore` and ship symlinks: either could hide a published claim from the comparison.
    A symlink is written out as its target's name, which fails the checks loudly."""
    if not ref or ref.startswith("-"):
        raise BaseUnavailable("give a revision, such as origin/main")
    if shutil.which("git") is None:
        raise BaseUnavailable("git is not installed, or not on PATH: the published fact-checks are read from its "
                              "history; install git, or put it on PATH")
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    listing = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", ref, "--",
                              *(f"{prefix}{p}" for p in (*DATA_DIRS, SETTINGS_FILE))],
                             cwd=root, capture_output=True)
    if listing.returncode != 0:
        raise BaseUnavailable(listing.stderr.decode(errors="replace").strip())
    entries = [entry.split(b"\t", 1) for entry in listing.stdout.split(b"\0") if entry]
    files = {path.decode(errors="replace")[len(prefix):]: meta.split()[2].decode() for meta, path in entries}
    if not any(name.startswith(CLAIMS_DIR + "/") for name in files):
        return None
    with tempfile.TemporaryDirectory() as folder:
        for (name, _), content in zip(files.items(), _blobs(root, list(files.values()))):
            target = Path(folder, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        # Published in an older file format, it is compared as the current format reads it: moving
        # to the new format is no editorial change, and what changed with it is still seen.
        try:
            migrate(Path(folder))
        except MigrationError as error:
            raise BaseUnavailable(f"{ref} is in an older file format that cannot be migrated as it is: {error}") \
                from None
        publication, problems = read_publication(Path(folder))
    if publication is None:
        raise BaseUnavailable(f"{ref} itself does not pass the checks ({len(problems)} problems, the first: "
                              f"{problems[0]}); fix the base branch first")
    return publication


def history_problems(root: Path, current: Publication, base: Publication) -> list[Problem]:
    now = {claim.slug: claim for claim in current.claims}
    problems = (_redefined_verdicts(root, current, base) + _claimant_pages_kept(current, base)
                + _story_pages_kept(current, base))
    for old in base.claims:
        new = now.get(old.slug)
        if new is None:
            problems.append(Problem(
                old.path, 1, 1, f"the published fact-check `{old.slug}` was deleted; its address must keep working",
                f"restore {old.path} and add `retracted:` with a `date` and a `note` saying why it was withdrawn"))
            continue
        problems += _changes(root, old, new)
    return problems


def _claimant_pages_kept(current: Publication, base: Publication) -> list[Problem]:
    """Every claimant address published keeps answering, as a record's id or in a record's `formerly`:
    the records' own pages, and the pages that sent readers on from addresses left before."""
    answering = set(current.claimants) | {former for who in current.claimants.values() for former in who.formerly}
    published = {who.id: who for who in base.claimants.values()}
    published.update((former, who) for who in base.claimants.values() for former in who.formerly)
    problems = []
    for address, old in sorted(published.items()):
        if address not in answering:
            what = old.name if address == old.id else f"which sent readers on to {old.name}"
            problems.append(Problem(
                f"{CLAIMANTS_DIR}/{old.id}.yml", 1, 1,
                f"the published page claimants/{address}/ ({what}) would no longer answer",
                f"add `{address}` to `formerly:` in the record that holds those claims now (keep the `formerly:` "
                f"of a record you merge into another), or restore {CLAIMANTS_DIR}/{old.id}.yml"))
    return problems


def _story_pages_kept(current: Publication, base: Publication) -> list[Problem]:
    """A published story's page, stories/<id>/, keeps answering: its record may change, not go."""
    return [Problem(f"{STORIES_DIR}/{story.id}.yml", 1, 1,
                    f"the published page stories/{story.id}/ ({story.title}) would no longer answer",
                    f"restore {STORIES_DIR}/{story.id}.yml; a story that ended keeps its page and its claims")
            for story_id, story in sorted(base.stories.items()) if story_id not in current.stories]


def _redefined_verdicts(root: Path, current: Publication, base: Publication) -> list[Problem]:
    """A verdict's label or meaning is part of every published claim that carries it."""
    problems = []
    for old in base.scale.verdicts:
        new = current.scale.get(old.key)
        used = len(base.claims_by_verdict.get(old.key, ()))
        if used and (new is None or (new.label, new.meaning) != (old.label, old.meaning)):
            line, column = _position(root / SETTINGS_FILE, "verdicts")
            problems.append(Problem(
                SETTINGS_FILE, line, column,
                f"the verdict `{old.key}` ({old.label}) was {'removed' if new is None else 'redefined'}, "
                f"but {used} published fact-check{'s carry' if used != 1 else ' carries'} it",
                "keep it as it was; add a verdict with a new key and correct the claims that should move to it"))
    return problems


def _changes(root: Path, old: Claim, new: Claim) -> list[Problem]:
    problems = []
    changed = [name for name in WATCHED if _value(old, name) != _value(new, name)]
    added = list((Counter(new.corrections) - Counter(old.corrections)).elements())
    dated = [c for c in added if c.date >= old.last_changed]
    since = f" (a correction counts if dated {old.last_changed} or later)" if added else ""
    fix = (f"add an entry under `corrections:` with `date: {date.today().isoformat()}` (today) and a `note` saying "
           f"what changed and why{since}")
    if changed and not dated:
        what = "; ".join(f"{name} was “{_value(old, name)}”, now “{_value(new, name)}”" for name in changed)
        line, column = _position(root / new.path, changed[0])
        problems.append(Problem(new.path, line, column, f"a published fact-check changed without a correction: {what}",
                                fix))
    for code, changed_here in _translations_changed(old, new):
        if dated:
            continue
        what = "; ".join(f"{name} was “{was}”, now “{now}”" for name, was, now in changed_here)
        line, column = _position(root / new.path, "translations", code, changed_here[0][0])
        problems.append(Problem(new.path, line, column, f"a published fact-check changed without a correction in "
                                f"its `{code}` translation: {what}", fix))
    if "summary" in changed:
        for code in _translations_left_behind(old, new):
            line, column = _position(root / new.path, "translations", code, "summary")
            problems.append(Problem(
                new.path, line, column, f"the summary changed, but its `{code}` translation did not: readers in "
                f"`{code}` would still read the old finding",
                f"translate the new summary under `translations:` → `{code}:` → `summary:`, or remove that summary "
                "until it is translated (the page then shows the new one in the main language, marked as such)",
                "warning"))
    removed = list((Counter(old.corrections) - Counter(new.corrections)).elements())
    if removed:
        line, column = _position(root / new.path, "corrections")
        problems.append(Problem(new.path, line, column,
                                f"a published correction was removed or edited (dated {removed[0].date})",
                                "keep every published correction as it was; add a new one instead"))
    if old.retracted and new.retracted != old.retracted:
        line, column = _position(root / new.path, "retracted" if new.retracted else "claim")
        problems.append(Problem(new.path, line, column, "a published retraction was removed or edited",
                                "keep the retraction as it was; a retracted fact-check stays retracted"))
    return problems


def _translations_changed(old: Claim, new: Claim) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each language whose published claim or summary is now different: (code, [(field, was, now)])."""
    found = []
    for code, translation in new.translations:
        before = old.translation(code)
        if before is None:
            continue
        changed = [(name, was, now) for name in WATCHED_TRANSLATED
                   if (was := getattr(before, name)) is not None and (now := getattr(translation, name)) is not None
                   and was != now]
        if changed:
            found.append((code, changed))
    return found


def _translations_left_behind(old: Claim, new: Claim) -> list[str]:
    """The languages whose summary, published, stayed as it was while the main language's changed."""
    return [code for code, translation in new.translations
            if translation.summary is not None and (before := old.translation(code)) is not None
            and before.summary == translation.summary]


def _value(claim: Claim, name: str) -> str:
    return claim.verdict.key if name == "verdict" else str(getattr(claim, name))


def _position(path: Path, *fields: str) -> tuple[int, int]:
    """Where a field is written (a top-level one, or one within: "translations", "ja", "summary"), for
    the message; the nearest enclosing field found, or the file's start, if it cannot be read."""
    document, _ = read_document(path, path.name)
    node, place = document.root, (1, 1)
    for name in fields:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if getattr(key, "value", None) == name), None)
        if found is None:
            break
        key, node = found
        place = (key.start_mark.line + 1, key.start_mark.column + 1)
    return place


def _blobs(root: Path, shas: list[str]) -> list[bytes]:
    """The contents of many blobs from one `git cat-file --batch`, not a process per file."""
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="".join(f"{sha}\n" for sha in shas).encode(),
                         capture_output=True, check=True).stdout
    contents, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])  # "<sha> blob <size>"
        contents.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return contents


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise BaseUnavailable(done.stderr.strip() or "no such revision in this repository")
    return done.stdout


Form = Literal["markdown", "text"]
"""The forms of `change_summary`: Markdown for a pull-request comment, plain text for a terminal."""

TEMPLATES: dict[Form, str] = {"markdown": "diff.md.j2", "text": "diff.txt.j2"}
FORMATS: tuple[Form, ...] = tuple(TEMPLATES)
"""The forms' names, for `factdesk diff --format`."""


def change_summary(current: Publication | None, base: Publication | None, problems: list[Problem],
                   form: Form = "markdown") -> str:
    """What changes for readers, and whether the checks pass: Markdown for a pull-request comment
    (editors' text escaped, see `pages.text`), or the same in plain text for a terminal (editors'
    text as typed, its control characters written as escapes, see `problems.printable`)."""
    before = {c.slug: c for c in base.claims} if base else {}
    after = {c.slug: c for c in current.claims} if current else {}
    kept = [(before[slug], after[slug]) for slug in after if slug in before]
    summary = render_template(
        TEMPLATES[form],
        plain=plain,
        problems=problems,
        loaded=current is not None,
        added=[c for slug, c in after.items() if slug not in before] if current else [],
        changed=[(old, new) for old, new in kept if old.verdict.key != new.verdict.key],
        corrected=[(new, c) for old, new in kept for c in new.corrections if c not in old.corrections]
        + [(c, x) for c in after.values() if c.slug not in before for x in c.corrections],
        retracted=[new for old, new in kept if new.retracted and not old.retracted],
        removed=[c for slug, c in before.items() if slug not in after] if current else [],
        sources=[s for key, s in sorted(current.sources.items()) if not base or key not in base.sources]
        if current else [],
        claimants=[who for key, who in sorted(current.claimants.items()) if not base or key not in base.claimants]
        if current else [],
        people=[who for key, who in sorted(current.people.items()) if not base or key not in base.people]
        if current else [],
    )
    # A terminal shows a trailing blank line; Markdown's is kept, as comments have always had it.
    return summary if form == "markdown" else summary.rstrip("\n") + "\n"


def plain(value: object) -> str:
    """Editors' text for a terminal: on one line, set as the site sets it (see `typography`), and with
    nothing that a terminal would act on (an escape sequence could clear the screen or hide a line)."""
    return printable(" ".join(typographic(str(value)).split()))
