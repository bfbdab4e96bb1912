"""Full garbage collections while the assessor pauses, not while they type.

A full (generation 2) collection walks every object the app holds. On a portfolio of
195 countries × 20 rounds one took 100–130 ms, and four of them fell inside 120
scoring keys: they were the slowest keys. Python starts one on its own once ten young
collections have passed (and enough objects survived). While the app runs, automatic
full collections are off; the app runs one itself once that many young collections
have passed *and* no key or click has come for ``IDLE_S``, or, if the assessor never
pauses, after ``LIMIT`` young collections. Young collections run as usual (0.2–2 ms).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_S = 2.0
CHECK_EVERY_S = 0.5
LIMIT = 100  # young (generation 1) collections before a full one, pause or not
_NEVER = 1_000_000


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gen0, gen1, _ = self._saved
            gc.set_threshold(gen0, gen1, _NEVER)

    def stop(self) -> None:
        """Python's own schedule again (the app is closing)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def note_input(self) -> None:
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Collect if it is due; True if it ran."""
        if self._saved is None:
            return False
        pending = gc.get_count()[2]  # young collections since the last full one
        idle = self._clock() - self._last_input >= IDLE_S
        if (idle and pending >= self._saved[2]) or pending >= LIMIT:
            gc.collect()
            return True
        return False
