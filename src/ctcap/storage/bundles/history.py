"""A bundle is checked as a history, not only as a checksum.

Anyone can rebuild a chain's hashes and the checksum, so each event must also be one
ctcap could have written, in an order ctcap could have written it: a known kind, a time
as ctcap stamps it, items of the bundle's own checklist, answers the scale allows, no
answer or decision while the assessment is final (until a reopen), one create, first.
The country must be the ISO one (names of real countries come from pycountry, never from
a bundle; only user-assigned codes may be fictional). Each refusal names the event and
the rule it breaks.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError as PydanticError

from ctcap.domain.evidence import EvidenceEntry
from ctcap.domain.model import Checklist
from ctcap.domain.treaty import TreatyFacts, check_facts

from ..answer_codec import LEGACY_KEYS, STATE_KEYS
from ..audit import GENESIS
from ..countries import is_user_assigned, iso_name
from .format import BundleContent, CountryPart, EventPart, ImportRecord, chain_hash, refuse, settled

KINDS = frozenset(
    {"create", "answer", "finalize", "reopen", "carry-forward", "import", "resolve", "mark"}
)
ITEM_KINDS = frozenset({"answer", "resolve"})
NOT_WHILE_FINAL = frozenset({"answer", "resolve", "carry-forward", "finalize"})
# As repository.stamp_now writes it: UTC, microseconds, "Z".
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
USER_ASSIGNED = "AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ"


def check_country(country: CountryPart, name: str) -> None:
    official = iso_name(country.code)
    where = "content.country"
    if official is not None:
        if country.fictional:
            raise refuse(
                name,
                f"{country.code} is a real country ({official}); only ISO user-assigned codes "
                f"({USER_ASSIGNED}) may be fictional",
                where,
            )
        if country.name != official:
            raise refuse(
                name,
                f"{country.name[:60]!r} is not the ISO 3166-1 name of {country.code} "
                f"({official!r}); names of real countries come from pycountry",
                f"{where}.name",
            )
    elif not is_user_assigned(country.code):
        raise refuse(name, f"unknown country {country.code!r}: not an ISO 3166-1 code", where)
    elif not country.fictional:
        raise refuse(
            name, f"{country.code} is an ISO user-assigned code: it must be marked fictional", where
        )


def check_history(content: BundleContent, checklist: Checklist, name: str) -> None:
    """Refuse a chain that is broken, or that ctcap could not have written."""
    check_country(content.country, name)
    rules = _Rules(checklist)
    uid, prev = content.assessment.uid, GENESIS
    replayed: dict[str, dict[str, Any]] = {}
    changes: dict[str, int] = {}
    status = "draft"
    for n, event in enumerate(content.events, start=1):
        where = f"content.events.{n - 1}"
        if event.seq != n or event.prev_hash != prev:
            raise refuse(name, f"audit chain broken at event {n}: missing or out of order", where)
        if event.hash != chain_hash(uid, prev, event):
            raise refuse(name, f"audit chain broken at event {n}: content does not match", where)
        prev = event.hash
        if event.kind == "import":
            try:
                ImportRecord.model_validate(event.after)
            except PydanticError:
                raise refuse(name, f"event {n} is not a well-formed import record", where) from None
        broken = rules.broken(event, n, status)
        if broken is not None:
            raise refuse(name, f"event {n} ({event.kind[:20]!r}): {broken}", where)
        if event.kind == "answer" and event.item is not None:
            replayed[event.item] = settled(event.after)
            changes[event.item] = changes.get(event.item, 0) + 1
        status = {"finalize": "final", "reopen": "draft"}.get(event.kind, status)
    _check_claims(content, status, name)
    _check_replay(content, replayed, changes, name)


def stated_handling(content: BundleContent) -> dict[str, Any]:
    """The round's type, team and marks as its chain last stated them ({} before 0008)."""
    stated: dict[str, Any] = {}
    for event in content.events:
        if event.kind in ("create", "mark") and "mark" in event.after:
            stated.update((k, v) for k, v in event.after.items() if k in HANDLING_KEYS)
    return stated


HANDLING_KEYS = ("assessment_type", "team", "mark", "names_mark")


def _check_claims(content: BundleContent, status: str, name: str) -> None:
    created = content.events[0].after  # what the chain itself says was assessed
    claimed = {
        "checklist": content.checklist.id,
        "version": content.checklist.version,
        "country": content.country.code,
        "as_of": content.assessment.as_of,
    }
    final = content.assessment.finalized_at is not None
    if (
        any(created.get(key) != value for key, value in claimed.items())
        or created.get("origin") not in ("self", "external", None)
        or status != content.assessment.status
        or final != (status == "final")
    ):
        raise refuse(name, "the assessment does not match its audit trail", "content.assessment")
    part = content.assessment.model_dump()
    for key, value in stated_handling(content).items():
        if part[key] != value:
            raise refuse(
                name, f"the assessment's {key} does not match its audit trail", "content.assessment"
            )


