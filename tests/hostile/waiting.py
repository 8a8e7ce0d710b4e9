"""Waiting for a state, never for a time: a test of processes polls for what it asserts."""

from __future__ import annotations

import time
from collections.abc import Callable

DEADLINE = 120.0
"""Seconds to wait for a state that working code reaches in a few: only a broken one waits it out."""


def wait_until(condition: Callable[[], bool], deadline: float = DEADLINE) -> bool:
    """Whether `condition` became true before the deadline, polling it."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True
