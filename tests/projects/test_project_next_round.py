"""``new --from`` (``rounds.start_next_round``) leaves projects as they are: a link names a
country, a checklist and an item, never a round, so the next round, even on a version
that rewords a linked item, changes no project, link, link version, mark or chain; the
new round then serves as the linked item's "after", flagged as reworded."""

from __future__ import annotations

from datetime import date
from typing import Any

from ctcap.domain.before_after import Outcome
from ctcap.domain.projects import ItemLink
from ctcap.storage import repository
from ctcap.storage.engine import open_database
from ctcap.storage.project_audit import events, verify_projects
from ctcap.storage.project_reading import before_after
from ctcap.storage.projects import add_project, get_project
from ctcap.storage.rounds import start_next_round

from .conftest import project, rounds


def _snapshot(session: Any, identifier: str) -> tuple[Any, ...]:
    record = get_project(session, identifier)
    trail = tuple(e.hash for e in events(session, record.id))
    return record.project, dict(record.link_versions), record.mark, record.updated_at, trail


def test_the_next_round_keeps_every_link_and_chain(db_url: str, bundled: Any) -> None:
    database = open_database(db_url)
    minimal = bundled["minimal"]
    (first,) = rounds(database, minimal, "KEN", [(date(2023, 6, 30), 2)])
    links = (ItemLink("minimal", "sltd-reporting"), ItemLink("minimal", "sltd-screening"))
    with database.write() as session:
        add_project(session, project(links=links, actual_end="2024-06-30"), actor="ana",
                    checklists=bundled, mark="GREEN")  # fmt: skip
        kept = _snapshot(session, "XM-TEST-1")
    area = minimal.areas[0]
    reworded = area.items[0].model_copy(update={"question": "Is it reported every day?"})
    assert reworded.id == "sltd-reporting"
    version2 = minimal.model_copy(
        update={"version": "1.1", "areas": [area.model_copy(update={"items": [reworded,
                                                                            *area.items[1:]]})]}
    )  # fmt: skip
    with database.write() as session:
        nxt = start_next_round(session, first, version2, date(2025, 6, 30), "ana")
        assert nxt.rescore == ("sltd-reporting",) and "sltd-screening" in nxt.carried
        repository.record_answer(session, nxt.info.id, "sltd-reporting", 4, actor="ana")
        repository.finalize(session, nxt.info.id, actor="ana")
    with database.read() as session:
        assert _snapshot(session, "XM-TEST-1") == kept  # nothing about the project changed
        assert verify_projects(session) == (1, None)
        record = get_project(session, "XM-TEST-1")
        changes = {c.item_id: c for c in before_after(session, [record])[record.id]}
    database.close()
    reporting, screening = changes["sltd-reporting"], changes["sltd-screening"]
    assert reporting.after is not None and reporting.after.id == nxt.info.id
    assert reporting.before is not None and reporting.before.id == first
    assert reporting.reworded and reporting.outcome == Outcome.CLOSED
    assert screening.after is not None and screening.after.id == nxt.info.id
    assert not screening.reworded
