"""The database thread: one long-lived thread that runs the job queue.

A Textual thread worker starts from an asyncio task, so its thread begins only when
the UI's event loop next gets round to it: after the keypress has been handled and
the screen repainted. A job queued for this thread starts at once instead (a wake is
a condition variable), and the thread stays for the next job. Jobs still run one at a
time in queue order (``drain`` takes the queue's drain lock) and reply with messages,
as the workers' jobs did.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class DatabaseThread:
    def __init__(
        self,
        drain: Callable[[], None],
        on_error: Callable[[Exception], None],
        name: str = "ctcap-database",
    ) -> None:
        self._drain = drain
        self._on_error = on_error
        self._name = name
        self._changed = threading.Condition()
        self._requested = False  # woken since the last drain began
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Run the queue now (or right after the drain in progress)."""
        with self._changed:
            if self._closed:
                return
            self._requested = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def idle(self) -> bool:
        with self._changed:
            return not self._requested and not self._busy

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is running or requested; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._requested and not self._busy, timeout)

    def close(self, timeout: float) -> None:
        """Finish what was requested, then stop the thread."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._requested or self._closed)
                if not self._requested:
                    return  # closed, and nothing left to do
                self._requested, self._busy = False, True
            try:
                self._drain()
            except Exception as exc:  # jobs report their own errors: this is the queue's
                self._on_error(exc)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
