"""Full garbage collections wait for a pause in the typing (tui/idle_gc.py); like the
thread switch interval, the process-wide setting is restored when the app exits."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest

from ctcap.tui import idle_gc
from ctcap.tui.idle_gc import IdleCollector


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """Counts generation-2 collections, whoever starts them."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.collect()
    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def _survivors(count: int) -> list[list[Any]]:
    """Objects that live on, as an app's screens and caches do: they age into gen 2."""
    kept = []
    for _ in range(count):
        cycle: list[Any] = []
        cycle.append(cycle)
        kept.append(cycle)
    return kept


def test_python_alone_would_collect_everything_midway(full_collections: list[int]) -> None:
    # The baseline the collector changes: the same allocations set off full collections.
    # Python starts one when the survivors pending exceed a quarter of the long-lived
    # objects, so after a long test session the heap decides how many that takes.
    kept = _survivors(max(200_000, len(gc.get_objects()) // 2))
    assert full_collections, "no full collection without the idle collector"
    del kept


def test_no_full_collection_while_typing_then_one_at_the_pause(
    full_collections: list[int],
) -> None:
    clock = FakeClock()
    collector = IdleCollector(clock)
    threshold = gc.get_threshold()
    collector.start()
    try:
        kept = []
        for _ in range(40):  # typing: a key every 50 ms
            collector.note_input()
            kept.append(_survivors(5_000))
            clock.now += 0.05
            assert not collector.tick()
        assert gc.get_count()[2] >= threshold[2], "the test must pass Python's own schedule"
        assert full_collections == []

        clock.now += idle_gc.IDLE_S
        assert collector.tick()
        assert len(full_collections) == 1
        assert not collector.tick(), "one collection per pause, not one per check"
    finally:
        collector.stop()
    assert gc.get_threshold() == threshold


def test_a_tireless_typist_still_gets_collections(
    full_collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idle_gc, "LIMIT", 12)
    clock = FakeClock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        kept, ran = [], 0
        for _ in range(60):
            collector.note_input()
            kept.append(_survivors(5_000))
            clock.now += 0.05
            ran += collector.tick()
        assert ran >= 1
        assert len(full_collections) == ran
    finally:
        collector.stop()


def test_the_app_defers_full_collections_only_while_it_runs(tui_app: Any, helpers: Any) -> None:
    threshold = gc.get_threshold()

    async def run() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            assert app.idle_collector.running
            assert gc.get_threshold()[2] > 10_000

    asyncio.run(run())
    assert gc.get_threshold() == threshold


def test_the_app_shortens_the_thread_switch_interval_only_while_it_runs(
    tui_app: Any, helpers: Any
) -> None:
    """The database thread wins the GIL back sooner while the app runs; the process-wide
    setting is the caller's again once the app has gone."""
    import sys

    from ctcap.tui.app import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL_S

    async def run() -> None:
        app = tui_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await helpers.loaded(app, pilot)
            assert sys.getswitchinterval() == SWITCH_INTERVAL_S

    asyncio.run(run())
    assert sys.getswitchinterval() == before
