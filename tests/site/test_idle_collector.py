"""A preview server collects garbage while it waits for the next edit, not during a rebuild."""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from factdesk.site.idle_collector import IdleCollector

from ..waiting import wait_until

QUICK = 5.0
"""Seconds to wait for a collection: the collectors here collect after 0.3 s of idleness at most."""


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector frees it


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_after_a_build_it_collects_once_idle_and_freezes_what_survives(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    garbage = _Node()
    gone = weakref.ref(garbage)
    del garbage
    collector.build_ended()
    assert wait_until(lambda: collector.collections == 1, QUICK)
    assert gone() is None
    assert gc.get_freeze_count() > 0


def test_what_frozen_objects_leave_as_garbage_is_collected_at_the_next_idle_moment(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    kept = _Node()
    collector.build_ended()
    assert wait_until(lambda: collector.collections == 1, QUICK)
    gone = weakref.ref(kept)  # frozen with the rest, then dropped by the next build
    del kept
    gc.collect()
    assert gone() is not None  # a frozen object is out of every collection's reach
    collector.build_ended()
    assert wait_until(lambda: collector.collections == 2, QUICK)
    assert gone() is None


def test_a_build_that_starts_before_the_server_is_idle_puts_the_collection_off(unfrozen):
    collector = IdleCollector(idle_seconds=0.3)
    collector.build_ended()
    collector.build_started()
    time.sleep(0.6)
    assert collector.collections == 0
    collector.build_ended()
    assert wait_until(lambda: collector.collections == 1, QUICK)
    collector.stop()


def test_a_rebuild_after_an_idle_collection_runs_without_collections(unfrozen):
    collector = IdleCollector(idle_seconds=0.05)
    try:
        collector.build_started()  # the first build: nothing collected yet
        assert gc.isenabled()
        collector.build_ended()
        assert wait_until(lambda: collector.collections == 1, QUICK)
        collector.build_started()
        assert not gc.isenabled()
        collector.build_ended()
        assert gc.isenabled()
        collector.build_started()  # before the last rebuild's garbage was collected
        assert gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()
