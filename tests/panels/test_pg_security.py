"""On a shared PostgreSQL database the server decides who may read and write what.

Real logins on the real server: an assessor of one country's team cannot read or change
another's rounds, not through ctcap and not with plain SQL (as ``psql`` would send it);
members read only their own answers until reveal; only an independent reviewer of the
country's team approves; the acting person is the login, whatever ``--assessor`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from panels.panel_help import Ran, login_url, refused

pytestmark = pytest.mark.postgres


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg", "postgresql")


def _sql(url: str, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one statement as psql would, autocommitted; the rows it returns."""
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        cursor = connection.execute(statement, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def shared(
    postgres_url: str, make_login: Callable[[str], str], cli: Callable[..., Ran]
) -> dict[str, Any]:
    """KEN and TZA teams: alice, carl assess KEN; bob assesses TZA; rita reviews KEN;
    oscar reviews TZA. One draft round per country, made by its team."""
    names = {p: make_login(p) for p in ("alice", "carl", "bob", "rita", "oscar")}
    admin = postgres_url
    for who, role, country in (
        ("alice", "assessor", "KEN"), ("carl", "assessor", "KEN"), ("bob", "assessor", "TZA"),
        ("rita", "reviewer", "KEN"), ("oscar", "reviewer", "TZA"),
    ):  # fmt: skip
        assert cli("team", "grant", names[who], role, db=admin).code == 0
        assert cli("team", "add", names[who], country, db=admin).code == 0
    urls = {who: login_url(postgres_url, name) for who, name in names.items()}
    made = {}
    for who, country in (("alice", "KEN"), ("bob", "TZA")):
        ran = cli("assessments", "new", "--country", country, "--checklist", "minimal",
                  "--as-of", "2026-03-01", "--json", db=urls[who])  # fmt: skip
        assert ran.code == 0, ran.err
        made[country] = int(ran.out.split(":")[1].strip(" }\n"))
    return {"names": names, "urls": urls, "rounds": made, "admin": admin}


def test_a_team_member_cannot_read_or_change_another_countrys_rounds(
    shared: dict[str, Any], cli: Callable[..., Ran]
) -> None:
    alice, ken, tza = shared["urls"]["alice"], shared["rounds"]["KEN"], shared["rounds"]["TZA"]
    listed = cli("assessments", "list", "--json", db=alice)
    assert listed.code == 0 and f'"id": {ken}' in listed.out and f'"id": {tza}' not in listed.out
    refused(cli("assessments", "show", str(tza), db=alice), f"assessment {tza} not found")
    before = _sql(
        shared["admin"], "SELECT count(*) FROM answer_events WHERE assessment_id = %s", tza
    )
    refused(cli("assessments", "answer", str(tza), "sltd-reporting", "1", db=alice), "not found")
    # Plain SQL, as from psql: the other country's rows are not there to read or change.
    assert _sql(alice, "SELECT id FROM assessments ORDER BY id") == [(ken,)]
    assert _sql(alice, "UPDATE assessments SET title = 'x' WHERE id = %s RETURNING id", tza) == []
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(alice, "INSERT INTO answers (assessment_id, item_id, level, rationale, evidence, "
             "assessor, updated_at, version, needs_rescore) VALUES "
             "(%s, 'sltd-reporting', 1, '', '[]', 'x', now(), 1, false)", tza)  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _sql(alice, "DELETE FROM answer_events")  # the trail is append-only for everyone
    after = _sql(
        shared["admin"], "SELECT count(*) FROM answer_events WHERE assessment_id = %s", tza
    )
    assert before == after
    # Her own country's round she works on, as herself.
    assert cli("assessments", "answer", str(ken), "sltd-reporting", "3", db=alice).code == 0
    actors = _sql(shared["admin"], "SELECT actor FROM answer_events WHERE assessment_id = %s "
                  "ORDER BY seq", ken)  # fmt: skip
    assert actors == [(shared["names"]["alice"],)] * 2


def test_the_acting_person_is_the_login_not_a_typed_name(
    shared: dict[str, Any], cli: Callable[..., Ran]
) -> None:
    alice, ken = shared["urls"]["alice"], shared["rounds"]["KEN"]
    refused(
        cli("assessments", "answer", str(ken), "sltd-reporting", "3", "--assessor",
            shared["names"]["carl"], db=alice),
        "you act as your database login",
    )  # fmt: skip
    whoami = cli("team", "whoami", db=alice)
    assert whoami.out.strip() == f"{shared['names']['alice']}: assessor"


def test_members_read_only_their_own_answers_until_reveal_even_with_sql(
    shared: dict[str, Any], cli: Callable[..., Ran]
) -> None:
    names, urls, ken = shared["names"], shared["urls"], str(shared["rounds"]["KEN"])
    alice, carl = urls["alice"], urls["carl"]
    assert cli("panel", "create", ken, "--lead", names["alice"], "--member", names["carl"],
               db=alice).code == 0  # fmt: skip
    assert cli("panel", "answer", ken, "sltd-reporting", "2", db=alice).code == 0
    assert cli("panel", "answer", ken, "sltd-reporting", "5", db=carl).code == 0
    mine = "SELECT member, level FROM member_answers ORDER BY member"
    assert _sql(alice, mine) == [(names["alice"], 2)]
    assert _sql(carl, mine) == [(names["carl"], 5)]
    assert _sql(alice, "SELECT DISTINCT member FROM member_events") == [(names["alice"],)]
    refused(cli("panel", "add-member", ken, "nobody_here", db=alice), "not a login")
    # Carl's answer is not there to change; one in his name is refused.
    assert _sql(alice, "UPDATE member_answers SET level = 1 WHERE member <> session_user "
                "RETURNING id") == []  # fmt: skip
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(
            alice,
            "INSERT INTO member_answers (assessment_id, member, item_id, level, rationale, "
            "evidence, updated_at, version) VALUES (%s, %s, 'sltd-screening', 1, '', '[]', "
            "now(), 1)",
            int(ken),
            names["carl"],
        )
    refused(cli("panel", "reveal", ken, db=carl), "only the panel's lead")
    assert cli("panel", "reveal", ken, db=alice).code == 0
    assert len(_sql(carl, mine)) == 2
    refused(cli("panel", "answer", ken, "sltd-screening", "2", db=carl), "answers are closed")


def test_only_an_independent_reviewer_of_the_countrys_team_approves(
    shared: dict[str, Any], cli: Callable[..., Ran]
) -> None:
    names, urls, ken = shared["names"], shared["urls"], str(shared["rounds"]["KEN"])
    alice = urls["alice"]
    assert cli("panel", "create", ken, "--lead", names["alice"], "--member", names["carl"],
               db=alice).code == 0  # fmt: skip
    for who in ("alice", "carl"):
        for item in ("sltd-reporting", "sltd-screening"):
            assert cli("panel", "answer", ken, item, "3", db=urls[who]).code == 0
    for step in (("panel", "reveal", ken), ("panel", "adopt", ken), ("review", "submit", ken)):
        assert cli(*step, db=alice).code == 0, cli(*step, db=alice).err
    # Carl is a reviewer on Kenya's team too, but he scored this round.
    assert cli("team", "grant", names["carl"], "reviewer", db=shared["admin"]).code == 0
    refused(cli("review", "approve", ken, db=urls["carl"]), "did not score")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(urls["carl"], "UPDATE round_reviews SET state = 'approved', approved_by = "
             "session_user, reviewed_by = session_user")  # fmt: skip
    refused(cli("review", "approve", ken, db=urls["oscar"]), "not found")  # cannot even see it
    # An assessor cannot make it final, or approved, past the policy with plain SQL.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(alice, "UPDATE assessments SET status = 'final' WHERE id = %s", int(ken))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(alice, "UPDATE round_reviews SET state = 'approved', approved_by = %s, "
             "reviewed_by = %s", names["rita"], names["rita"])  # fmt: skip
    refused(cli("assessments", "finalize", ken, db=alice), "needs a reviewer's approval")
    approved = cli("review", "approve", ken, db=urls["rita"])
    assert approved.code == 0 and names["rita"] in approved.out, approved.err
    assert cli("assessments", "finalize", ken, db=alice).code == 0
    shown = cli("review", "status", ken, "--json", db=urls["carl"])
    assert f'"approved_by": "{names["rita"]}"' in shown.out


def test_a_reviewer_without_the_countrys_team_is_refused_by_name(
    shared: dict[str, Any], cli: Callable[..., Ran]
) -> None:
    """Oscar is a reviewer, and a manager (reads every country) but not on Kenya's team."""
    ken, oscar = str(shared["rounds"]["KEN"]), shared["names"]["oscar"]
    assert cli("team", "grant", oscar, "manager", db=shared["admin"]).code == 0
    alice = shared["urls"]["alice"]
    for item in ("sltd-reporting", "sltd-screening"):
        assert cli("assessments", "answer", ken, item, "3", db=alice).code == 0
    assert cli("review", "policy", "all", db=shared["admin"]).code == 0
    assert cli("review", "submit", ken, db=alice).code == 0
    refused(
        cli("review", "approve", ken, db=shared["urls"]["oscar"]),
        "not a reviewer on the Kenya team",
    )
    assert "in_review" in cli("review", "status", ken, "--json", db=alice).out
