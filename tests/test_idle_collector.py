"""A preview server collects garbage while it waits for the next edit, not during a rebuild."""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from factdesk.idle_collector import IdleCollector


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector frees it


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_after_a_build_it_collects_once_idle_and_freezes_what_survives(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    garbage = _Node()
    gone = weakref.ref(garbage)
    del garbage
    collector.build_ended()
    assert _wait_for(lambda: collector.collections == 1)
    assert gone() is None
    assert gc.get_freeze_count() > 0


def test_what_frozen_objects_leave_as_garbage_is_collected_at_the_next_idle_moment(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    kept = _Node()
    collector.build_ended()
    assert _wait_for(lambda: collector.collections == 1)
    gone = weakref.ref(kept)  # frozen with the rest, then dropped by the next build
    del kept
    gc.collect()
    assert gone() is not None  # a frozen object is out of every collection's reach
    collector.build_ended()
    assert _wait_for(lambda: collector.collections == 2)
    assert gone() is None


def test_a_build_that_starts_before_the_server_is_idle_puts_the_collection_off(unfrozen):
    collector = IdleCollector(idle_seconds=0.3)
    collector.build_ended()
    collector.build_started()
    time.sleep(0.6)
    assert collector.collections == 0
    collector.build_ended()
    assert _wait_for(lambda: collector.collections == 1)
    collector.stop()


def test_a_rebuild_after_an_idle_collection_runs_without_collections(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    try:
        collector.build_started()  # the first build: nothing collected yet
        assert gc.isenabled()
        collector.build_ended()
        assert _wait_for(lambda: collector.collections == 1)
        collector.build_started()
        assert not gc.isenabled()
        collector.build_ended()
        assert gc.isenabled()
        collector.build_started()  # before the last rebuild's garbage was collected
        assert gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()
