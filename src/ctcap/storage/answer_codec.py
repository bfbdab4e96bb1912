"""An answer's stored columns ↔ its record and its audit state, in both event formats.

Since 0008 an answer event records ``{response, rationale, evidence, confidence, facts,
mark}`` with evidence as entries. Events written before record ``{response, rationale,
evidence}`` with evidence as plain strings, and they must keep verifying as they were
hashed. ``normal_state`` reads either as the current shape (a string becomes an entry
of unknown type, as migration 0008 turned the table's strings into entries), so the
replay of any chain compares with the answers table, and bundles of either age merge.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from ctcap.domain.evidence import Confidence, EvidenceEntry, entries_from_json, legacy_entry
from ctcap.domain.treaty import TreatyFacts

NO_EVIDENCE = "[]"
STATE_KEYS = frozenset({"response", "rationale", "evidence", "confidence", "facts", "mark"})
LEGACY_KEYS = frozenset({"response", "rationale", "evidence"})


def evidence_of(text: str) -> tuple[EvidenceEntry, ...]:
    return () if text == NO_EVIDENCE else entries_from_json(json.loads(text))


def facts_of(text: str | None) -> TreatyFacts | None:
    return None if text is None else TreatyFacts.model_validate_json(text)


def confidence_of(text: str | None) -> Confidence | None:
    return None if text is None else Confidence(text)


def facts_json(facts: TreatyFacts | None) -> str | None:
    return None if facts is None else json.dumps(facts.as_json(), sort_keys=True)


def state_of(
    level: int | None,
    special: str | None,
    rationale: str,
    evidence: str,
    confidence: str | None,
    facts: str | None,
    mark: str | None,
) -> dict[str, Any]:
    """The answer as events record it (the current format)."""
    response: Any = special if special is not None else level
    return {
        "response": response,
        "rationale": rationale,
        "evidence": json.loads(evidence),
        "confidence": confidence,
        "facts": None if facts is None else json.loads(facts),
        "mark": mark,
    }


def _entry(item: Any) -> Any:
    if isinstance(item, str):
        return legacy_entry(item).as_json()
    return item


def normal_state(state: Any) -> dict[str, Any]:
    """An event's (or a bundle's) answer state in the current shape; {} for no answer."""
    if not isinstance(state, dict) or state.get("response") is None:
        return {}
    evidence = state.get("evidence", [])
    return {
        "response": state["response"],
        "rationale": state.get("rationale", ""),
        "evidence": [_entry(item) for item in evidence] if isinstance(evidence, list) else evidence,
        "confidence": state.get("confidence"),
        "facts": state.get("facts"),
        "mark": state.get("mark"),
    }


class Keep(Enum):
    """``record_answer``'s default for fields a write leaves as they are."""

    KEEP = "keep"


KEEP = Keep.KEEP
