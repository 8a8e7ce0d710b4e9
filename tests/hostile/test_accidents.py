"""What happens to machines: two builds at once, a build killed, a full disk, files and folders
the build may not read or write, no git. Real builds, each waiting for the state it asserts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.outputs.build_lock import PublicationLock

from ..conftest import MINI, WITHOUT_ROOT, build_environment, copy_project, mkdocs_build, mkdocs_command
from ..waiting import started, wait_until
from .cases import D


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def no_debris(project: Path) -> None:
    leftovers = [*project.glob("site.*"), *(project / "build").glob(".pages-*"),
                 *(project / "build" / "exports").glob(".*.tmp")]
    assert not leftovers, leftovers


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of the mini publication's site, built alone."""
    project = copy_project(tmp_path_factory.mktemp("reference") / "project", MINI)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return files_of(result.site)


def started_build(project: Path, log: Path) -> subprocess.Popen[bytes]:
    return started(mkdocs_command(project / "site"), log, cwd=project, env=build_environment())


def test_two_builds_at_once_take_turns_and_leave_a_whole_site(tmp_path, reference):
    project = copy_project(tmp_path / "project", MINI)
    held = PublicationLock(project)  # so that both builds are surely running before either writes
    held.acquire("the test", lambda message: None)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    builds = []
    for log in logs:
        builds.append(started_build(project, log))
        assert wait_until(lambda: "waiting for the test" in log.read_text(errors="replace")), f"{log.name} never waited"
    held.release()

    codes = [build.wait(timeout=300) for build in builds]

    outputs = [log.read_text(errors="replace") for log in logs]
    assert codes == [0, 0], outputs
    site = files_of(project / "site")
    assert site.keys() == reference.keys()
    assert all(site[name] for name in site if name.endswith(".html"))
    no_debris(project)


def test_a_killed_build_leaves_the_site_whole_and_the_next_build_clears_its_debris(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    assert mkdocs_build(project).returncode == 0
    before = files_of(project / "site")
    build = started_build(project, tmp_path / "killed.log")
    staging = project / "site.partial"
    assert wait_until(lambda: (staging / "claims").is_dir() and any((project / "build").glob(".pages-*"))), \
        "the build never wrote pages"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)

    assert files_of(project / "site") == before
    assert staging.exists()  # the debris the next build must clear
    again = mkdocs_build(project)
    assert again.returncode == 0, again.output
    no_debris(project)


