"""Outputs written beside their final name and renamed into place: the previous output stays whole
until the new one is complete, a failure leaves no temporary, and what a killed run leaves is
removed by the next run, but not what a run still at work is writing. The offline zip and the PDF
edition are written so."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from factdesk.editions import archive
from factdesk.outputs.build_lock import LOCK_FILE
from factdesk.outputs.output_files import remove_leftovers, writing_beside

from ..conftest import MINI, copy_project

BUILT = datetime(2026, 11, 23, tzinfo=UTC)


def listing(folder: Path) -> list[str]:
    """The files in `folder`, but the publication's lock, which `python -m factdesk.editions.archive` takes."""
    return sorted(name for name in os.listdir(folder) if name != LOCK_FILE.name)


def leftovers(folder: Path) -> list[str]:
    """Temporaries in `folder`: ours, and those pikepdf makes when it writes over a file."""
    return [name for name in listing(folder) if name.endswith(".partial") or ".pikepdf." in name]


def test_the_output_changes_only_once_the_new_one_is_complete(tmp_path: Path) -> None:
    output = tmp_path / "edition.zip"
    output.write_bytes(b"the previous edition")
    output.chmod(0o640)
    with writing_beside(output) as stream:
        stream.write(b"the new ")
        stream.flush()
        assert output.read_bytes() == b"the previous edition"
        [temporary] = [name for name in listing(tmp_path) if name != "edition.zip"]
        assert temporary.startswith(".edition.zip.") and temporary.endswith(".partial")
        stream.write(b"edition")
    assert output.read_bytes() == b"the new edition"
    assert listing(tmp_path) == ["edition.zip"]
    assert output.stat().st_mode & 0o777 == 0o640, "the permissions it had"


def test_a_new_output_has_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    with writing_beside(tmp_path / "edition.pdf") as stream:
        stream.write(b"%PDF")
    (tmp_path / "plain").write_bytes(b"")
    assert (tmp_path / "edition.pdf").stat().st_mode & 0o777 == (tmp_path / "plain").stat().st_mode & 0o777


def test_a_failure_leaves_the_previous_output_and_no_temporary(tmp_path: Path) -> None:
    output = tmp_path / "edition.zip"
    output.write_bytes(b"the previous edition")
    with pytest.raises(RuntimeError), writing_beside(output) as stream:
        stream.write(b"half of the new one")
        raise RuntimeError("the disk is full")
    assert output.read_bytes() == b"the previous edition"
    assert listing(tmp_path) == ["edition.zip"]


