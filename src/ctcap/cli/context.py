"""What every command shares: the database URL and the bundled checklists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ctcap.domain.model import Checklist
    from ctcap.storage.engine import Database


@dataclass
class Context:
    db_option: str | None
    allow_foreign: bool = False  # --db-init-foreign
    _database: Database | None = field(default=None, repr=False)

    @property
    def db_url(self) -> str:
        from ctcap.paths import resolve_db_url

        return resolve_db_url(self.db_option)

    def database(self) -> Database:
        if self._database is None:
            from ctcap.storage.engine import open_database

            self._database = open_database(self.db_url, allow_foreign=self.allow_foreign)
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


def bundled_dir() -> Path:
    from ctcap.paths import checklists_dir

    return checklists_dir()


def bundled_checklists() -> list[Checklist]:
    """Every bundled checklist; any problem in any of them stops the command."""
    from ctcap.errors import CtcapError, InputFileError
    from ctcap.loading.checklists import checklist_files, load_many

    directory = bundled_dir()
    loaded, problems = load_many(checklist_files(directory), directory)
    if problems:
        raise InputFileError(problems)
    seen: dict[str, str] = {}
    for checklist in loaded:
        if checklist.id in seen:
            raise CtcapError(f"two bundled checklists have the id {checklist.id!r}")
        seen[checklist.id] = checklist.title
    return loaded


def find_checklist(checklist_id: str) -> Checklist:
    """A bundled checklist by id, or a checklist file given by path."""
    from ctcap.errors import NotFoundError
    from ctcap.loading.checklists import load_checklist

    path = Path(checklist_id)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_checklist(path, bundled_dir())
    bundled = bundled_checklists()
    for checklist in bundled:
        if checklist.id == checklist_id:
            return checklist
    known = ", ".join(c.id for c in bundled)
    raise NotFoundError(f"unknown checklist {checklist_id!r} (bundled: {known})")


pass_context = click.make_pass_decorator(Context)

# Integer columns hold 32 bits on PostgreSQL; an id beyond them names no assessment.
MAX_ID = 2**31 - 1


class AssessmentId(click.ParamType):
    """An assessment id: a whole number; one too large for any database names nothing."""

    name = "integer"

    def convert(self, value: object, param: click.Parameter | None, ctx: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip(), 10)
            except ValueError:
                self.fail(f"{str(value)[:40]!r} is not an assessment id (a whole number)", param)
        if not 1 <= number <= MAX_ID:
            from ctcap.errors import NotFoundError

            shown = str(number) if len(str(number)) <= 30 else f"{str(number)[:30]}…"
            raise NotFoundError(f"assessment {shown} not found")
        return number


ASSESSMENT_ID = AssessmentId()
