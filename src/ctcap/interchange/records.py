"""What an import hands to storage: projects with where each came from, and the rows it
could not place (codes or countries ctcap does not know), never dropped silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctcap.domain.projects import Project
from ctcap.errors import Problem


@dataclass(frozen=True)
class Imported:
    project: Project
    where: Problem  # file and line of the element or row (message unused)

    def at(self, path: str, message: str) -> Problem:
        """A problem with this project, located where it was read."""
        return Problem(self.where.file, self.where.line, self.where.column, path, message)


@dataclass
class ImportBatch:
    projects: list[Imported] = field(default_factory=list)
    unknown: list[Problem] = field(default_factory=list)  # rows ctcap cannot place
