"""PostgreSQL roles, privileges and row-level security of migration 0005 (frozen with it).

Who may do what is decided by the database, so a login with ``psql`` gets no further
than ctcap would let it:

- ``ctcap_admin``: every round, the teams (``team_members``) and the settings.
- ``ctcap_manager`` (programme manager): reads every country's rounds, writes none.
- ``ctcap_assessor``: reads and writes the rounds of the countries on its teams.
- ``ctcap_reviewer``: reads its teams' rounds; writes only review steps, and only on
  rounds it did not score (not a panel member, no answer event, not the submitter).

The acting person is ``session_user``. Before a panel is revealed a member reads only
their own answers and audit events; only members write their own; only the lead
reveals and records consensus; on a panel round the round's answers are written only
as consensus (by the lead, after reveal). Audit tables are append-only (no UPDATE or
DELETE is granted). A round becomes final only when the four-eyes rule (``settings``
``four_eyes``) is met. The owner that ran the migration is not subject to any of it.
"""

from __future__ import annotations

from collections.abc import Callable

ROLES = ("ctcap_assessor", "ctcap_reviewer", "ctcap_manager", "ctcap_admin")
RLS_TABLES = (
    "assessments",
    "answers",
    "answer_events",
    "round_scores",
    "imports",
    "panels",
    "panel_members",
    "member_answers",
    "member_events",
    "consensus",
    "consensus_sources",
    "round_reviews",
    "team_members",
    "proposals",
    "proposal_events",
)

_FUNCTIONS = {
    "ctcap_has_role(role_name text)": "SELECT pg_has_role(session_user, role_name, 'MEMBER')",
    "ctcap_is_admin()": "SELECT pg_has_role(session_user, 'ctcap_admin', 'MEMBER')",
    "ctcap_in_team(code text)": (
        "SELECT EXISTS (SELECT 1 FROM team_members t "
        "WHERE t.login = session_user AND t.country_code = code)"
    ),
    "ctcap_may_read(code text)": (
        "SELECT ctcap_is_admin() OR ctcap_has_role('ctcap_manager') OR ctcap_in_team(code)"
    ),
    "ctcap_may_write(code text)": (
        "SELECT ctcap_is_admin() OR (ctcap_has_role('ctcap_assessor') AND ctcap_in_team(code))"
    ),
    "ctcap_may_review(code text)": (
        "SELECT ctcap_is_admin() OR (ctcap_has_role('ctcap_reviewer') AND ctcap_in_team(code))"
    ),
    # Mirrors storage.review.review_required: final only once approved where it applies.
    "ctcap_final_allowed(aid integer)": """
        SELECT CASE coalesce((SELECT value FROM settings WHERE key = 'four_eyes'), 'panels')
          WHEN 'off' THEN true
          WHEN 'all' THEN EXISTS (SELECT 1 FROM round_reviews r
                                  WHERE r.assessment_id = aid AND r.state = 'approved')
          ELSE NOT EXISTS (SELECT 1 FROM panels p WHERE p.assessment_id = aid)
               OR EXISTS (SELECT 1 FROM round_reviews r
                          WHERE r.assessment_id = aid AND r.state = 'approved')
        END""",
}

