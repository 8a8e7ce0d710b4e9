"""Outputs kept from one build to the next by a long-running preview server."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Texts kept under keys made of everything they were made from. A preview server rebuilds the
    whole site after every edit; with a memo, a page or an entry whose data did not change is
    taken from the last build instead of being rendered again. Only the keys used by the last
    build are kept, so the memo does not grow with every edit."""

    def __init__(self) -> None:
        self._values: dict[Hashable, object] = {}
        self._kept: dict[Hashable, object] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self._values.get(key)
        if value is None:
            value = self._kept.get(key)  # made earlier in this build
            if value is None:
                value = make()
        self._kept[key] = value
        return value  # type: ignore[return-value]  # keys are built so that each names one kind of value

    def end_build(self) -> None:
        """Forget what the build that just ended did not use."""
        self._values, self._kept = self._kept, {}