def _check_replay(
    content: BundleContent,
    replayed: dict[str, dict[str, Any]],
    changes: dict[str, int],
    name: str,
) -> None:
    answered = {a.item: a for a in content.answers}
    for item in sorted(set(answered) | set(replayed)):
        answer = answered.get(item)
        state = settled(answer.state()) if answer else {}
        if state != replayed.get(item, {}) or (answer and answer.version != changes.get(item, 0)):
            raise refuse(name, f"the answer to {item!r} does not match its audit trail")


class _Rules:
    """What one event may be, given the checklist and the status before it."""

    def __init__(self, checklist: Checklist) -> None:
        self.items = {item.id for item in checklist.items()}
        self.levels = set(checklist.scale.values)
        self.checklist = f"{checklist.id} {checklist.version}"

    def broken(self, event: EventPart, n: int, status: str) -> str | None:
        if event.kind not in KINDS:
            return f"unknown event kind (ctcap writes {', '.join(sorted(KINDS))})"
        if not _stamp_ok(event.at):
            return f"malformed time {event.at[:40]!r} (ctcap writes YYYY-MM-DDTHH:MM:SS.ffffffZ)"
        if (n == 1) != (event.kind == "create"):
            return "a history starts with one create event, and has no other"
        if status == "final" and event.kind in NOT_WHILE_FINAL:
            return "after the assessment was finalized, with no reopen between"
        if event.kind == "reopen" and status != "final":
            return "reopens an assessment that is not final"
        if (event.kind in ITEM_KINDS) != (event.item is not None):
            return "names no item" if event.item is None else "names an item it cannot have"
        if event.item is not None and event.item not in self.items:
            return f"item {event.item!r} is not in the bundle's checklist {self.checklist}"
        return self._content(event)

    def _content(self, event: EventPart) -> str | None:
        if event.kind == "answer":
            return self._state(event.before) or self._state(event.after)
        if event.kind == "resolve":
            kept, theirs = event.after.get("kept"), event.before.get("theirs")
            return self._state(kept) or self._state(theirs)
        if event.kind == "import":
            named = [*event.after.get("applied", [])]
            named += [conflict.get("item") for conflict in event.after.get("conflicts", [])]
            for conflict in event.after.get("conflicts", []):
                if (problem := self._state(conflict.get("theirs"))) is not None:
                    return problem
            return self._items(named)
        if event.kind == "mark":
            if not all(
                isinstance(event.after.get(key), str | None) for key in ("mark", "names_mark")
            ):
                return "not a mark record"
            return None
        if event.kind == "carry-forward":
            after = event.after
            lists = [after.get(key, []) for key in ("carried", "rescore", "added")]
            if not all(isinstance(names, list) for names in lists):
                return "not a carry-forward record"
            return self._items([item for names in lists for item in names])
        return None

    def _items(self, named: list[Any]) -> str | None:
        unknown = [item for item in named if item not in self.items]
        if unknown:
            return (
                f"item {str(unknown[0])[:80]!r} is not in the bundle's checklist {self.checklist}"
            )
        return None

    def _state(self, state: Any) -> str | None:
        """An answer as events record it: {}, or its response, rationale and evidence (and
        since 0008 its confidence, treaty facts and mark, evidence as entries)."""
        if state == {}:
            return None
        if not isinstance(state, dict) or set(state) not in (STATE_KEYS, LEGACY_KEYS):
            return "not an answer as ctcap records one"
        response = state["response"]
        level_ok = type(response) is int and response in self.levels
        if not (response is None or level_ok or response in ("na", "unknown")):
            return f"{str(response)[:20]!r} is not a level of the scale or na/unknown"
        evidence = state["evidence"]
        if not isinstance(state["rationale"], str) or not isinstance(evidence, list):
            return "not an answer as ctcap records one"
        if set(state) == LEGACY_KEYS:
            ok = all(isinstance(reference, str) for reference in evidence)
            return None if ok else "evidence that is not text"
        return _entries_problem(evidence) or _details_problem(state)


def _entries_problem(evidence: list[Any]) -> str | None:
    try:
        for entry in evidence:
            EvidenceEntry.model_validate(entry, strict=False)
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"evidence that is not an entry ({where}: {first['msg']})"
    return None


def _details_problem(state: dict[str, Any]) -> str | None:
    if state["confidence"] not in (None, "high", "medium", "low"):
        return f"unknown confidence {str(state['confidence'])[:20]!r}"
    mark = state["mark"]
    if mark is not None and not (isinstance(mark, str) and 0 < len(mark) <= 40):
        return "a mark that is not a level's name"
    if state["facts"] is not None:
        try:
            facts = TreatyFacts.model_validate(state["facts"])
        except PydanticError:
            return "treaty facts that are not facts"
        problems = [p for p in check_facts(facts, date.max) if "future" not in p[1]]
        if problems:
            return f"treaty facts: {problems[0][0]}: {problems[0][1]}"
    return None


def _stamp_ok(text: str) -> bool:
    if not STAMP.match(text):
        return False
    try:
        datetime.fromisoformat(text[:-1])
    except ValueError:
        return False
    return True
