"""What anyone with the format can do to a bundle: change it, rebuild every hash of the
chain and the checksum, and sign it again with a key of their own (or strip the
signature). The forged-bundle tests use these to show what still refuses it."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctcap.storage.audit import GENESIS
from ctcap.storage.bundles.format import EventPart, canonical, chain_hash
from ctcap.storage.bundles.signing import SigningKey

Change = Callable[[dict[str, Any]], None]
STAMP = "2026-03-02T10:00:00.000000Z"


def rechain(content: dict[str, Any]) -> None:
    prev, uid = GENESIS, content["assessment"]["uid"]
    for seq, event in enumerate(content["events"], start=1):
        event["seq"], event["prev_hash"] = seq, prev
        event["hash"] = prev = chain_hash(uid, prev, EventPart.model_validate(event))


def forged(
    document: dict[str, Any],
    change: Change,
    *,
    key: SigningKey | None = None,
    claim: str | None = None,
    keep_signature: bool = False,
) -> dict[str, Any]:
    """``document`` changed, re-chained and resealed; signed by ``key`` (naming ``claim``
    as the key, if given), left with its old signature, or unsigned."""
    spoiled = json.loads(json.dumps(document))
    change(spoiled["content"])
    rechain(spoiled["content"])
    spoiled["sha256"] = hashlib.sha256(canonical(spoiled["content"])).hexdigest()
    if key is not None:
        spoiled["signature"] = {
            "algorithm": "ed25519",
            "key": claim or key.key_id,
            "value": key.sign(spoiled["sha256"]),
        }
    elif not keep_signature:
        spoiled.pop("signature", None)
    return spoiled


def write(document: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def event(kind: str, item: str | None, after: Any, before: Any = None, **extra: Any) -> dict:
    """A new event as a forger writes it (hashes are filled in by ``rechain``)."""
    made = {
        "seq": 0, "kind": kind, "item": item, "actor": "mallory", "at": STAMP,
        "before": {} if before is None else before, "after": after,
        "prev_hash": "0" * 64, "hash": "0" * 64, **extra,
    }  # fmt: skip
    return made


def answer_state(level: Any, rationale: str = "") -> dict[str, Any]:
    return {"response": level, "rationale": rationale, "evidence": []}


def set_answer(content: dict[str, Any], item: str, level: Any, rationale: str = "") -> None:
    """Append an answer event and make the answers table agree with it (as a forger would)."""
    answers = {a["item"]: a for a in content["answers"]}
    previous = answers.get(item)
    before = {k: previous[k] for k in ("response", "rationale", "evidence")} if previous else {}
    content["events"].append(event("answer", item, answer_state(level, rationale), before))
    row = previous or {
        "item": item, "assessor": "mallory", "updated_at": "2026-03-02T10:00:00",
        "version": 0, "needs_rescore": False,
    }  # fmt: skip
    row.update(answer_state(level, rationale), version=row["version"] + 1)
    if previous is None:
        content["answers"].append(row)
    signer = content["events"][0].get("signer")
    if signer is not None:
        content["events"][-1]["signer"] = signer


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
