"""A panel member scoring every item of a round, for the concurrency test. Not a test module.

``URL ASSESSMENT``: connect (as the URL's login), print ``ready``, wait for ``go`` on
stdin, then answer every item twice, each write its own transaction: first a wrong
level, then the member's own level (``expected``), in an order of the member's own.
Prints ``done WRITES``.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys

from ctcap.storage import panels, reading, repository
from ctcap.storage.engine import open_database
from ctcap.storage.identity import acting_person


def expected(member: str, item_id: str) -> int:
    """The level ``member`` finally gives ``item_id``: 1-5, different across members."""
    return 1 + hashlib.sha256(f"{member}/{item_id}".encode()).digest()[0] % 5


def main(url: str, assessment_id: int) -> None:
    database = open_database(url)
    with database.read() as session:
        member = acting_person(session)
        info = reading.assessment_info(session, assessment_id)
        items = [
            i.id for i in repository.checklist_snapshot(session, info.checklist_version_id).items()
        ]
    random.Random(member).shuffle(items)
    os.write(1, b"ready\n")
    sys.stdin.readline()
    writes = 0
    for item in items:
        for level in (1 + expected(member, item) % 5, expected(member, item)):
            with database.write() as session:
                panels.record_member_answer(
                    session, assessment_id, member, item, level, rationale=f"{member}:{item}"
                )
            writes += 1
    database.close()
    os.write(1, f"done {writes}\n".encode())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