def test_a_build_killed_between_its_two_renames_gets_the_previous_site_back(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    assert mkdocs_build(project).returncode == 0
    before = files_of(project / "site")
    # As a build killed after moving the site aside, before moving the new one in, leaves it.
    (project / "site").rename(project / "site.previous")
    (project / "site.partial").mkdir()
    claim = project / D
    claim.write_text(claim.read_text(encoding="utf-8") + "unknown_field: x\n", encoding="utf-8")

    failed = mkdocs_build(project)

    assert failed.returncode != 0 and "unknown field `unknown_field`" in failed.output
    assert files_of(project / "site") == before
    no_debris(project)


MOUNT = ["unshare", "--mount", *([] if os.geteuid() == 0 else ["--map-root-user"])]
"""A private mount namespace: a file system mounted in it is gone with the command."""


def can_mount() -> bool:
    return shutil.which("unshare") is not None and subprocess.run([*MOUNT, "true"], capture_output=True).returncode == 0


def on_small_disk(project: Path, disk: Path, size: str, script: str) -> str:
    """The output of `script`, run with `disk` a file system of `size` of its own (tmpfs), too small
    for what goes there; `$BUILD` in it builds the site, and `$GROW` makes the disk large enough."""
    disk.mkdir(exist_ok=True)
    variables = f"BUILD='{' '.join(mkdocs_command(project / 'site'))}'; GROW='mount -o remount,size=64m {disk}'; "
    mounted = f"{variables}mount -t tmpfs -o size={size} tmpfs {disk} && {{ {script}; }}"
    done = subprocess.run([*MOUNT, "sh", "-c", mounted], cwd=project, capture_output=True, text=True,
                          env=build_environment(), timeout=600)
    return done.stdout + done.stderr


needs_mount = pytest.mark.skipif(not can_mount(), reason="needs a mount namespace (root, or user namespaces)")


@needs_mount
def test_a_full_disk_under_the_site_is_named_and_blocks_no_later_build(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    disk = project / "small-disk"
    site = disk / "site"
    build = " ".join(mkdocs_command(site))
    output = on_small_disk(project, disk, "400k", f"{build}; echo \"first: $?\"; ls -A {disk}; "
                                          f"$GROW && {build} >/dev/null 2>&1; echo \"second: $?\"; ls -A {disk}")

    assert f"cannot build the site into {disk}/site.partial: the disk is full" in output, output
    assert "fix: free some space" in output and "Traceback" not in output
    # Nothing was left on the full disk, and the next build, with room, made the site.
    assert "first: 1\nsecond: 0\nsite\n" in output, output


@needs_mount
def test_a_full_disk_under_build_is_named_and_blocks_no_later_build(tmp_path):
    """build/ holds the generated pages while MkDocs converts them, written by a second process."""
    project = copy_project(tmp_path / "project", MINI)
    output = on_small_disk(project, project / "build", "24k", "$BUILD; echo \"first: $?\"; ls -A build; "
                                                       "$GROW && $BUILD >/dev/null 2>&1; echo \"second: $?\"")

    assert f"cannot write the generated pages into {project}/build/.pages-" in output, output
    assert ": the disk is full" in output and "Traceback" not in output
    assert "first: 1\n.lock\nsecond: 0\n" in output, output


@needs_mount
def test_a_full_disk_under_the_pdf_is_named_and_the_previous_pdf_kept(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    disk = project / "small-disk"
    pdf = f"{sys.executable} -m factdesk pdf --jobs 1 --output {disk}/desk.pdf"
    output = on_small_disk(project, disk, "24k", f"echo previous > {disk}/desk.pdf; {pdf}; echo \"first: $?\"; "
                                                 f"ls -A {disk}; cat {disk}/desk.pdf")

    assert f"factdesk pdf: cannot write the PDF edition: the disk is full ({disk})" in output, output
    assert "Traceback" not in output and "terminate called" not in output
    assert "first: 1\ndesk.pdf\nprevious\n" in output, output


def test_a_site_folder_owned_by_another_user_is_named_before_building(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    assert mkdocs_build(project).returncode == 0
    before = files_of(project / "site")
    nobody = 65534
    os.chown(project / "site", nobody, nobody)
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")

    refused = mkdocs_build(project, as_user=WITHOUT_ROOT)

    assert refused.returncode != 0
    assert (f"cannot replace the site: no right to write in {project / 'site'}: it belongs to user id {nobody}, "
            "and this build runs as user id 0") in refused.output
    assert "fix: make it writable" in refused.output and "Traceback" not in refused.output
    assert files_of(project / "site") == before
    no_debris(project)
    os.chown(project / "site", 0, 0)
    assert mkdocs_build(project, as_user=WITHOUT_ROOT).returncode == 0


def test_a_site_folder_in_a_read_only_folder_is_named_before_building(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    out = project / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        refused = mkdocs_build(project, out / "site", as_user=WITHOUT_ROOT)
    finally:
        out.chmod(0o755)

    assert refused.returncode != 0
    assert f"no right to write in {out}: its rights do not let this build list and change it" in refused.output, \
        refused.output
    assert "Traceback" not in refused.output
    assert not any(out.iterdir())
    assert mkdocs_build(project, out / "site", as_user=WITHOUT_ROOT).returncode == 0


def test_an_unreadable_claim_file_or_folder_is_named_with_the_fix(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    (project / "docs" / "images").mkdir()
    (project / "docs" / "images" / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    unreadable = [(project / D, 0o644), (project / "sources", 0o755), (project / "docs" / "images", 0o755)]
    for path, _ in unreadable:
        path.chmod(0o000)
    try:
        checked = subprocess.run([*WITHOUT_ROOT, sys.executable, "-m", "factdesk", "check"], cwd=project,
                                 capture_output=True, text=True)
        built = mkdocs_build(project, as_user=WITHOUT_ROOT)
    finally:
        for path, mode in unreadable:
            path.chmod(mode)

    for code, output in ((checked.returncode, checked.stderr), (built.returncode, built.output)):
        assert code != 0 and "Traceback" not in output
        assert f"{D}:1:1: error: cannot read the file: Permission denied" in output, output
        assert "sources/:1:1: error: cannot read the folder: Permission denied" in output
        # MkDocs would leave out what it cannot read, and build a site without its images.
        assert "docs/images/:1:1: error: cannot read the folder: Permission denied" in output
        assert "fix: make it readable" in output
    assert not built.site.exists()
    assert mkdocs_build(project, as_user=WITHOUT_ROOT).returncode == 0


def test_the_corrections_rule_without_git_says_so(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    no_git = {**os.environ, "PATH": str(Path(sys.executable).parent)}

    done = subprocess.run([sys.executable, "-m", "factdesk", "check", "--base", "origin/main"], cwd=project,
                          capture_output=True, text=True, env=no_git)

    assert done.returncode == 2
    assert done.stderr.strip() == ("factdesk check: cannot compare with origin/main: git is not installed, or not on "
                                   "PATH: the published fact-checks are read from its history; install git, or put it "
                                   "on PATH")
