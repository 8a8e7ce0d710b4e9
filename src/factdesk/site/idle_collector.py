"""Garbage collection for a preview server, done while it waits for the next edit.

A preview server keeps what one build parsed and rendered for the next: at 1,000 claims some
280,000 objects, most of them for as long as the server runs. Python's full collections walk every
one of them, and one fell inside most rebuilds, adding 0.2-0.3 s between an editor's save and the
page showing it (at 10,000 claims, several of 0.2-0.6 s each). So once a rebuild is over and the
server has been idle a moment, the collector collects once and freezes what survives
(`gc.freeze`), and the next rebuild runs with no collection at all: the cycles it leaves are
collected at the next idle moment, with what the frozen objects leave behind (they are unfrozen
first). A rebuild that starts before the last one's garbage was collected runs with collections,
as the first build does, so that a quick run of saves cannot grow the heap without bound.
"""

from __future__ import annotations

import gc
import threading

IDLE_SECONDS = 0.5
"""After a rebuild, long enough for the browser's reload (which the server answers) to be over."""


class IdleCollector:
    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._collected_since_build = False
        self.collections = 0

    def build_started(self) -> None:
        """A collection not yet begun waits for the next idle moment (one under way cannot stop)."""
        with self._lock:
            self._cancel_pending()
            if self._collected_since_build:
                gc.disable()

    def build_ended(self) -> None:
        with self._lock:
            self._cancel_pending()
            gc.enable()
            self._collected_since_build = False
            self._timer = threading.Timer(self._idle_seconds, self._collect)
            self._timer.daemon = True  # never keeps a stopped server from exiting
            self._timer.start()

    def stop(self) -> None:
        with self._lock:
            self._cancel_pending()
            gc.enable()

    def _cancel_pending(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _collect(self) -> None:
        with self._lock:
            if threading.current_thread() is not self._timer:
                return  # cancelled after it fired, before it took the lock
            self._timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        with self._lock:
            self._collected_since_build = True
            self.collections += 1
