"""What supports a gap report's answers: evidence lines, confidence, flags, treaty notes."""

from __future__ import annotations

from datetime import date

from ctcap.domain.evidence import answer_flags
from ctcap.domain.marks import MarkScheme
from ctcap.domain.model import Item
from ctcap.domain.treaty import treaty_level
from ctcap.storage.records import AnswerRecord

from .common import evidence_lines
from .model import EvidenceLine


def evidence_missing(item: Item, level: int, on_file: tuple[str, ...]) -> tuple[str, ...]:
    """Evidence the checklist requires for the levels above ``level`` up to the target.

    Evidence already recorded with the answer (same reference, ignoring case) is left out.
    """
    have = {text.strip().casefold() for text in on_file}
    missing: list[str] = []
    for value in sorted(item.evidence_required):
        if level < value <= item.target:
            for text in item.evidence_required[value]:
                if text.strip().casefold() not in have and text not in missing:
                    missing.append(text)
    return tuple(missing)


def answer_support(
    answer: AnswerRecord | None, as_of: date, stale: int
) -> tuple[tuple[EvidenceLine, ...], str | None, tuple[str, ...], tuple[str, ...]]:
    """An answer's evidence lines, confidence, flags and treaty notes, as the report shows them."""
    if answer is None or answer.response is None:
        return (), None, (), ()
    lines = evidence_lines(answer.evidence, as_of, stale)
    confidence = answer.confidence.value if answer.confidence else None
    if answer.withheld is not None:
        flags: tuple[str, ...] = ("low confidence",) if confidence == "low" else ()
    else:
        flags = tuple(
            str(f) for f in answer_flags(answer.confidence, answer.evidence, as_of, stale)
        )
    treaty = treaty_level(answer.facts, as_of).notes if answer.facts is not None else ()
    return lines, confidence, flags, treaty


def withheld_label(answer: AnswerRecord | None, scheme: MarkScheme) -> str | None:
    return scheme.label(answer.withheld) if answer and answer.withheld else None
