"""The database thread: jobs start when queued, run one drain at a time, finish on close."""

from __future__ import annotations

import threading

from ctcap.tui.db_thread import DatabaseThread


def _raise(exc: Exception) -> None:
    raise AssertionError(f"the queue failed: {exc}")


def test_a_wake_runs_the_queue_on_the_database_thread() -> None:
    ran: list[str] = []
    done = threading.Event()

    def drain() -> None:
        ran.append(threading.current_thread().name)
        done.set()

    thread = DatabaseThread(drain, _raise)
    thread.wake()
    assert done.wait(5)
    assert thread.wait_idle(5)
    assert ran == ["ctcap-database"]
    thread.close(5)


def test_wakes_during_a_drain_run_it_again_never_two_at_once() -> None:
    started, release = threading.Event(), threading.Event()
    active, overlaps, runs = [0], [0], [0]
    lock = threading.Lock()

    def drain() -> None:
        with lock:
            active[0] += 1
            overlaps[0] = max(overlaps[0], active[0])
        started.set()
        release.wait(5)
        with lock:
            active[0] -= 1
            runs[0] += 1

    thread = DatabaseThread(drain, _raise)
    thread.wake()
    assert started.wait(5)
    for _ in range(5):
        thread.wake()  # while the first drain is blocked
    assert not thread.idle()
    release.set()
    assert thread.wait_idle(5)
    assert overlaps[0] == 1
    assert runs[0] == 2  # the first drain, then one more for the wakes during it
    thread.close(5)


def test_close_finishes_what_was_requested() -> None:
    started, release, finished = threading.Event(), threading.Event(), []

    def drain() -> None:
        started.set()
        release.wait(5)
        finished.append(1)

    thread = DatabaseThread(drain, _raise)
    thread.wake()
    assert started.wait(5)
    thread.wake()  # requested before close: must still run
    release.set()
    thread.close(5)
    assert finished == [1, 1]
    thread.wake()  # after close: ignored, no new thread
    assert thread.idle()


def test_a_failing_drain_is_reported_and_the_thread_carries_on() -> None:
    calls, errors = [0], []

    def drain() -> None:
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("disk gone")

    thread = DatabaseThread(drain, errors.append)
    thread.wake()
    assert thread.wait_idle(5)
    thread.wake()
    assert thread.wait_idle(5)
    thread.close(5)
    assert calls[0] == 2
    assert [str(e) for e in errors] == ["disk gone"]
