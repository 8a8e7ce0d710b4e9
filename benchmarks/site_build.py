"""Time the checks, the site build and a rebuild under `mkdocs serve`, against MkDocs alone:
`python benchmarks/site_build.py [--claims 1000] [--runs 3]`.

One synthetic publication is written, with this repository's site around it (mkdocs.yml, docs/,
hooks/). The baseline is the lowest cost of the same site on the same engine: every page factdesk
generates, written out beforehand as plain Markdown files, built by `mkdocs build` with the same
theme (factdesk's as its custom_dir), plugins and extensions and no hooks. It does not include what factdesk adds
beyond pages (feeds, exports, share images, structured data): that is part of factdesk's cost.
The commands run interleaved (a, b, c, a, b, c, …), so a slow spell of the machine falls on all.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import synthetic  # the script's own folder is on sys.path when it is run as a script
from measure import Case, table_row

import factdesk
from factdesk.data import loader
from factdesk.data.records import slugify
from factdesk.site import file_watch, render

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "docs", "hooks")
TARGET_BUILD_RATIO = 1.00
TARGET_PEAK_MIB = 1024
TARGET_CHECK_SECONDS = 3.0  # at 10,000 claims
TARGET_EDIT_SECONDS = 1.0  # an author's edit, at 1,000 claims
TARGET_VERDICT_EDIT_SECONDS = 3.0  # at 10,000 claims
TARGET_PAGE_KB = 300  # the largest HTML page, at 10,000 claims


def write_project(dest: Path, claims: int, seed: int) -> None:
    synthetic.write_publication(dest, claims, seed)
    for name in SITE_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)


def write_baseline(project: Path, dest: Path) -> int:
    """The same site as plain files, for MkDocs alone (`factdesk render`) but for the open data files:
    making them is factdesk's work, which the ratio counts; returns the number of Markdown pages."""
    return render.render(project, dest, open_data=False)


# A rebuild under `mkdocs serve` -------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


# Each edit gives the edited file and a pattern that the claim page matches once it shows the edit.

def _edit_author(text: str, run: int) -> tuple[str, str]:
    """Another of the synthetic publication's people signs the claim: its page, and the two people's
    pages, change."""
    original = re.search(r"(?m)^author: (.*)$", text)
    people = [(slugify(name), name) for name in synthetic.AUTHORS
              if original is None or slugify(name) != original.group(1).strip()]
    person_id, name = people[run % 2]
    return (re.sub(r"(?m)^author: .*$", f"author: {person_id}", text, count=1),
            rf"Fact-check by <a [^>]*>{re.escape(name)}</a>")


def _edit_verdict(text: str, run: int) -> tuple[str, str]:
    """The verdict is shown wherever the claim is listed: the claims index, the explorer's index, the
    verdict, tag, source and claimant pages change with it."""
    original = re.search(r"(?m)^verdict: (.*)$", text)
    choices = [(k, label) for k, label in (("false", "False"), ("true", "True"), ("misleading", "Misleading"))
               if original is None or k != original.group(1).strip().strip("'\"")]
    key, label = choices[run % 2]
    # The claim's own badge, the large one of its card: the page may list other claims with this verdict.
    return (re.sub(r"(?m)^verdict: .*$", f"verdict: {key}", text, count=1),
            rf'class="fd-verdict fd-verdict--{key} fd-verdict--large"')


EDITS = {"author": _edit_author, "verdict": _edit_verdict}
Save = Callable[[], None]


def _claim_file(project: Path) -> Path:
    return min((project / loader.CLAIMS_DIR).glob("*.yml"))


def _writer(changes: dict[Path, str]) -> Save:
    def save() -> None:
        for path, text in changes.items():
            path.write_text(text, encoding="utf-8")
    return save


# An edit, prepared for a run: what saves it, what undoes it, and the claim page's pattern after it.
Edit = Callable[[int], tuple[Save, Save, str]]


def project_edits(project: Path) -> dict[str, Edit]:
    """Each edit of one claim file."""
    claim = _claim_file(project)
    original = claim.read_text(encoding="utf-8")

    def prepared(edit: Callable[[str, int], tuple[str, str]]) -> Edit:
        def prepare(run: int) -> tuple[Save, Save, str]:
            edited, marker = edit(original, run)
            return _writer({claim: edited}), _writer({claim: original}), marker
        return prepare
    return {name: prepared(edit) for name, edit in EDITS.items()}


