"""Forked workers end with the process that forked them: a killed `factdesk pdf`, or a killed site
build, leaves no process behind holding memory or a pipe.

Processes are watched through /proc; every wait is for a state, with a generous deadline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ..conftest import copy_project
from ..waiting import DEADLINE, running, wait_until

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the death signal and /proc are Linux's")



def process_stat(pid: int) -> tuple[str, int, int] | None:
    """State, parent's pid and start time of `pid`, or None if there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name, in parentheses, may hold spaces
    return fields[0], int(fields[1]), int(fields[19])


def alive(pid: int, started: int) -> bool:
    """Whether the process `pid` that started at `started` still runs. A zombie (ended, not yet
    reaped by whoever adopted it) holds no memory and no files: it counts as ended."""
    found = process_stat(pid)
    return found is not None and found[0] not in ("Z", "X") and found[2] == started


def descendants(pid: int) -> dict[int, int]:
    """Every live process below `pid`, with its start time (which tells it from a later process
    given the same pid)."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := process_stat(int(entry))) and found[0] not in ("Z", "X"):
            children.setdefault(found[1], []).append((int(entry), found[2]))
    below, todo = {}, [pid]
    while todo:
        for child, started in children.get(todo.pop(), []):
            below[child] = started
            todo.append(child)
    return below


def forked_children(pid: int) -> list[int]:
    """The children of `pid` that are forks of it (the same command line), not programs it runs."""
    def command(process: int) -> bytes | None:
        try:
            return Path(f"/proc/{process}/cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            return None
    own = command(pid)
    return [child for child in descendants(pid)
            if (found := process_stat(child)) and found[1] == pid and own and command(child) == own]


def kill_and_find_survivors(parent: subprocess.Popen[bytes]) -> list[int]:
    """Hold `parent` still, note all its descendants, kill it alone, and return those of them
    still alive once they had every chance to end (they are then killed, so as to leave nothing)."""
    os.kill(parent.pid, signal.SIGSTOP)  # what is noted is what it has when it is killed
    recorded = descendants(parent.pid)
    assert recorded, "nothing to watch"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=DEADLINE)
    wait_until(lambda: not any(alive(pid, started) for pid, started in recorded.items()))
    survivors = [pid for pid, started in recorded.items() if alive(pid, started)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    return survivors


def test_a_killed_pdf_build_leaves_none_of_its_processes_behind(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    previous = project / "build" / "factdesk.pdf"
    previous.parent.mkdir()
    previous.write_bytes(b"%PDF-1.7 the previous edition")
    log = tmp_path / "log"
    with running([sys.executable, "-m", "factdesk", "pdf", "--root", str(project), "--jobs", "2"], log) as build:
        # The two workers are forked together at the first part's submission, and typeset for
        # seconds (the whole publication is 4 parts and 40 pages).
        started = wait_until(lambda: build.poll() is not None or len(forked_children(build.pid)) >= 2)
        assert started and build.poll() is None, f"no workers seen before the build ended:\n{log.read_text()}"
        survivors = kill_and_find_survivors(build)
    assert survivors == []
    assert previous.read_bytes() == b"%PDF-1.7 the previous edition"


def test_a_killed_site_builds_page_writer_ends_with_it(tmp_path: Path) -> None:
    # `then` waits for ever, as a writer that has more to do when the build is killed.
    script = textwrap.dedent("""
        import signal, sys
        from pathlib import Path
        from factdesk.site.page_writer import PageWriter
        from factdesk.site.pages import PlannedPage
        PageWriter(Path(sys.argv[1]), [PlannedPage("page.md", lambda: "text")], signal.pause, background=True)
        signal.pause()
    """)
    folder = tmp_path / "pages"
    log = tmp_path / "log"
    with running([sys.executable, "-c", script, str(folder)], log) as build:
        # The page is written once the writer has asked to die with its parent.
        assert wait_until(lambda: (folder / "page.md").exists() or build.poll() is not None)
        assert build.poll() is None, log.read_text()
        survivors = kill_and_find_survivors(build)
    assert survivors == []


def test_a_child_whose_parent_died_before_it_asked_leaves_at_once(tmp_path: Path) -> None:
    """The race: the parent dies between the fork and the child's request, which then comes too
    late to be answered with a signal."""
    script = textwrap.dedent("""
        import os, sys, time
        from pathlib import Path
        from factdesk.outputs.child_processes import die_with_parent
        parent, folder = os.getpid(), Path(sys.argv[1])
        child = os.fork()
        if child == 0:
            while os.getppid() == parent:  # until the parent has gone and this process was adopted
                time.sleep(0.001)
            (folder / "asking").write_text("")
            die_with_parent(parent)
            (folder / "survived").write_text("")
            time.sleep(3600)
            os._exit(0)
        (folder / "child").write_text(str(child))
    """)
    # No pipes: the orphan would hold them open, and the test would wait for it.
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=DEADLINE,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid = int((tmp_path / "child").read_text())
    found = process_stat(pid)
    started = found[2] if found else 0
    try:
        assert wait_until(lambda: not alive(pid, started))
    finally:
        if alive(pid, started):
            os.kill(pid, signal.SIGKILL)
    assert (tmp_path / "asking").exists()
    assert not (tmp_path / "survived").exists()
