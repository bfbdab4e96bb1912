"""A scoring process that the trust tests drive, kill and race. Not a test module.

``zygote URL ASSESSMENT``: import everything once, then on each ``fork RUN`` line of
stdin fork a child that scores in a loop, printing ``ack ITEM VERSION RATIONALE``
after each commit, until it is killed. The zygote prints ``child PID`` and, once the
child is gone, ``dead PID SIGNAL``. Forking skips the interpreter start-up per kill.

``score URL ASSESSMENT RUN``: score in a loop as a zygote's child does, in this process,
printing ``ack ITEM VERSION RATIONALE`` after each commit, until a write fails (the
server was crashed): then ``failed`` and exit.

``hammer URL ASSESSMENT NAME COUNT``: after ``go`` on stdin, make COUNT increments of
a counter kept in the rationale of the same items another hammer also increments:
read the answer and its version, write counter + 1 with ``expected_version``, and on
a conflict take the current answer from the error (as the UI reloads it) and retry.
Prints ``ack ITEM VERSION COUNTER`` per acknowledged write, then ``done CONFLICTS``.
"""

from __future__ import annotations

import os
import sys
import traceback

from sqlalchemy import text

from ctcap.errors import ConflictError
from ctcap.storage import repository as repo
from ctcap.storage.engine import open_database

ITEMS = ("sltd-reporting", "sltd-screening")


def say(line: str) -> None:
    """One unbuffered write per line: a line is either wholly printed or not at all."""
    os.write(1, (line + "\n").encode())


def score_forever(url: str, assessment_id: int, run: int) -> None:
    database = open_database(url)
    if url.startswith("sqlite"):
        with database.read() as session:
            say(f"sync {session.execute(text('PRAGMA synchronous')).scalar()}")
    for n in range(1_000_000):
        item, level, rationale = ITEMS[n % 2], 1 + (run + n) % 5, f"r{run}-{n}"
        with database.write() as session:
            record = repo.record_answer(
                session, assessment_id, item, level, actor=f"run{run}", rationale=rationale
            )
        say(f"ack {item} {record.version} {rationale}")  # the commit has returned


def zygote(url: str, assessment_id: int) -> None:
    say("zygote ready")
    for line in sys.stdin:
        run = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                score_forever(url, assessment_id, run)
            except Exception:
                traceback.print_exc()
            finally:
                os._exit(0)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}")


def hammer(url: str, assessment_id: int, name: str, count: int) -> None:
    database = open_database(url)
    say("ready")
    sys.stdin.readline()  # "go": both hammers start together
    conflicts = 0
    for n in range(count):
        item = ITEMS[n % 2]
        with database.read() as session:
            seen = repo.get_assessment(session, assessment_id).answers.get(item)
        while True:
            version = seen.version if seen else 0
            counter = int(seen.rationale) if seen and seen.rationale else 0
            try:
                with database.write() as session:
                    record = repo.record_answer(
                        session,
                        assessment_id,
                        item,
                        1 + counter % 5,
                        actor=name,
                        rationale=str(counter + 1),
                        expected_version=version,
                    )
            except ConflictError as exc:
                conflicts += 1
                seen = exc.current  # type: ignore[assignment]
                continue
            say(f"ack {item} {record.version} {counter + 1}")
            break
    say(f"done {conflicts}")
    database.close()


if __name__ == "__main__":
    mode, url, aid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "zygote":
        zygote(url, aid)
    elif mode == "score":
        try:
            score_forever(url, aid, int(sys.argv[4]))
        except Exception:  # the server went away under a write: expected here
            say("failed")
    else:
        hammer(url, aid, sys.argv[4], int(sys.argv[5]))
