"""The preview's file watcher, on real files: what it reports, and how it falls back to polling."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from factdesk import mkdocs_adapter
from factdesk.site.file_watch import WATCH_VARIABLE, FileEventWatcher, watcher_for_preview

from ..conftest import MINI, REPO, copy_project


class _Saves(FileSystemEventHandler):
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.seen = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:  # as MkDocs' handler
            self.paths.append(str(event.src_path))
            self.seen.set()


@contextmanager
def _running(watcher: FileEventWatcher) -> Iterator[FileEventWatcher]:
    watcher.start()
    try:
        yield watcher
    finally:
        watcher.stop()
        watcher.join()


def test_a_save_is_reported_and_a_read_is_not(tmp_path):
    claim = tmp_path / "claims" / "a.yml"
    claim.parent.mkdir()
    claim.write_text("title: A\n")
    saves = _Saves()
    watcher = FileEventWatcher()
    watcher.schedule(saves, str(tmp_path / "claims"), recursive=True)
    with _running(watcher):
        assert not watcher.polling
        claim.read_text()
        assert not saves.seen.wait(1), saves.paths
        claim.write_text("title: B\n")
        assert saves.seen.wait(5)
    assert str(claim) in saves.paths


def test_paths_watched_by_others_stay_polled(tmp_path):
    (tmp_path / "theirs").mkdir()
    (tmp_path / "ours").mkdir()
    polled, theirs, ours = PollingObserver(timeout=0.1), _Saves(), _Saves()
    polled.schedule(theirs, str(tmp_path / "theirs"), recursive=True)
    watcher = FileEventWatcher(polled)
    watcher.schedule(ours, str(tmp_path / "ours"), recursive=True)
    with _running(watcher):  # a polling observer lists its folders as it starts
        (tmp_path / "theirs" / "page.md").write_text("# Theirs\n")
        (tmp_path / "ours" / "a.yml").write_text("title: A\n")
        assert theirs.seen.wait(5) and ours.seen.wait(5)
    assert not polled.is_alive()


@pytest.mark.parametrize("limit", ["max_inotify_instances", "max_inotify_watches"])
def test_without_file_events_the_watcher_polls(tmp_path, limit):
    """Linux allows each user so many inotify instances (taken when the watcher is made) and
    watches (one per folder, taken when it starts). A watcher that finds none left still sees
    saves, by polling. The limit is set to 0 in a user namespace of its own, which has its own
    limits (/proc/sys/user), for a process that runs the watcher."""
    script = textwrap.dedent(f"""
        import threading
        from pathlib import Path
        from watchdog.events import FileSystemEventHandler
        from factdesk.site.file_watch import FileEventWatcher

        seen = threading.Event()
        handler = FileSystemEventHandler()
        handler.on_any_event = lambda event: seen.set()
        folder = Path({str(tmp_path)!r})
        watcher = FileEventWatcher()
        watcher.schedule(handler, str(folder), recursive=True)
        watcher.start()  # a polling observer lists its folders as it starts
        (folder / "a.yml").write_text("title: A\\n")
        print("polling" if watcher.polling else "events", "seen" if seen.wait(5) else "not seen")
        watcher.stop()
    """)
    limited = f"echo 0 > /proc/sys/user/{limit} && exec \"$0\" -c \"$1\""
    result = subprocess.run(["unshare", "--user", "--map-root-user", "sh", "-c", limited, sys.executable, script],
                            check=False, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["polling", "seen"]
    assert "the system's file events are not available" in result.stderr
    assert "every 0.5 s instead" in result.stderr


def test_an_editor_chooses_polling_by_the_environment(caplog):
    polled = PollingObserver()
    assert watcher_for_preview(polled, {"FACTDESK_WATCH": "polling"}) is None
    assert watcher_for_preview(polled, {"FACTDESK_WATCH": " Polling "}) is None
    for environment in ({}, {"FACTDESK_WATCH": "events"}, {"FACTDESK_WATCH": "poll"}):
        watcher = watcher_for_preview(polled, environment)
        assert isinstance(watcher, FileEventWatcher) and not watcher.polling
        watcher.stop()  # never started, it holds an inotify instance all the same
    assert "FACTDESK_WATCH='poll' is not known" in caplog.text


def _save_by_rename(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def test_a_file_watched_alone_is_seen_through_every_kind_of_save(tmp_path):
    """mkdocs.yml and factdesk.yml are watched as files. Editors save by writing in place, or by
    writing a new file and renaming it over the old one, which leaves a watch of the old file
    itself blind; `touch` changes only its times, and rebuilds with MkDocs' polling too."""
    settings = tmp_path / "factdesk.yml"
    settings.write_text("name: A\n")
    saves = _Saves()
    watcher = FileEventWatcher()
    watcher.schedule(saves, str(settings))
    with _running(watcher):
        for kind, save in [("written in place", partial(settings.write_text, "name: B\n")),
                           ("renamed over", partial(_save_by_rename, settings, "name: C\n")),
                           ("renamed over again", partial(_save_by_rename, settings, "name: D\n")),
                           ("touched", partial(os.utime, settings))]:
            save()
            assert saves.seen.wait(5), f"{kind}: not seen"
            time.sleep(0.3)  # for the save's later events, which must not pass for the next save's
            saves.seen.clear()
        (tmp_path / "README.md").write_text("# Another file in the folder\n")
        assert not saves.seen.wait(1), saves.paths


def test_a_preview_takes_its_watches_to_file_events_and_leaves_others_polled(tmp_path, monkeypatch):
    """What MkDocs and factdesk watch moves to the file events; a folder another plugin asked
    MkDocs to watch stays with MkDocs' polling observer, which still runs for it."""
    project = copy_project(tmp_path / "project", MINI)
    (tmp_path / "theirs").mkdir()
    monkeypatch.delenv(WATCH_VARIABLE, raising=False)
    monkeypatch.setattr(mkdocs_adapter._state, "root", None)  # as set by a build of another project
    config = load_config(str(project / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    polled = server.observer
    server.watch(config.docs_dir)  # as `mkdocs serve` does before plugins' on_serve
    server.watch(config.config_file_path)
    server.watch(str(tmp_path / "theirs"))  # another plugin's on_serve
    served = mkdocs_adapter.on_serve(server, config, builder=None)
    watcher = served.observer
    assert isinstance(watcher, FileEventWatcher) and not watcher.polling
    ours = {str(project / name) for name in ("docs", "mkdocs.yml", "claims", "sources", "claimants", "people",
                                             "factdesk.yml")}
    assert watcher.paths == ours
    assert {emitter.watch.path for emitter in polled.emitters} == {str(tmp_path / "theirs")}
    served.unwatch(config.docs_dir)  # MkDocs' own calls go to the watcher, or to the polling observer
    served.unwatch(str(tmp_path / "theirs"))
    assert watcher.paths == ours - {str(project / "docs")} and not polled.emitters
    watcher.stop()
