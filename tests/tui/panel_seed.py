"""A panel round for the TUI tests: Uganda, the seven-item test checklist, three members.

Each member's rationale names them (``SECRET-<member>``): a screen that showed another
member's answer before reveal would show that text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ctcap.domain.answers import Special

NA = Special.NOT_APPLICABLE
LEAD, MEMBERS = "ana", ("ana", "ben", "cy")
ANSWERS: dict[str, dict[str, Any]] = {
    "ana": {"sltd-reporting": 4, "sltd-screening": 2, "api-pnr": 3, "port-security": NA,
            "fiu": 3, "freezing": 2, "convention-1999": 5},
    "ben": {"sltd-reporting": 4, "sltd-screening": 4, "api-pnr": 3, "fiu": 3, "freezing": 2},
    "cy": {"sltd-reporting": 4, "sltd-screening": 5, "api-pnr": 3, "port-security": 3,
           "fiu": 2, "freezing": 2, "convention-1999": 1},
}  # fmt: skip


def seed_panel(url: str, checklists: Path, *, reveal: bool = False) -> int:
    """The panel round's id; revealed by its lead when ``reveal``."""
    from ctcap.loading.checklists import load_checklist
    from ctcap.storage import panels, repository
    from ctcap.storage.engine import open_database

    six = load_checklist(checklists / "tui-six.yaml", checklists)
    db = open_database(url)
    try:
        with db.write() as session:
            info = repository.create_assessment(
                session, country="UGA", checklist=six, as_of=date(2026, 3, 1), assessor=LEAD,
                origin="external",
            )  # fmt: skip
            panels.create_panel(session, info.id, lead=LEAD, members=MEMBERS[1:], actor=LEAD)
            for member, answers in ANSWERS.items():
                for item_id, response in answers.items():
                    panels.record_member_answer(
                        session, info.id, member, item_id, response,
                        rationale=f"SECRET-{member} on {item_id}",
                    )  # fmt: skip
            if reveal:
                panels.reveal(session, info.id, actor=LEAD)
        return info.id
    finally:
        db.close()


def stored_panel(url: str, assessment_id: int, viewer: str) -> Any:
    from ctcap.storage import consensus, panels, review
    from ctcap.storage.engine import open_database

    db = open_database(url)
    try:
        with db.read() as session:
            view = panels.panel_view(session, assessment_id, viewer)
            decided = consensus.consensus_of(session, assessment_id)
            state = review.review_info(session, assessment_id)
        return view, decided, state
    finally:
        db.close()
