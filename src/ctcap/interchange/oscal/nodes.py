"""Walking a foreign JSON document with the JSON pointer of every value at hand.

``LayoutError`` names the place (a JSON pointer, RFC 6901) and what is wrong there; the
reader turns it into the one line the user reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from . import NS
from .text import from_markup

# A document may say OSCAL's own namespace outright; it means the same as none.
OSCAL_NS = "http://csrc.nist.gov/ns/oscal"


class LayoutError(Exception):
    def __init__(self, pointer: str, message: str) -> None:
        self.pointer = pointer or "/"
        self.message = message
        super().__init__(f"{self.pointer}: {message}")


def _escape(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Node:
    value: Any
    pointer: str = ""

    def child(self, key: str | int) -> Node:
        return Node(self.value[key], f"{self.pointer}/{_escape(key)}")

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def get(self, key: str) -> Node | None:
        return self.child(key) if self.has(key) else None

    def members(self, key: str) -> list[Node]:
        """The members of the array ``key``; none when it is absent."""
        if not self.has(key):
            return []
        array = self.child(key)
        return [array.child(n) for n in range(len(array.value))]

    def markup(self, key: str) -> str | None:
        """A markup field as plain text, or None when absent."""
        return from_markup(self.value[key]) if self.has(key) else None

    def fail(self, message: str) -> NoReturn:
        raise LayoutError(self.pointer, message)


def is_ours(node: Node) -> bool:
    return node.has("ns") and node.value["ns"] == NS


def is_core(node: Node) -> bool:
    return not node.has("ns") or node.value["ns"] == OSCAL_NS


@dataclass(frozen=True)
class Props:
    """The props of one object in ctcap's namespace, by name; other props are ignored.

    Props in another namespace (or OSCAL's own, such as ``label`` or ``sort-id``) are
    presentation that a checklist has no field for.
    """

    owner: Node
    found: dict[str, list[tuple[str, Node]]]

    @classmethod
    def of(cls, owner: Node, allowed: frozenset[str] | None) -> Props:
        found: dict[str, list[tuple[str, Node]]] = {}
        for prop in owner.members("props"):
            if not is_ours(prop):
                continue
            name = prop.value["name"]
            if allowed is not None and name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                prop.fail(f"unknown ctcap property {name!r} here (known here: {known})")
            found.setdefault(name, []).append((prop.value["value"], prop))
        return cls(owner, found)

    def all(self, name: str) -> list[tuple[str, Node]]:
        return self.found.get(name, [])

    def one(self, name: str, *, required: bool = False) -> tuple[str, Node] | None:
        values = self.all(name)
        if len(values) > 1:
            values[1][1].fail(f"ctcap property {name!r} is given twice")
        if not values and required:
            self.owner.fail(f"no ctcap property {name!r} (ns {NS})")
        return values[0] if values else None


def as_int(value: str, node: Node) -> int:
    text = value.strip()
    if not text.lstrip("-").isdigit() or not text.isascii():
        node.fail(f"{value!r} should be a whole number")
    return int(text)


def as_float(value: str, node: Node) -> float:
    try:
        number = float(value)
    except ValueError:
        node.fail(f"{value!r} should be a number")
    if number != number or number in (float("inf"), float("-inf")):
        node.fail(f"{value!r} should be a finite number")
    return number


def as_bool(value: str, node: Node) -> bool:
    if value not in ("true", "false"):
        node.fail(f"{value!r} should be true or false")
    return value == "true"
