"""Who is acting: the database login on PostgreSQL, the named or OS user on SQLite.

On a shared PostgreSQL database the acting person is ``session_user``, the login the
server authenticated: a typed ``--assessor`` cannot make anyone else the author of a
write. Administrators (superusers and members of ``ctcap_admin``) may still record in
another's name, e.g. when entering a paper form or importing a field bundle; their name
then comes from ``--assessor``, ``$CTCAP_ASSESSOR``, the config file, as on SQLite. A
SQLite file is single-user: the actor is ``config.default_assessor`` as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from ctcap.config import default_assessor
from ctcap.errors import CtcapError


@dataclass(frozen=True)
class Login:
    name: str
    admin: bool
    roles: tuple[str, ...]  # the ctcap roles it holds (PostgreSQL only)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


_ROLES = ("ctcap_admin", "ctcap_manager", "ctcap_assessor", "ctcap_reviewer")


def current_login(session: Session) -> Login | None:
    """The PostgreSQL login with its ctcap roles; None on SQLite."""
    if not is_postgres(session):
        return None
    checks = ", ".join(
        f"CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{r}') "
        f"THEN pg_has_role(session_user, '{r}', 'MEMBER') ELSE false END"
        for r in _ROLES
    )
    row = session.execute(
        text(
            f"SELECT session_user, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user), "
            f"{checks}"
        )
    ).one()
    name, superuser, *held = row
    roles = tuple(
        role.removeprefix("ctcap_") for role, has in zip(_ROLES, held, strict=True) if has
    )
    return Login(name=name, admin=bool(superuser) or "admin" in roles, roles=roles)


def acting_person(session: Session, claimed: str | None = None) -> str:
    """Who a write is recorded as. ``claimed`` is an explicit ``--assessor``, if any."""
    login = current_login(session)
    if login is None:
        return default_assessor(claimed)
    if login.admin:
        return default_assessor(claimed)
    if claimed and claimed != login.name:
        raise CtcapError(
            f"on PostgreSQL you act as your database login {login.name!r}; "
            f"--assessor {claimed!r} is refused (only administrators record for others)"
        )
    return login.name