READ = "assessment_id IN (SELECT a.id FROM assessments a)"
WRITE = "assessment_id IN (SELECT a.id FROM assessments a WHERE ctcap_may_write(a.country_code))"
REVIEW = "assessment_id IN (SELECT a.id FROM assessments a WHERE ctcap_may_review(a.country_code))"
REVEALED = "assessment_id IN (SELECT p.assessment_id FROM panels p WHERE p.revealed_at IS NOT NULL)"
UNREVEALED = "assessment_id IN (SELECT p.assessment_id FROM panels p WHERE p.revealed_at IS NULL)"
LEAD_REVEALED = (
    "assessment_id IN (SELECT p.assessment_id FROM panels p "
    "WHERE p.lead = session_user AND p.revealed_at IS NOT NULL)"
)
MY_PANEL = (
    "assessment_id IN (SELECT m.assessment_id FROM panel_members m WHERE m.member = session_user)"
)
LEAD = "assessment_id IN (SELECT p.assessment_id FROM panels p WHERE p.lead = session_user)"
# A round's answers: never beside a panel (only its consensus) nor while under review.
ANSWERABLE = (
    f"(assessment_id NOT IN (SELECT p.assessment_id FROM panels p) OR {LEAD_REVEALED}) AND "
    "assessment_id NOT IN (SELECT r.assessment_id FROM round_reviews r "
    "WHERE r.state IN ('in_review', 'approved'))"
)
INDEPENDENT = (
    f"NOT ({MY_PANEL}) AND assessment_id NOT IN (SELECT e.assessment_id FROM answer_events e "
    "WHERE e.kind = 'answer' AND e.actor = session_user) "
    "AND coalesce(submitted_by, '') <> session_user"
)
MEMBER_WRITE = f"member = session_user AND {WRITE} AND {UNREVEALED} AND {MY_PANEL}"
MEMBER_READ = f"{READ} AND (member = session_user OR {REVEALED})"

# (table, policy, command, USING, WITH CHECK)
_POLICIES: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("assessments", "read", "SELECT", "ctcap_may_read(country_code)", None),
    ("assessments", "add", "INSERT", None, "ctcap_may_write(country_code)"),
    (
        "assessments",
        "change",
        "UPDATE",
        "ctcap_may_write(country_code) OR ctcap_may_review(country_code)",
        "(ctcap_may_write(country_code) OR ctcap_may_review(country_code)) "
        "AND (status <> 'final' OR ctcap_final_allowed(id))",
    ),
    ("answers", "read", "SELECT", READ, None),
    ("answers", "add", "INSERT", None, f"{WRITE} AND {ANSWERABLE}"),
    ("answers", "change", "UPDATE", WRITE, f"{WRITE} AND {ANSWERABLE}"),
    ("answer_events", "read", "SELECT", READ, None),
    ("answer_events", "add", "INSERT", None, f"{WRITE} OR (kind = 'review' AND {REVIEW})"),
    ("round_scores", "read", "SELECT", READ, None),
    ("round_scores", "add", "INSERT", None, WRITE),
    ("round_scores", "change", "UPDATE", WRITE, WRITE),
    ("round_scores", "drop", "DELETE", WRITE, None),
    ("imports", "read", "SELECT", READ, None),
    ("imports", "add", "INSERT", None, WRITE),
    ("panels", "read", "SELECT", READ, None),
    ("panels", "add", "INSERT", None, WRITE),
    ("panels", "reveal", "UPDATE", f"{WRITE} AND lead = session_user", WRITE),
    ("panel_members", "read", "SELECT", READ, None),
    ("panel_members", "add", "INSERT", None, f"{WRITE} AND {UNREVEALED}"),
    (
        "panel_members",
        "change",
        "UPDATE",
        f"{WRITE} AND (member = session_user OR {LEAD})",
        WRITE,
    ),
    ("member_answers", "read", "SELECT", MEMBER_READ, None),
    ("member_answers", "add", "INSERT", None, MEMBER_WRITE),
    ("member_answers", "change", "UPDATE", MEMBER_WRITE, MEMBER_WRITE),
    ("member_events", "read", "SELECT", MEMBER_READ, None),
    ("member_events", "add", "INSERT", None, f"{MEMBER_WRITE} AND actor = session_user"),
    ("consensus", "read", "SELECT", READ, None),
    (
        "consensus",
        "add",
        "INSERT",
        None,
        f"{WRITE} AND {LEAD_REVEALED} AND actor = session_user",
    ),
    ("consensus_sources", "read", "SELECT", "consensus_id IN (SELECT c.id FROM consensus c)", None),
    (
        "consensus_sources",
        "add",
        "INSERT",
        None,
        "consensus_id IN (SELECT c.id FROM consensus c WHERE c.actor = session_user)",
    ),
    ("round_reviews", "read", "SELECT", READ, None),
    (
        "round_reviews",
        "submit",
        "INSERT",
        None,
        f"{WRITE} AND state IN ('draft', 'in_review') AND approved_by IS NULL",
    ),
    (
        "round_reviews",
        "resubmit",
        "UPDATE",
        WRITE,
        f"{WRITE} AND state IN ('draft', 'in_review') AND approved_by IS NULL",
    ),
    ("round_reviews", "reset", "DELETE", WRITE, None),
    (
        "round_reviews",
        "review",
        "UPDATE",
        REVIEW,
        f"{REVIEW} AND state IN ('changes_requested', 'approved') "
        f"AND reviewed_by = session_user AND coalesce(approved_by, session_user) = session_user "
        f"AND {INDEPENDENT}",
    ),
    ("team_members", "read", "SELECT", "login = session_user", None),
    # Proposals from published data (migration 0004) belong to a round like its answers.
    ("proposals", "read", "SELECT", READ, None),
    ("proposals", "add", "INSERT", None, WRITE),
    ("proposals", "change", "UPDATE", WRITE, WRITE),
    ("proposal_events", "read", "SELECT", READ, None),
    ("proposal_events", "add", "INSERT", None, WRITE),
)

