"""The project's error types for bad input and refused operations.

Every face (CLI, TUI) catches ``CtcapError`` and shows its message on one line;
anything else escaping is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class CtcapError(Exception):
    """Bad input or a refused operation, with a message fit for the user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as precisely as known."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class InputFileError(CtcapError):
    """An input file (checklist, scale, bundle) has one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFoundError(CtcapError):
    """A country, checklist, assessment, item or level that does not exist."""


class InvalidAnswerError(CtcapError):
    """An answer that the item's scale does not allow."""


class FinalizedError(CtcapError):
    """A write to an assessment that has been finalized."""


class ConflictError(CtcapError):
    """A write based on a stale version: another assessor changed it first."""

    def __init__(self, message: str, current: object | None = None) -> None:
        self.current = current
        super().__init__(message)


class DatabaseError(CtcapError):
    """The database cannot be opened, read or written."""
