"""The scoring screen's answer book: optimistic changes, confirmations, rejections, undo."""

from __future__ import annotations

from datetime import datetime

from ctcap.domain.answers import Special
from ctcap.storage.records import AnswerRecord
from ctcap.tui.book import AnswerBook
from ctcap.tui.views import AnswerState


def record(
    item_id: str, response: int | Special | None, version: int, by: str = "me"
) -> AnswerRecord:
    return AnswerRecord(item_id, response, "why", ("doc",), by, datetime(2026, 3, 1), version)


def test_change_is_optimistic_and_confirmed_by_the_save() -> None:
    book = AnswerBook(1, {})
    job = book.change("a", AnswerState(3))
    assert job is not None and job.expected_version == 0 and not job.follows
    assert book.response("a") == 3 and book.saving
    book.saved(job.job_id, record("a", 3, 1))
    assert not book.saving and book.versions["a"] == 1


def test_a_second_change_in_flight_follows_the_first() -> None:
    book = AnswerBook(1, {})
    first = book.change("a", AnswerState(3))
    second = book.change("a", AnswerState(4))
    assert first is not None and second is not None and second.follows
    book.saved(first.job_id, record("a", 3, 1))
    assert book.response("a") == 4  # still waiting for the second
    book.saved(second.job_id, record("a", 4, 2))
    assert book.response("a") == 4 and book.versions["a"] == 2


def test_no_change_no_job() -> None:
    book = AnswerBook(1, {"a": record("a", 2, 1)})
    assert book.change("a", AnswerState(2, "why", ("doc",))) is None


def test_rejection_shows_the_stored_answer_and_forgets_the_undo() -> None:
    book = AnswerBook(1, {"a": record("a", 2, 1)})
    job = book.change("a", AnswerState(5, "why", ("doc",)))
    assert job is not None
    book.rejected(job.job_id, "a", record("a", 1, 2, by="yuki"))
    assert book.response("a") == 1 and book.versions["a"] == 2 and book.authors["a"] == "yuki"
    assert book.undo() is None


def test_failure_without_a_current_answer_reverts_to_the_confirmed_one() -> None:
    book = AnswerBook(1, {"a": record("a", 2, 1)})
    job = book.change("a", AnswerState(Special.NOT_APPLICABLE))
    assert job is not None
    book.rejected(job.job_id, "a", None)
    assert book.response("a") == 2


def test_undo_restores_the_state_before_the_last_change() -> None:
    book = AnswerBook(1, {})
    book.change("a", AnswerState(3))
    book.change("b", AnswerState(Special.NO_INFORMATION))
    job = book.undo()
    assert job is not None and job.item_id == "b" and job.state == AnswerState()
    assert book.response("b") is None
    job = book.undo()
    assert job is not None and job.item_id == "a"
    assert book.undo() is None


def test_redo_writes_again_what_undo_took_away_until_a_new_change() -> None:
    book = AnswerBook(1, {})
    book.change("a", AnswerState(3))
    book.change("a", AnswerState(4))
    book.change("b", AnswerState(Special.NOT_APPLICABLE))
    assert book.redo() is None  # nothing undone yet
    assert [book.undo().item_id for _ in range(2)] == ["b", "a"]  # type: ignore[union-attr]
    assert (book.response("a"), book.response("b")) == (3, None)
    job = book.redo()
    assert job is not None and (job.item_id, job.state) == ("a", AnswerState(4))
    assert book.response("a") == 4
    again = book.undo()  # a redone change can be undone again
    assert again is not None and again.state == AnswerState(3)
    assert book.redo() is not None and book.response("a") == 4
    book.change("c", AnswerState(2))  # a new change: the undone "b" cannot come back
    assert book.redo() is None
    assert book.response("b") is None


def test_a_rejected_undo_cannot_be_redone() -> None:
    book = AnswerBook(1, {"a": record("a", 2, 1)})
    change = book.change("a", AnswerState(5))
    assert change is not None
    book.saved(change.job_id, record("a", 5, 2))
    undo = book.undo()
    assert undo is not None
    book.rejected(undo.job_id, "a", record("a", 5, 2))
    assert book.response("a") == 5
    assert book.redo() is None
