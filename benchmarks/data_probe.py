"""The reports' data work, timed in a fresh process: prints JSON (seconds, medians).

    data_probe.py URL COUNTRY REPEAT [--raw PATH]

A fresh interpreter, as a CLI command has: the benchmark's own process holds the heap
of the portfolio it has just built, and the garbage collector walks it, which made the
same build take a third longer there. Each figure is a median of REPEAT runs after a
warm-up run; with ``--raw``, the hand-written SQLite queries on PATH are timed the same way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import median_call
from raw_sqlite import raw_history, raw_portfolio


def item_map() -> list[tuple[str, str, str, float, int, int]]:
    from ctcap.cli.context import bundled_checklists

    return [
        (c.id, item.id, area.id, item.weight, c.scale.lowest, c.scale.top)
        for c in bundled_checklists()
        for area in c.areas
        for item in area.items
    ]


def _warm_median(function: object, repeat: int) -> float:
    assert callable(function)
    function()
    return median_call(function, repeat)


def main() -> None:
    url, country, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    from ctcap.reports.gap import build_gap_report
    from ctcap.reports.history import build_history
    from ctcap.reports.portfolio import build_portfolio
    from ctcap.storage.engine import open_database

    database = open_database(url)
    result: dict[str, float] = {}
    with database.read() as session:
        result["gap"] = _warm_median(lambda: build_gap_report(session, country), repeat)
        result["history"] = _warm_median(lambda: build_history(session, country), repeat)
        result["portfolio"] = _warm_median(lambda: build_portfolio(session), repeat)
    database.close()
    if "--raw" in sys.argv:
        path = Path(sys.argv[sys.argv.index("--raw") + 1])
        mapping = item_map()
        result["raw_history"] = _warm_median(lambda: raw_history(path, country), repeat)
        result["raw_portfolio"] = _warm_median(lambda: raw_portfolio(path, mapping)[0], repeat)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
