"""Helpers the evidence tests share."""

from __future__ import annotations

from in_process_cli import Ran as Ran


def one_line_error(ran: Ran, *needles: str) -> None:
    """Bad input: exit 1, one line on stderr naming what is wrong, no traceback."""
    assert ran.code == 1, (ran.code, ran.out, ran.err)
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert "Traceback" not in ran.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
