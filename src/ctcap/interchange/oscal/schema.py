"""Validation against the vendored NIST OSCAL v1.1.3 JSON schemas (see ``schemas/README.md``).

The schemas' patterns use Unicode property classes (``\\p{L}``) that Python's ``re``
rejects, so ``pattern`` and ``patternProperties`` are evaluated with the ``regex`` module,
with ECMA-262's ``$`` (end of input only, where Python's also matches before a final
newline).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import regex
from jsonschema import Draft7Validator, ValidationError, validators
from jsonschema.exceptions import best_match

from ctcap.errors import CtcapError
from ctcap.text import shown_line

from .model import OscalModel, dump, to_json

SCHEMAS = Path(__file__).resolve().parent / "schemas"
CATALOG_SCHEMA = "oscal_catalog_schema.json"
RESULTS_SCHEMA = "oscal_assessment-results_schema.json"


def ecma_pattern(pattern: str) -> str:
    """``pattern`` with each unescaped ``$`` outside a character class read as end of input."""
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return "".join(out)


@cache
def _compiled(pattern: str) -> Any:
    return regex.compile(ecma_pattern(pattern))


def _pattern(
    validator: Any, pattern: str, instance: object, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError("does not match the pattern this field requires")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: object, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    assert isinstance(instance, dict)
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _compiled(pattern).search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


OscalValidator = validators.extend(
    Draft7Validator, {"pattern": _pattern, "patternProperties": _pattern_properties}
)


@cache
def validator_for(schema_name: str) -> Any:
    """The validator of one vendored schema, built once per process."""
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    return OscalValidator(schema)


def json_pointer(path: Iterable[Any]) -> str:
    """RFC 6901: ``/catalog/groups/0/id``; ``/`` for the document itself."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


def one_line(text: str, limit: int = 160) -> str:
    """Text fit for one line of an error message: no control characters, bounded length."""
    return shown_line(" ".join(text.split()), limit)


def _describe(error: ValidationError) -> str:
    """A short message that never echoes a (possibly long or hostile) value in full."""
    if error.validator == "type":
        return f"should be of type {error.validator_value}"
    if error.validator == "minItems":
        return "should not be empty: leave the field out instead"
    if error.validator in ("enum", "const"):
        return f"should be one of {error.validator_value!r}"
    return one_line(error.message)  # the pattern message above never quotes the value


def schema_problem(document: object, schema_name: str) -> tuple[str, str] | None:
    """The most relevant schema error as (JSON pointer, message), or None when valid."""
    error = best_match(validator_for(schema_name).iter_errors(document))
    if error is None:
        return None
    return json_pointer(error.absolute_path), _describe(error)


def checked_json(document: OscalModel, schema_name: str, what: str) -> str:
    """The document as JSON text, after checking it against its schema.

    A document ctcap writes is always valid OSCAL; one that is not (a bug, or data no
    OSCAL field can hold) is refused rather than written.
    """
    problem = schema_problem(dump(document), schema_name)
    if problem is not None:
        raise CtcapError(f"{what}: cannot be written as valid OSCAL: {problem[0]}: {problem[1]}")
    return to_json(document)
