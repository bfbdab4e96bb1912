"""Four eyes on SQLite and PostgreSQL: who may approve, what a review freezes, the policy."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from ctcap.storage import consensus, panels, reading, review
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import Database
from ctcap.storage.models import AnswerEventRow
from panels.panel_help import new_round, panel_round


def _decided_panel_round(database: Database, checklist: Any) -> int:
    aid = panel_round(database, checklist)
    with database.write() as session:
        for member in ("ana", "ben", "cy"):
            for item in ("sltd-reporting", "sltd-screening"):
                panels.record_member_answer(session, aid, member, item, 3)
        panels.reveal(session, aid, actor="ana")
        consensus.adopt_unanimous(session, aid, actor="ana")
    return aid


def test_a_panel_round_needs_an_independent_approval_before_it_is_final(
    database: Database, minimal_checklist: Any
) -> None:
    aid = _decided_panel_round(database, minimal_checklist)
    with (
        pytest.raises(review.ReviewError, match="needs a reviewer's approval"),
        database.write() as s,
    ):
        repo.finalize(s, aid, actor="ana")
    with pytest.raises(review.ReviewError, match="not in review"), database.write() as s:
        review.approve(s, aid, actor="rev")
    with database.write() as session:
        review.submit(session, aid, actor="ana")
    with pytest.raises(review.ReviewError, match="takes no answers"), database.write() as s:
        repo.record_answer(s, aid, "sltd-reporting", 2, actor="ana", consensus=True)
    for scorer in ("ana", "cy"):  # the lead and a member scored it
        with pytest.raises(review.ReviewError, match="did not score"), database.write() as s:
            review.approve(s, aid, actor=scorer)
    with database.write() as session:
        approved = review.approve(session, aid, actor="rev", note="checked the sources")
    assert (approved.state, approved.approved_by) == ("approved", "rev")
    with database.write() as session:
        final = repo.finalize(session, aid, actor="ana")
    assert final.is_final and final.approved_by == "rev" and final.review_state == "approved"
    with database.read() as session:
        listed = reading.list_infos(session, "KEN")[0]
        assert (listed.approved_by, listed.approved_at) == (final.approved_by, final.approved_at)
        kinds = list(
            session.scalars(
                select(AnswerEventRow.kind).where(AnswerEventRow.assessment_id == aid)
                .order_by(AnswerEventRow.seq)
            )
        )  # fmt: skip
        assert verify_all(session)[1] is None
    assert kinds[-3:] == ["review", "review", "finalize"]
    assert kinds[:2] == ["create", "panel"] and "reveal" in kinds and "consensus" in kinds


def test_changes_requested_send_the_round_back_to_work_and_reopen_resets_it(
    database: Database, minimal_checklist: Any
) -> None:
    aid = _decided_panel_round(database, minimal_checklist)
    with database.write() as session:
        review.submit(session, aid, actor="ana")
    with pytest.raises(review.ReviewError, match="say what should change"), database.write() as s:
        review.request_changes(s, aid, actor="rev", note="")
    with database.write() as session:
        back = review.request_changes(session, aid, actor="rev", note="screening: see SOP 7")
    assert back.state == "changes_requested" and back.note == "screening: see SOP 7"
    with database.write() as session:  # the lead may answer again, as consensus
        consensus.record_consensus(
            session, aid, "sltd-screening", 2, actor="ana", rationale="SOP 7 is a draft"
        )
        review.submit(session, aid, actor="ana")
        review.approve(session, aid, actor="rev")
        repo.finalize(session, aid, actor="ana")
    with database.write() as session:
        repo.reopen(session, aid, actor="ana", reason="new evidence")
    with database.read() as session:
        info = review.review_info(session, aid)
    assert (info.state, info.approved_by) == ("draft", None)


def test_the_policy_decides_which_rounds_need_four_eyes(
    database: Database, minimal_checklist: Any
) -> None:
    plain = new_round(database, minimal_checklist)
    with database.write() as session:
        assert review.four_eyes_policy(session) == "panels"
        for item in ("sltd-reporting", "sltd-screening"):
            repo.record_answer(session, plain, item, 3, actor="ana")
        repo.finalize(session, plain, actor="ana")  # single assessor: finalize as before
        repo.reopen(session, plain, actor="ana", reason="policy now all")
        review.set_four_eyes_policy(session, "all", actor="admin")
    with pytest.raises(review.ReviewError, match="policy 'all'"), database.write() as s:
        repo.finalize(s, plain, actor="ana")
    with database.write() as session:  # a coordinator who scored nothing submits it
        review.submit(session, plain, actor="sam")
    with pytest.raises(review.ReviewError, match="submitted"), database.write() as s:
        review.approve(s, plain, actor="sam")
    with database.write() as session:
        review.set_four_eyes_policy(session, "off", actor="admin")
        assert not review.review_required(session, plain)
    with pytest.raises(review.ReviewError, match="use one of"), database.write() as s:
        review.set_four_eyes_policy(s, "sometimes", actor="admin")


def test_an_incomplete_round_cannot_go_to_review(
    database: Database, minimal_checklist: Any
) -> None:
    aid = new_round(database, minimal_checklist)
    with pytest.raises(review.ReviewError, match="unanswered"), database.write() as s:
        review.submit(s, aid, actor="ana")
    panel = panel_round(database, minimal_checklist)
    with pytest.raises(review.ReviewError, match="reveal the panel"), database.write() as s:
        review.submit(s, panel, actor="ana")
