"""Panels on SQLite and PostgreSQL: blind until reveal, closed after, consensus linked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from ctcap.domain.answers import Special
from ctcap.errors import CtcapError
from ctcap.storage import consensus, panels, reading
from ctcap.storage import repository as repo
from ctcap.storage.audit import verify_all
from ctcap.storage.engine import Database
from ctcap.storage.panel_audit import verify_member_chains
from ctcap.storage.panel_models import MemberAnswerRow, MemberEventRow
from panels.panel_help import new_round, panel_round


def _score(database: Database, assessment_id: int, answers: dict[str, dict[str, Any]]) -> None:
    for member, items in answers.items():
        with database.write() as session:
            for item, response in items.items():
                panels.record_member_answer(
                    session, assessment_id, member, item, response, rationale=f"{member} says"
                )


SCORES = {
    "ana": {"sltd-reporting": 3, "sltd-screening": 1},
    "ben": {"sltd-reporting": 3, "sltd-screening": 4},
    "cy": {"sltd-reporting": 3, "sltd-screening": Special.NOT_APPLICABLE},
}


def test_members_see_only_their_own_answers_until_the_lead_reveals(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    _score(database, aid, SCORES)
    with database.read() as session:
        for member in ("ana", "ben", "cy"):
            view = panels.panel_view(session, aid, member)
            assert set(view.answers) == {member}
            assert (
                view.answers[member]["sltd-screening"].response == SCORES[member]["sltd-screening"]
            )
        outsider = panels.panel_view(session, aid, "rev")
        assert outsider.answers == {}
        assert [m.answered for m in panels.panel_info(session, aid).members] == [2, 2, 2]
        # Nothing of a member's answer is in the round's own trail (read by the whole team).
        assert "sltd-screening" not in json.dumps(
            [e.after for e in session.scalars(select(repo.audit.AnswerEventRow))]
        )
    with pytest.raises(panels.PanelError, match="only the panel's lead"), database.write() as s:
        panels.reveal(s, aid, actor="ben")
    with database.write() as session:
        panels.reveal(session, aid, actor="ana")
    with database.read() as session:
        view = panels.panel_view(session, aid, "ben")
        assert set(view.answers) == {"ana", "ben", "cy"}
        assert verify_all(session)[1] is None
        assert verify_member_chains(session) == (3, None)


def test_after_reveal_members_answers_are_closed_and_reveal_happens_once(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    _score(database, aid, SCORES)
    with database.write() as session:
        panels.reveal(session, aid, actor="ana")
    with pytest.raises(panels.PanelError, match="answers are closed"), database.write() as s:
        panels.record_member_answer(s, aid, "ben", "sltd-screening", 2)
    with pytest.raises(panels.PanelError, match="revealing is done once"), database.write() as s:
        panels.reveal(s, aid, actor="ana")
    with pytest.raises(panels.PanelError, match="no new members"), database.write() as s:
        panels.add_member(s, aid, "dan", actor="ana")
    with database.read() as session:
        assert panels.panel_view(session, aid, "ben").answers["ben"]["sltd-screening"].response == 4


def test_only_members_score_and_the_round_takes_only_consensus(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    with pytest.raises(panels.PanelError, match="not on the panel"), database.write() as s:
        panels.record_member_answer(s, aid, "eve", "sltd-reporting", 3)
    with pytest.raises(CtcapError, match="scored by a panel"), database.write() as s:
        repo.record_answer(s, aid, "sltd-reporting", 3, actor="ana")
    _score(database, aid, SCORES)
    with pytest.raises(panels.PanelError, match="reveal the panel first"), database.write() as s:
        consensus.record_consensus(s, aid, "sltd-reporting", 3, actor="ana", rationale="x")
    # A round with answers cannot become a panel round: its answers are no consensus.
    plain = new_round(database, minimal_checklist)
    with database.write() as session:
        repo.record_answer(session, plain, "sltd-reporting", 2, actor="ana")
    with pytest.raises(panels.PanelError, match="from empty"), database.write() as s:
        panels.create_panel(s, plain, lead="ana", members=["ben"], actor="ana")


def test_consensus_links_the_members_answers_and_scores_the_round(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    _score(database, aid, SCORES)
    with database.write() as session:
        panels.reveal(session, aid, actor="ana")
    with database.write() as session:
        adopted = consensus.adopt_unanimous(session, aid, actor="ana")
    assert [c.item_id for c in adopted] == ["sltd-reporting"]
    assert adopted[0].method == "adopted" and "All 3 members" in adopted[0].rationale
    with pytest.raises(panels.PanelError, match="own rationale"), database.write() as s:
        consensus.record_consensus(s, aid, "sltd-screening", 2, actor="ana", rationale=" ")
    with pytest.raises(panels.PanelError, match="only the panel's lead"), database.write() as s:
        consensus.record_consensus(s, aid, "sltd-screening", 2, actor="ben", rationale="x")
    with database.write() as session:
        decided = consensus.record_consensus(
            session, aid, "sltd-screening", 2, actor="ana", rationale="met in the middle"
        )
    assert [(s.member, s.version, s.response) for s in decided.sources] == [
        ("ana", 1, 1), ("ben", 1, 4), ("cy", 1, Special.NOT_APPLICABLE),
    ]  # fmt: skip
    with database.read() as session:
        assert reading.responses_of(session, aid) == {"sltd-reporting": 3, "sltd-screening": 2}
        stored = consensus.consensus_of(session, aid)
        assert stored["sltd-screening"].rationale == "met in the middle"
        assert stored["sltd-screening"].method == "decided"
        assert verify_all(session)[1] is None
    with database.write() as session:  # adopting again finds nothing left to adopt
        assert consensus.adopt_unanimous(session, aid, actor="ana") == []


def test_a_member_answer_edited_in_the_database_is_found(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    _score(database, aid, SCORES)
    with database.write() as session:
        session.execute(
            update(MemberAnswerRow)
            .where(MemberAnswerRow.member == "ben", MemberAnswerRow.item_id == "sltd-screening")
            .values(level=2)
        )
    with database.read() as session:
        broken = verify_member_chains(session, aid)[1]
    assert broken is not None and "member 'ben'" in broken.reason


def test_a_member_chain_rewritten_after_reveal_no_longer_matches_its_anchor(
    database: Database, minimal_checklist: Any
) -> None:
    aid = panel_round(database, minimal_checklist)
    _score(database, aid, SCORES)
    with database.write() as session:
        panels.reveal(session, aid, actor="ana")
    with database.write() as session:  # drop ben's last event and his answer to it
        last = session.scalars(
            select(MemberEventRow)
            .where(MemberEventRow.member == "ben")
            .order_by(MemberEventRow.seq.desc())
        ).first()
        assert last is not None
        session.delete(last)
        session.execute(
            update(MemberAnswerRow)
            .where(MemberAnswerRow.member == "ben", MemberAnswerRow.item_id == last.item_id)
            .values(level=None, special=None, rationale="", evidence="[]")
        )
    with database.read() as session:
        broken = verify_member_chains(session, aid)[1]
    assert broken is not None and "anchored at reveal" in broken.reason