def baseline_edits(project: Path, baseline: Path, scratch: Path) -> dict[str, Edit]:
    """The same edits for MkDocs alone: the pages that factdesk would generate differently after
    the edit (made beforehand, in a scratch copy of the publication) are saved at once."""
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns("site", "build"))
    claim = _claim_file(scratch)
    original = claim.read_text(encoding="utf-8")
    docs = baseline / "docs"

    def prepared(edit: Callable[[str, int], tuple[str, str]]) -> Edit:
        def prepare(run: int) -> tuple[Save, Save, str]:
            edited, marker = edit(original, run)
            claim.write_text(edited, encoding="utf-8")
            before = {docs / page.path: (docs / page.path).read_text(encoding="utf-8")
                      for page in render.site_pages(scratch)}
            after = {docs / page.path: page.text for page in render.site_pages(scratch)}
            claim.write_text(original, encoding="utf-8")
            changed = [path for path in after if after[path] != before[path]]
            return (_writer({path: after[path] for path in changed}), _writer({path: before[path] for path in changed}),
                    marker)
        return prepare
    return {name: prepared(edit) for name, edit in EDITS.items()}


def time_edits(folder: Path, page: str, edits: dict[str, Edit], runs: int,
               environment: dict[str, str] | None = None) -> dict[str, list[float]]:
    """Seconds from saving each edit to `mkdocs serve --dirty`, started in `folder` with
    `environment` added to this process's, serving the page `page` (e.g. `claims/<slug>/`) with
    the edit in it. Each edit is undone, and the undoing shown, before the next: every edit starts
    from the same site."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})})
    try:
        deadline = time.monotonic() + 1800
        while _get(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"mkdocs serve did not start in {folder}")
            time.sleep(0.2)
        seconds: dict[str, list[float]] = {name: [] for name in edits}
        for run in range(runs):
            for name, prepare in edits.items():
                save, undo, marker = prepare(run)
                if re.search(marker, _get(url) or ""):
                    sys.exit(f"{url} shows the {name} edit before it is saved: the timing would be meaningless")
                started = time.perf_counter()
                save()
                _wait(url, marker, True, started)
                seconds[name].append(time.perf_counter() - started)
                print(f"edit {run + 1}/{runs} ({name}) in {folder.name}: shown after {seconds[name][-1]:.2f} s",
                      file=sys.stderr)
                # MkDocs serves a page only once the rebuild is over: the undoing shown, the server is idle.
                undo()
                _wait(url, marker, False, time.perf_counter())
                time.sleep(1)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(url: str, marker: str, shown: bool, since: float) -> None:
    """Until the page at `url` matches `marker` (or, if not `shown`, no longer does). No answer is
    not an answer: while a rebuild runs the server holds requests until it ends, which at 10,000
    claims can take longer than a short timeout, and an undo taken as shown would let the next edit
    start while the undo's rebuild still runs."""
    while True:
        page = _get(url, timeout=600)
        if page is not None and bool(re.search(marker, page)) == shown:
            return
        if time.perf_counter() - since > 600:
            sys.exit(f"{url} did not change within 10 minutes")
        time.sleep(0.01)


def largest_page(site: Path) -> tuple[str, int]:
    """The site's largest HTML page: its path and size in bytes."""
    size, path = max((path.stat().st_size, path) for path in site.rglob("*.html"))
    return path.relative_to(site).as_posix(), size