_GRANTS = (
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {roles}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles}",
    "GRANT INSERT, UPDATE ON assessments, answers, countries, checklist_versions, round_scores, "
    "panels, panel_members, member_answers, round_reviews TO ctcap_assessor",
    "GRANT INSERT ON answer_events, imports, member_events, consensus, consensus_sources "
    "TO ctcap_assessor",
    "GRANT DELETE ON round_scores, round_reviews TO ctcap_assessor",
    "GRANT INSERT, UPDATE ON proposals TO ctcap_assessor",
    "GRANT INSERT ON proposal_imports, proposal_events TO ctcap_assessor",
    "GRANT UPDATE (updated_at) ON assessments TO ctcap_reviewer",
    "GRANT INSERT ON answer_events TO ctcap_reviewer",
    "GRANT UPDATE ON round_reviews TO ctcap_reviewer",
    "GRANT INSERT, UPDATE, DELETE ON settings, team_members TO ctcap_admin",
    "GRANT ctcap_assessor, ctcap_reviewer, ctcap_manager TO ctcap_admin WITH ADMIN OPTION",
)


def _create_roles() -> str:
    creates = "\n".join(
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF;"
        for role in ROLES
    )
    # Another database on the same server may create them at the same moment.
    return (
        f"DO $$ BEGIN {creates} "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def install(execute: Callable[[str], object]) -> None:
    execute(_create_roles())
    for signature, body in _FUNCTIONS.items():
        execute(
            f"CREATE OR REPLACE FUNCTION {signature} RETURNS boolean "
            f"LANGUAGE sql STABLE AS $body${body}$body$"
        )
    roles = ", ".join(ROLES)
    for grant in _GRANTS:
        execute(grant.format(roles=roles))
    for table in RLS_TABLES:
        execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        execute(
            f"CREATE POLICY ctcap_admin ON {table} FOR ALL "
            "USING (ctcap_is_admin()) WITH CHECK (ctcap_is_admin())"
        )
    for table, name, command, using, check in _POLICIES:
        clauses = (f" USING ({using})" if using else "") + (
            f" WITH CHECK ({check})" if check else ""
        )
        execute(f"CREATE POLICY ctcap_{name} ON {table} FOR {command}{clauses}")


def uninstall(execute: Callable[[str], object]) -> None:
    for table, name, *_ in _POLICIES:
        execute(f"DROP POLICY IF EXISTS ctcap_{name} ON {table}")
    for table in RLS_TABLES:
        execute(f"DROP POLICY IF EXISTS ctcap_admin ON {table}")
        execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    roles = ", ".join(ROLES)
    execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {roles}")
    execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {roles}")
    for signature in reversed(list(_FUNCTIONS)):
        execute(f"DROP FUNCTION IF EXISTS {signature}")


def grant_on_new_tables(execute: Callable[[str], object], grants: tuple[str, ...]) -> None:
    """Privileges on tables a later migration adds (``ON ALL TABLES`` covered only the
    tables that existed at 0005). Roles are cluster-wide and made at 0005."""
    roles = ", ".join(ROLES)
    for grant in grants:
        execute(grant.format(roles=roles))
