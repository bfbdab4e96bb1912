"""Mappings from published data to checklist items: the YAML format under checklists/mappings/.

A mapping says which published value (a WHO GHO indicator, a FATF rating, a UN treaty's
status) bears on which checklist item, why, and how the value becomes a level of the
item's scale. It is reviewed data, not code: these models are its format, and
``check_mapping`` holds it against the checklists it names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .model import Checklist, Reference, Slug, Text
from .treaty import TREATY_SCALE

Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")]
# A rating becomes a level of the target's scale, or "na" (not applicable).
RatingLevels = dict[str, int | Literal["na"]]
Path = tuple[Any, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """One checklist item that a published value bears on."""

    checklist: Slug
    item: Slug
    why: Text = Field(description="Why the value bears on the item, citing the facts.")
    ratings: RatingLevels | None = Field(
        default=None,
        description="FATF only: rating code → level for this item, replacing the file's "
        "table (ratings left out give no proposal).",
    )


class Band(_Strict):
    """Values above the previous band's bound, up to ``up_to``, become ``level``."""

    up_to: float = Field(ge=0, le=100)
    level: int = Field(strict=True)


class Indicator(_Strict):
    """A WHO Global Health Observatory indicator (its ``IndicatorCode``)."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$", max_length=80)]
    title: Text
    references: list[Reference] = Field(min_length=1)
    targets: list[Target] = Field(min_length=1)


class Rating(_Strict):
    """One FATF Recommendation (R.1–R.40) or Immediate Outcome (IO.1–IO.11)."""

    code: Annotated[
        str, StringConstraints(pattern=r"^(R\.([1-9]|[1-3][0-9]|40)|IO\.([1-9]|1[01]))$")
    ]
    subject: Text
    targets: list[Target] = Field(min_length=1)


class Treaty(_Strict):
    """A treaty deposited with the UN Secretary-General, by its UN Treaty Collection id."""

    id: Annotated[str, StringConstraints(pattern=r"^[IVXL]+-[0-9]+[a-z]?$")]
    title: Text
    references: list[Reference] = Field(min_length=1)
    targets: list[Target] = Field(min_length=1)


class _MappingBase(_Strict):
    id: Slug
    title: Text
    version: Version
    description: str = ""
    combine: Literal["lowest"] = Field(
        default="lowest",
        description="When several values bear on one item, propose the lowest level.",
    )


class GhoMapping(_MappingBase):
    source: Literal["who-gho"]
    bands: list[Band] = Field(min_length=1, description="How a 0–100 value becomes a level.")
    indicators: list[Indicator] = Field(min_length=1)


class FatfMapping(_MappingBase):
    source: Literal["fatf"]
    technical_compliance: RatingLevels = Field(description="R.n rating → level.")
    effectiveness: RatingLevels = Field(description="IO.n rating → level.")
    ratings: list[Rating] = Field(min_length=1)


class TreatyMapping(_MappingBase):
    """Treaty status tables: the level follows from the facts by ``domain.treaty``'s rule,
    so the mapping names only which item each treaty fills (on the instrument-status scale)."""

    source: Literal["untc"]
    treaties: list[Treaty] = Field(min_length=1)


AnyMapping = GhoMapping | FatfMapping | TreatyMapping
MAPPING_MODELS: dict[str, type[GhoMapping] | type[FatfMapping] | type[TreatyMapping]] = {
    "who-gho": GhoMapping,
    "fatf": FatfMapping,
    "untc": TreatyMapping,
}
SOURCE_TITLES = {
    "who-gho": "WHO Global Health Observatory",
    "fatf": "FATF consolidated assessment ratings",
    "untc": "UN Treaty Collection status",
}


Entry = Indicator | Rating | Treaty


def entries(mapping: AnyMapping) -> Sequence[Entry]:
    if isinstance(mapping, GhoMapping):
        return mapping.indicators
    if isinstance(mapping, FatfMapping):
        return mapping.ratings
    return mapping.treaties


def entry_key(entry: Entry) -> str:
    return entry.id if isinstance(entry, Treaty) else entry.code


def _list_name(mapping: AnyMapping) -> str:
    return {"who-gho": "indicators", "fatf": "ratings", "untc": "treaties"}[mapping.source]


def rating_table(mapping: FatfMapping, code: str, target: Target) -> RatingLevels:
    """The rating → level table that applies to ``code`` on ``target``."""
    if target.ratings is not None:
        return target.ratings
    return mapping.effectiveness if code.startswith("IO.") else mapping.technical_compliance


def _target_levels(mapping: AnyMapping, entry: Any, target: Target) -> Iterator[tuple[Path, Any]]:
    """Each level the mapping can give this target, with where it is written."""
    if isinstance(mapping, GhoMapping):
        for n, band in enumerate(mapping.bands):
            yield ("bands", n, "level"), band.level
    elif isinstance(mapping, TreatyMapping):
        return  # levels come from domain.treaty; the scale is checked in check_mapping
    else:
        table = rating_table(mapping, entry.code, target)
        where: Path = ()
        if target.ratings is None:
            where = (
                ("effectiveness",) if entry.code.startswith("IO.") else ("technical_compliance",)
            )
        for rating, level in table.items():
            yield (*where, rating), level


def check_mapping(
    mapping: AnyMapping, checklists: Mapping[str, Checklist]
) -> list[tuple[Path, str]]:
    """Problems that span the mapping and the checklists, as (path, message)."""
    problems: list[tuple[Path, str]] = []
    name = _list_name(mapping)
    problems += _check_unique(mapping, name)
    problems += _check_bands(mapping)
    if isinstance(mapping, FatfMapping):
        problems += _check_override_keys(mapping, name)
    reported: set[tuple[Path, str]] = set()
    for n, entry in enumerate(entries(mapping)):
        for t, target in enumerate(entry.targets):
            at: Path = (name, n, "targets", t)
            checklist = checklists.get(target.checklist)
            if checklist is None:
                known = ", ".join(sorted(checklists)) or "none"
                problems.append(
                    ((*at, "checklist"), f"unknown checklist {target.checklist!r} ({known})")
                )
                continue
            try:
                checklist.item(target.item)
            except KeyError:
                message = f"unknown item {target.item!r} in checklist {target.checklist!r}"
                problems.append(((*at, "item"), message))
                continue
            if isinstance(mapping, TreatyMapping) and checklist.scale.id != TREATY_SCALE:
                message = (
                    f"{target.checklist} is scored on {checklist.scale.id!r}; treaty status "
                    f"fills items on the {TREATY_SCALE} scale"
                )
                problems.append(((*at, "checklist"), message))
                continue
            for where, level in _target_levels(mapping, entry, target):
                path = (*at, "ratings", *where) if target.ratings is not None else where
                if level != "na" and level not in checklist.scale.values:
                    key = (path, checklist.scale.id)
                    if key not in reported:
                        reported.add(key)
                        allowed = ", ".join(str(v) for v in checklist.scale.values)
                        problems.append(
                            (
                                path,
                                f"level {level} is not on scale {checklist.scale.id!r} "
                                f"of {target.checklist}/{target.item} ({allowed})",
                            )
                        )
    return problems


def _check_unique(mapping: AnyMapping, name: str) -> list[tuple[Path, str]]:
    seen: dict[str, int] = {}
    problems: list[tuple[Path, str]] = []
    for n, entry in enumerate(entries(mapping)):
        key = entry_key(entry)
        if key in seen:
            field = "id" if isinstance(entry, Treaty) else "code"
            problems.append(((name, n, field), f"{key!r} is mapped twice (first at [{seen[key]}])"))
        else:
            seen[key] = n
    return problems


def _check_bands(mapping: AnyMapping) -> list[tuple[Path, str]]:
    if not isinstance(mapping, GhoMapping):
        return []
    bounds = [band.up_to for band in mapping.bands]
    if bounds != sorted(set(bounds)):
        return [(("bands",), "bands must rise: each up_to above the one before")]
    if bounds[-1] != 100:
        return [(("bands", len(bounds) - 1, "up_to"), "the last band must reach 100")]
    return []


def _check_override_keys(mapping: FatfMapping, name: str) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    for n, entry in enumerate(mapping.ratings):
        known = (
            mapping.effectiveness if entry.code.startswith("IO.") else mapping.technical_compliance
        )
        for t, target in enumerate(entry.targets):
            for rating in sorted(set(target.ratings or {}) - set(known)):
                where = (name, n, "targets", t, "ratings", rating)
                problems.append((where, f"{rating!r} is not a rating for {entry.code}"))
    return problems


def targets_of(mapping: AnyMapping, key: str) -> Sequence[Target]:
    for entry in entries(mapping):
        if entry_key(entry) == key:
            return entry.targets
    return ()
