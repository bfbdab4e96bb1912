"""The floor: the same work done with the raw sqlite3 module and hand-written SQL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

TABLES = (
    "countries",
    "checklist_versions",
    "assessments",
    "answers",
    "answer_events",
    "round_scores",
)


def copy_with_executemany(source: Path, target: Path) -> float:
    """Insert every row of ``source`` into an empty copy of its schema; return the seconds.

    Same pragmas as ctcap (WAL, synchronous FULL), one transaction, executemany per table.
    """
    src = sqlite3.connect(source)
    schema = [
        r[0]
        for r in src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        )
    ]
    rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    dst.execute("PRAGMA foreign_keys = ON")
    for statement in schema:
        dst.execute(statement)
    start = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        if rows[table]:
            marks = ",".join("?" * len(rows[table][0]))
            dst.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
    dst.execute("COMMIT")
    elapsed = time.perf_counter() - start
    dst.close()
    return elapsed


# Per country × area score of each country's latest final assessment, per checklist,
# with ctcap's rules: level ÷ top × 100, N/A left out, "unknown" as the lowest level,
# weighted mean. (The fundamental cap needs item metadata; the raw floor leaves it out,
# which only makes the floor faster.) Item → area and weight come from an indexed temp
# table. The latest round is ranked with a window function: a correlated MAX(as_of)
# subquery per assessment was 3–4× slower on the full portfolio (140 ms against 40 ms),
# and the floor should be the fastest plain query we know, not a strawman.
# The same text runs on SQLite and PostgreSQL.
PORTFOLIO_SQL = """
WITH ranked AS (
  SELECT a.id, a.country_code, v.checklist_id,
         ROW_NUMBER() OVER (PARTITION BY a.country_code, v.checklist_id
                            ORDER BY a.as_of DESC, a.id DESC) AS rn
  FROM assessments a JOIN checklist_versions v ON v.id = a.checklist_version_id
  WHERE a.status = 'final'
)
SELECT l.country_code, l.checklist_id, m.area_id,
       SUM(m.weight * 100.0 * COALESCE(ans.level, m.lowest) / m.top) / SUM(m.weight)
FROM ranked l
JOIN answers ans ON ans.assessment_id = l.id
JOIN item_map m ON m.checklist_id = l.checklist_id AND m.item_id = ans.item_id
WHERE l.rn = 1 AND (ans.special IS NULL OR ans.special = 'unknown')
GROUP BY l.country_code, l.checklist_id, m.area_id
"""

ITEM_MAP_TABLE = (
    "CREATE TEMP TABLE item_map (checklist_id TEXT, item_id TEXT, area_id TEXT, "
    "weight DOUBLE PRECISION, lowest INTEGER, top INTEGER, PRIMARY KEY (checklist_id, item_id))"
)


def raw_portfolio(
    path: Path, item_map: list[tuple[str, str, str, float, int, int]]
) -> tuple[float, int]:
    """Seconds for the portfolio aggregate (item map loaded first, not timed)."""
    connection = sqlite3.connect(path)
    connection.execute(ITEM_MAP_TABLE)
    connection.executemany("INSERT INTO item_map VALUES (?,?,?,?,?,?)", item_map)
    start = time.perf_counter()
    rows = connection.execute(PORTFOLIO_SQL).fetchall()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, len(rows)


def raw_history(path: Path, country: str) -> float:
    connection = sqlite3.connect(path)
    start = time.perf_counter()
    connection.execute(
        "SELECT a.id, a.as_of, ans.item_id, ans.level, ans.special FROM assessments a "
        "JOIN answers ans ON ans.assessment_id = a.id WHERE a.country_code = ? "
        "ORDER BY a.as_of",
        (country,),
    ).fetchall()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed
