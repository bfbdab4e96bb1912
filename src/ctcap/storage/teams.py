"""Roles and country teams on a shared PostgreSQL database (``ctcap team``).

A login's *role* is membership of a PostgreSQL group role (``ctcap_assessor``,
``ctcap_reviewer``, ``ctcap_manager``, ``ctcap_admin``), which decides what it may do at
all; its *teams* (``team_members`` rows) decide which countries' rounds it may do it
on. Both are read by the row-level security policies of ``migrations/security_0005``,
so they hold for every client. Roles are cluster-wide (PostgreSQL's own), teams belong
to this database. Logins themselves are created by the server's administrator
(``CREATE ROLE alice LOGIN``), as with any PostgreSQL account. SQLite is single-user and
has neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ctcap.errors import CtcapError

from .countries import normalise_code
from .identity import is_postgres
from .panel_models import TeamMemberRow

ROLES = ("assessor", "reviewer", "manager", "admin")


@dataclass(frozen=True)
class TeamEntry:
    login: str
    roles: tuple[str, ...]
    countries: tuple[str, ...]


def _require_postgres(session: Session) -> None:
    if not is_postgres(session):
        raise CtcapError(
            "roles and country teams need a shared PostgreSQL database; a SQLite file is "
            "single-user (its actor is --assessor or the OS user)"
        )


def _require_login(session: Session, login: str) -> None:
    found = session.execute(
        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login}
    ).first()
    if found is None or not found[0]:
        raise CtcapError(
            f"{login!r} is not a login on this server (the server's administrator creates "
            "it: CREATE ROLE ... LOGIN)"
        )


def _role(role: str) -> str:
    if role not in ROLES:
        raise CtcapError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return f"ctcap_{role}"


def _run(session: Session, statement: str, what: str) -> None:
    try:
        with session.begin_nested():
            session.execute(text(statement))
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CtcapError(f"{what}: {reason}") from None


def grant_role(session: Session, login: str, role: str) -> None:
    _require_postgres(session)
    _require_login(session, login)
    quoted = session.get_bind().dialect.identifier_preparer.quote_identifier(login)
    _run(session, f"GRANT {_role(role)} TO {quoted}", f"grant {role} to {login}")


def revoke_role(session: Session, login: str, role: str) -> None:
    _require_postgres(session)
    _require_login(session, login)
    quoted = session.get_bind().dialect.identifier_preparer.quote_identifier(login)
    _run(session, f"REVOKE {_role(role)} FROM {quoted}", f"revoke {role} from {login}")


def add_to_team(session: Session, login: str, country: str, *, actor: str) -> None:
    _require_postgres(session)
    _require_login(session, login)
    from .repository import ensure_country, utcnow

    code = ensure_country(session, country).code
    if session.get(TeamMemberRow, (login, code)) is None:
        session.add(
            TeamMemberRow(login=login, country_code=code, added_by=actor, added_at=utcnow())
        )
        try:
            session.flush()
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise CtcapError(f"add {login} to the {code} team: {reason}") from None


def remove_from_team(session: Session, login: str, country: str) -> None:
    _require_postgres(session)
    code = normalise_code(country)
    session.execute(
        delete(TeamMemberRow).where(
            TeamMemberRow.login == login, TeamMemberRow.country_code == code
        )
    )


def team_list(session: Session) -> list[TeamEntry]:
    """Every login holding a ctcap role or on a team (an administrator sees them all)."""
    _require_postgres(session)
    roles: dict[str, list[str]] = {}
    for login, group in session.execute(
        text(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a "
            "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
            "WHERE g.rolname LIKE 'ctcap\\_%' AND m.rolcanlogin ORDER BY 1, 2"
        )
    ):
        roles.setdefault(login, []).append(group.removeprefix("ctcap_"))
    countries: dict[str, list[str]] = {}
    for row in session.scalars(select(TeamMemberRow).order_by(TeamMemberRow.login)):
        countries.setdefault(row.login, []).append(row.country_code)
    return [
        TeamEntry(login, tuple(roles.get(login, ())), tuple(sorted(countries.get(login, ()))))
        for login in sorted(set(roles) | set(countries))
    ]