def killable_writer(output: Path) -> subprocess.Popen[str]:
    """A process half way through writing `output`, which waits there to be killed."""
    script = textwrap.dedent("""
        import signal, sys
        from pathlib import Path
        from factdesk.outputs.output_files import writing_beside
        with writing_beside(Path(sys.argv[1])) as stream:
            stream.write(b"half an edition")
            stream.flush()
            print("writing", flush=True)
            signal.pause()
    """)
    writer = subprocess.Popen([sys.executable, "-c", script, str(output)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    return writer


def killed_while_writing(output: Path) -> Path:
    """The temporary that a run killed while writing `output` leaves."""
    writer = killable_writer(output)
    writer.kill()
    writer.wait()
    [temporary] = output.parent.glob(f".{output.name}.*.partial")
    assert temporary.read_bytes() == b"half an edition"
    return temporary


def test_leftovers_of_killed_runs_are_removed_but_not_a_temporary_still_in_use(tmp_path: Path) -> None:
    output = tmp_path / "edition.pdf"
    output.write_bytes(b"the previous edition")
    killed = killed_while_writing(output)
    old_style = tmp_path / "edition.pdf.partial"  # what earlier versions left
    old_style.write_bytes(b"half")
    elsewhere = tmp_path / ".other.pdf.abcdefgh.partial"
    elsewhere.write_bytes(b"another output's")
    writer = killable_writer(output)
    try:
        [in_use] = [p for p in tmp_path.glob(".edition.pdf.*.partial") if p != killed]
        assert sorted(remove_leftovers(output)) == sorted([killed, old_style])
        assert in_use.read_bytes() == b"half an edition", "a run still at work keeps its temporary"
    finally:
        writer.kill()
        writer.wait()
    assert remove_leftovers(output) == [in_use]
    assert listing(tmp_path) == [elsewhere.name, "edition.pdf"]
    assert output.read_bytes() == b"the previous edition"


def test_leftovers_of_an_output_whose_folder_does_not_exist(tmp_path: Path) -> None:
    assert remove_leftovers(tmp_path / "build" / "edition.pdf") == []


# The offline zip ----------------------------------------------------------------------------

def make_folder(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_a_failed_zip_leaves_the_previous_zip_and_no_temporary(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "offline", {"index.html": b"home", "claims/a.html": b"a"})
    destination = tmp_path / "build" / "edition-offline.zip"
    destination.parent.mkdir()
    archive.zip_folder(folder, destination, BUILT)
    previous = destination.read_bytes()
    # Too big to write: a file size limit makes the write fail part way, as a full disk would
    # (Python ignores SIGXFSZ: the write raises "File too large").
    make_folder(folder, {"search/index.js": os.urandom(256 * 1024)})
    limit = 64 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "factdesk.editions.archive", str(folder), str(destination)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limited, check=False)
    assert done.returncode != 0
    assert "File too large" in done.stderr
    assert destination.read_bytes() == previous
    assert listing(destination.parent) == ["edition-offline.zip"]


def test_the_next_zip_removes_what_a_killed_one_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder(tmp_path / "offline", {"index.html": b"home"})
    destination = tmp_path / "build" / "edition-offline.zip"
    destination.parent.mkdir()
    killed_while_writing(destination)
    monkeypatch.chdir(tmp_path)
    assert archive.main([str(folder), str(destination)]) == 0
    assert listing(destination.parent) == ["edition-offline.zip"]
    with zipfile.ZipFile(destination) as written:
        assert written.read("offline/index.html") == b"home"


def test_a_zip_over_a_running_zip_of_the_same_name_leaves_that_one_at_work(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "offline", {"index.html": b"home"})
    destination = tmp_path / "edition-offline.zip"
    writer = killable_writer(destination)
    try:
        archive.zip_folder(folder, destination, BUILT)
        [other] = tmp_path.glob(".edition-offline.zip.*.partial")
        assert other.read_bytes() == b"half an edition"
    finally:
        writer.kill()
        writer.wait()
    with zipfile.ZipFile(destination) as written:
        assert written.namelist() == ["offline/index.html"]


# The PDF edition ----------------------------------------------------------------------------
# (A killed run's workers: tests/test_child_processes.py.)

def mini_pdf(project: Path, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """`factdesk pdf` on a copy of the small fixture, dated now, with at most `file_size_limit`
    bytes per file written."""
    def limited() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "factdesk", "pdf", "--root", str(project), "--jobs", "1"],
                          capture_output=True, text=True, env=env, timeout=600, preexec_fn=limited, check=False)


def test_a_pdf_that_cannot_be_written_leaves_the_previous_one_and_no_temporary(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    previous = project / "build" / "factdesk.pdf"
    previous.parent.mkdir()
    previous.write_bytes(b"%PDF-1.7 the previous edition")
    # The binding fails part way through writing, as on a full disk: the file size limit makes
    # the write raise "File too large" (Python ignores SIGXFSZ). The mini edition is 100 kB.
    done = mini_pdf(project, file_size_limit=32 * 1024)
    assert done.returncode != 0
    assert "File too large" in done.stderr, done.stderr
    assert previous.read_bytes() == b"%PDF-1.7 the previous edition"
    assert leftovers(previous.parent) == []
    assert not (previous.parent / "pdf-edition.json").exists()


def test_the_next_pdf_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "mini", MINI)
    build = project / "build"
    build.mkdir()
    # A run killed while binding leaves its temporary (and earlier versions left factdesk.pdf.partial).
    (build / ".factdesk.pdf.k1ll3d00.partial").write_bytes(b"%PDF-1.7 half an edition")
    (build / "factdesk.pdf.partial").write_bytes(b"%PDF-1.7 half an edition")
    (build / ".pdf-edition.json.k1ll3d00.partial").write_bytes(b'{"file": ')
    done = mini_pdf(project)
    assert done.returncode == 0, done.stderr
    assert leftovers(build) == []
    assert len(PdfReader(build / "factdesk.pdf").pages) > 1
