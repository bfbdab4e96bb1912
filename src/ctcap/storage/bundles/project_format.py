"""The projects a bundle carries (format version 3), and their checks as histories.

An assessment's bundle carries the projects of its country that link items of its
checklist: each one's uid and identifier, its links with the content hash of the
checklist version each was checked against, and its whole audit chain (``project_audit``),
whose last event states the project as it stands, mark included. Reading checks each
chain as ``history`` checks the assessment's: the links and hashes, a time as ctcap
stamps it, one create first, each event's ``before`` the state the event before it left,
every state a project ctcap could have stored (``domain.projects.check_project``, written
back exactly as ``project_state`` writes it), the identifier never changing, and the last
state in the bundle's country, marked, linking what the part says it links. Each refusal
names the project and the rule it breaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ctcap.domain.projects import ItemLink, Project, check_project

from ..audit import GENESIS, chain_hash
from ..currencies import iso_currencies
from ..projects import _COLUMNS, project_from_values, project_state

if TYPE_CHECKING:
    from .format import BundleContent

_Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
_ItemId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
PROJECT_KINDS = ("create", "update", "link", "unlink", "import", "mark")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProjectEventPart(_Part):
    seq: Annotated[int, Field(ge=1)]
    kind: Literal["create", "update", "link", "unlink", "import", "mark"]
    actor: Annotated[str, StringConstraints(max_length=200)]
    at: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    before: dict[str, Any]
    after: dict[str, Any]
    prev_hash: _Hex64
    hash: _Hex64


class ProjectLinkPart(_Part):
    checklist: _ItemId
    item: _ItemId
    content_hash: _Hex64  # of the checklist version the link was checked against


class ProjectPart(_Part):
    uid: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
    identifier: Annotated[str, StringConstraints(min_length=1, max_length=150)]
    links: list[ProjectLinkPart]
    events: Annotated[list[ProjectEventPart], Field(min_length=1)]


def check_projects(content: BundleContent, version: int, name: str) -> None:
    """Refuse, naming the project and the rule, a bundle whose projects ctcap could not
    have written (or which a version before 3 should not have)."""
    from .format import PROJECTS_VERSION, canonical, refuse

    if content.projects and version < PROJECTS_VERSION:
        raise refuse(name, f"projects in a version {version} bundle", "content.projects")
    seen: set[str] = set()
    for n, part in enumerate(content.projects):
        problem = "listed twice" if {part.uid, part.identifier} & seen else None
        seen |= {part.uid, part.identifier}
        problem = problem or check_project_part(
            part, content.country.code, content.checklist.id, canonical
        )
        if problem is not None:
            where = f"content.projects.{n}"
            raise refuse(name, f"project {part.identifier[:60]!r}: {problem}", where)


_STATE_KEYS = frozenset((*_COLUMNS, "links"))
_FLAGS = ("approximate", "synthetic")
_NUMBERS = ("status", *(f"{p}{m}" for p in ("", "donor_") for m in ("budget", "committed",
                                                                     "disbursed")))  # fmt: skip


def _types_ok(state: dict[str, Any]) -> bool:
    """Each value of the type its column holds (text, flag, whole number or none)."""
    for key in _COLUMNS:
        value = state[key]
        if key in _FLAGS:
            ok = type(value) is bool
        elif key in _NUMBERS:
            ok = value is None or type(value) is int
        else:
            ok = value is None or isinstance(value, str)
        if not ok:
            return False
    return all(isinstance(text, str) for text in state["links"])


def state_project(state: dict[str, Any]) -> tuple[Project, str | None] | None:
    """The project (and mark) a state records, if it is one ctcap could have written."""
    keys = set(state) - {"mark"}
    mark = state.get("mark")
    if (
        keys != _STATE_KEYS
        or not isinstance(state["links"], list)
        or not (mark is None or (isinstance(mark, str) and 0 < len(mark) <= 40))
    ):
        return None
    if not _types_ok(state):
        return None
    try:
        links = [ItemLink(*text.split(":", 1)) for text in state["links"]]
        project = project_from_values(state, links)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return None
    written = project_state(project, mark or "")
    if mark is None:
        del written["mark"]
    return (project, mark) if written == state else None


def check_project_part(
    part: ProjectPart, country: str, checklist_id: str, canonical: Any
) -> str | None:
    """Why ``part`` is not a project history ctcap could have written, or None."""
    state: dict[str, Any] = {}
    prev = GENESIS
    for n, event in enumerate(part.events, start=1):
        before, after = (canonical(event.before).decode(), canonical(event.after).decode())
        digest = chain_hash(prev, part.uid, n, event.kind, None, event.actor, event.at, before,
                            after)  # fmt: skip
        if event.seq != n or event.prev_hash != prev or event.hash != digest:
            return f"audit chain broken at event {n}"
        problem = _event_problem(part, event, n, state)
        if problem is not None:
            return f"event {n} ({event.kind}): {problem}"
        prev, state = event.hash, event.after
    parsed = state_project(state)
    assert parsed is not None  # every state was checked
    project, mark = parsed
    if mark is None:
        return "its last event states no mark"
    if project.recipient_country != country:
        return f"not a project in the bundle's country {country}"
    linked = {str(ItemLink(link.checklist, link.item)) for link in part.links}
    if linked != {str(link) for link in project.links} or len(linked) != len(part.links):
        return "its links differ from its audit trail"
    if not any(link.checklist_id == checklist_id for link in project.links):
        return f"links no item of the bundle's checklist {checklist_id!r}"
    return None


def _event_problem(
    part: ProjectPart, event: ProjectEventPart, n: int, state: dict[str, Any]
) -> str | None:
    from .history import _stamp_ok

    if not _stamp_ok(event.at):
        return "malformed time (ctcap writes YYYY-MM-DDTHH:MM:SS.ffffffZ)"
    if (n == 1) != (event.kind == "create"):
        return "a history starts with one create event, and has no other"
    if event.before != state:
        return "its before is not the state the event before it left"
    parsed = state_project(event.after)
    if parsed is None:
        return "not a project as ctcap records one"
    project = parsed[0]
    if project.identifier != part.identifier:
        return "names another identifier"
    try:
        problems = check_project(project, iso_currencies())
    except (TypeError, ValueError):
        return "not a project as ctcap records one"
    if problems:
        return f"{problems[0][0]}: {problems[0][1]}"
    return None
