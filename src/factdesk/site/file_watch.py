"""How a preview (`mkdocs serve`) learns that an editor saved a file.

MkDocs polls: it lists every watched file again every 0.5 s, so a save waits a quarter of a second
on average before anything sees it, and at 10,000 claims each poll looks at some 14,000 files,
edited or not. The system's file events (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW
on Windows) report a save at once and cost nothing while no file changes. They do not report
changes made from another machine, as on a network drive or a folder shared into a container or
virtual machine: there `FACTDESK_WATCH=polling` keeps MkDocs' polling.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from watchdog.events import (
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.factdesk")  # the logger MkDocs prints for the preview

WATCH_VARIABLE = "FACTDESK_WATCH"
POLLING = "polling"
POLLING_SECONDS = 0.5  # MkDocs' own interval

# Changes only. File events also report a file opened or closed unwritten, and every rebuild
# reads the watched files: with those, each rebuild would set off the next. A change of a file's
# times or mode counts (`touch mkdocs.yml` rebuilds, as with polling); reading a file changes none.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileAttribEvent,
]


class FileEventWatcher:
    """Stands in for the preview server's polling observer, which MkDocs calls through `schedule`,
    `unschedule`, `start`, `stop` and `join`. Where the system's file events cannot be had when
    watching starts (Linux limits inotify instances and watches per user), it polls instead.

    `polled` is the observer it stands in for: what others asked it to watch, and this watcher was
    not asked to take over, is still polled by it."""

    def __init__(self, polled: BaseObserver | None = None) -> None:
        self._polled = polled
        self._observer = _system_observer()
        # What was asked for, to ask a polling observer for the same if the file events fail.
        self._asked: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool]] = {}

    @property
    def polling(self) -> bool:
        return isinstance(self._observer, PollingObserver)

    @property
    def paths(self) -> set[str]:
        return {path for _, path, _ in self._asked.values()}

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False) -> ObservedWatch:
        watch = self._observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        self._asked[watch] = (handler, path, recursive)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        if watch in self._asked:
            del self._asked[watch]
            self._observer.unschedule(watch)  # a polling observer put in its place knows it too: watches are equal by path
        elif self._polled is not None:
            self._polled.unschedule(watch)

    def start(self) -> None:
        try:
            self._observer.start()
        except OSError as error:
            self._observer.stop()  # gives back the inotify instance, and the watches taken before the failure
            self._observer = _polling_instead(str(error))
            for handler, path, recursive in self._asked.values():
                self._observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
            self._observer.start()
        if not self.polling:
            log.info(f"factdesk: the preview learns of saves from the system's file events; if a save does "
                     f"not show (a network drive, a folder shared into a container), set {WATCH_VARIABLE}={POLLING}")
        if self._polled is not None and self._polled.emitters:
            self._polled.start()

    def stop(self) -> None:
        for observer in self._observers():
            observer.stop()  # also one never started: an inotify observer holds its instance from the start

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.join(timeout)

    def _observers(self) -> list[BaseObserver]:
        return [observer for observer in (self._observer, self._polled) if observer is not None]


def _system_observer() -> BaseObserver:
    if Observer is PollingObserver:
        return _polling_instead("watchdog has none for this system")
    try:  # inotify takes an instance here, and a watch per folder when watching starts
        return Observer()
    except OSError as error:
        return _polling_instead(str(error))


def _polling_instead(reason: str) -> PollingObserver:
    log.warning(f"factdesk: the system's file events are not available ({reason}); the preview "
                f"looks for changes every {POLLING_SECONDS} s instead")
    return PollingObserver(timeout=POLLING_SECONDS)


def watcher_for_preview(polled: BaseObserver, environment: Mapping[str, str] = os.environ) -> FileEventWatcher | None:
    """A watcher on the system's file events, or None where the editor asked for polling."""
    choice = environment.get(WATCH_VARIABLE, "").strip().lower()
    if choice == POLLING:
        return None
    if choice not in ("", "events"):
        log.warning(f"factdesk: {WATCH_VARIABLE}={environment[WATCH_VARIABLE]!r} is not known; "
                    f"set it to `{POLLING}` to look for changes by polling, or to `events` (the default)")
    return FileEventWatcher(polled)
