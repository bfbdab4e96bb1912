"""No cyclic garbage collection during a bulk read or a report build.

Bulk reads create tens of thousands of small objects (rows, records, summaries) that
all live until the report is built. Each time enough of them pile up, the collector
walks them (and every object the process holds) and frees none: on the portfolio that
was a quarter of the data work. Reference counting still frees everything as usual;
any cycles left over are collected once the collector is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (no-op if it is already off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