def _edit_row(label: str, times: list[float], baseline_median: float) -> str:
    median = statistics.median(times)
    return f"| {label} | {median:.2f} | {min(times):.2f} | {max(times):.2f} | – | {median / baseline_median:.2f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time factdesk's checks and site build against MkDocs alone.")
    parser.add_argument("--claims", type=int, default=1000, help="claims in the synthetic publication")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; the table gives medians")
    parser.add_argument("--edits", type=int, default=None, help="edits timed under mkdocs serve (default: --runs)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic publication")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="factdesk-site-bench-") as tmp:
        project, baseline_project = Path(tmp) / "publication", Path(tmp) / "baseline"
        print(f"writing {args.claims} synthetic claims into {project}", file=sys.stderr)
        write_project(project, args.claims, args.seed)
        markdown_pages = write_baseline(project, baseline_project)
        # Each run first reads every file of its project: both builds find their files in memory.
        check = Case("factdesk check", [str(bin_dir / "factdesk"), "check", "--root", str(project)], warm=project)
        build = Case("site build", [str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-d", str(Path(tmp) / "site")],
                     cwd=project, warm=project)
        baseline = Case("baseline", [str(bin_dir / "mkdocs"), "build", "-q", "-d", str(Path(tmp) / "baseline-site")],
                        cwd=baseline_project, warm=baseline_project)
        for run in range(1, args.runs + 1):
            for case in (check, build, baseline):
                case.run()
                print(f"run {run}/{args.runs}: {case.last_run()}", file=sys.stderr)
        built = sum(1 for _ in (Path(tmp) / "site").rglob("*.html"))
        baseline_built = sum(1 for _ in (Path(tmp) / "baseline-site").rglob("*.html"))
        largest, largest_bytes = largest_page(Path(tmp) / "site")
        page = f"claims/{_claim_file(project).stem}/"
        original = _claim_file(project).read_text(encoding="utf-8")
        edit_runs = args.edits or args.runs
        try:
            edits = time_edits(project, page, project_edits(project), edit_runs)
            # The baseline's server polls for changes, as MkDocs does; factdesk's learns of them
            # from the system. The same edit once more, factdesk polling too, tells the two apart.
            polled = time_edits(project, page, {"author": project_edits(project)["author"]}, edit_runs,
                                {file_watch.WATCH_VARIABLE: file_watch.POLLING})["author"]
        finally:  # also when stopped halfway
            _claim_file(project).write_text(original, encoding="utf-8")
        base_edits = time_edits(baseline_project, page, baseline_edits(project, baseline_project, Path(tmp) / "scratch"),
                                edit_runs)
    edit_medians = {name: statistics.median(times) for name, times in edits.items()}
    base_medians = {name: statistics.median(times) for name, times in base_edits.items()}
    print("| | median s | min s | max s | peak MiB | ratio to baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    print(table_row("factdesk check", check, None))
    print(table_row(f"site build (mkdocs build --strict, factdesk hooks; {built} HTML files)", build, baseline))
    print(table_row(f"baseline: MkDocs alone, same pages as Markdown ({baseline_built} HTML files)", baseline, baseline))
    for name, times in edits.items():
        print(_edit_row(f"edit of one claim's {name}, shown by mkdocs serve --dirty", times, base_medians[name]))
        if name == "author":
            print(_edit_row(f"the same, {file_watch.WATCH_VARIABLE}={file_watch.POLLING} (polling, as MkDocs alone)",
                            polled, base_medians[name]))
        print(_edit_row("baseline: the pages that edit changes, saved as Markdown, shown by mkdocs serve --dirty",
                        base_edits[name], base_medians[name]))
    print()
    ratio = build.median / baseline.median
    cpu_ratio = statistics.median(build.cpu) / statistics.median(baseline.cpu)
    print(f"CPU seconds, median over every process: site build {statistics.median(build.cpu):.1f}, "
          f"MkDocs alone {statistics.median(baseline.cpu):.1f} (ratio {cpu_ratio:.2f})")
    print(f"largest HTML page: {largest}, {largest_bytes / 1000:.0f} KB")
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"publication: {args.claims} claims, {max(1, args.claims // 5)} sources (seed {args.seed}), "
          f"{markdown_pages} Markdown pages; {args.runs} run(s) of each, interleaved")
    print(f"machine: os.cpu_count() = {os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, "
          f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}")
    print(f"factdesk: {Path(factdesk.__file__).parent}")
    verdict_edit = edit_medians["verdict"]
    print(f"targets: build ratio <= {TARGET_BUILD_RATIO:.2f} (measured {ratio:.2f}, by {ratio / TARGET_BUILD_RATIO:.2f}x); "
          f"build peak < {TARGET_PEAK_MIB} MiB (measured {build.peak_mib:.0f}); "
          f"check < {TARGET_CHECK_SECONDS:.0f} s at 10,000 claims (measured {check.median:.2f} s at {args.claims}); "
          f"edit shown < {TARGET_EDIT_SECONDS:.0f} s at 1,000 claims (measured "
          + ", ".join(f"{m:.2f} s for the {name}" for name, m in edit_medians.items()) + f" at {args.claims}); "
          f"verdict edit shown < {TARGET_VERDICT_EDIT_SECONDS:.0f} s at 10,000 claims (measured {verdict_edit:.2f} s "
          f"at {args.claims}); largest page < {TARGET_PAGE_KB} KB at 10,000 claims (measured "
          f"{largest_bytes / 1000:.0f} KB at {args.claims})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
