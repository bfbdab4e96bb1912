"""The checklist model: scales, items, areas, checklists.

These pydantic models *are* the YAML format: the JSON Schema committed at
``checklists/schema/checklist.schema.json`` is generated from ``ChecklistSpec``.
Only structure and single-field rules live here; rules that span fields
(unique ids, targets within the scale, ...) are in ``validation``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
)
from pydantic_core import PydanticCustomError

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", min_length=1, max_length=80)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]

# Validation context key: set when validating a checklist file (YAML), where every
# reference must give its kind. Stored snapshots are validated without it.
FILE_CONTEXT = "checklist_file"


def _real_date(text: str) -> str:
    """Refuse dates that match the pattern but do not exist, such as 2010-13-45."""
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(_real_date),
]


class AssistanceArea(StrEnum):
    """The nine capacity-building assistance areas of MOFA's 2010 paper, in its order."""

    IMMIGRATION_CONTROL = "immigration-control"
    AVIATION_SECURITY = "aviation-security"
    PORT_MARITIME_SECURITY = "port-maritime-security"
    CUSTOMS_COOPERATION = "customs-cooperation"
    EXPORT_CONTROL = "export-control"
    LAW_ENFORCEMENT_COOPERATION = "law-enforcement-cooperation"
    TERRORIST_FINANCING = "terrorist-financing"
    COUNTER_CBRN = "counter-cbrn"
    CT_CONVENTIONS = "ct-conventions"

    @property
    def title(self) -> str:  # type: ignore[override]  # shadows str.title on purpose
        return ASSISTANCE_AREA_TITLES[self]


ASSISTANCE_AREA_TITLES: dict[AssistanceArea, str] = {
    AssistanceArea.IMMIGRATION_CONTROL: "Immigration control",
    AssistanceArea.AVIATION_SECURITY: "Aviation security",
    AssistanceArea.PORT_MARITIME_SECURITY: "Port and maritime security",
    AssistanceArea.CUSTOMS_COOPERATION: "Customs cooperation",
    AssistanceArea.EXPORT_CONTROL: "Export control",
    AssistanceArea.LAW_ENFORCEMENT_COOPERATION: "Law enforcement cooperation",
    AssistanceArea.TERRORIST_FINANCING: "Combating terrorist financing",
    AssistanceArea.COUNTER_CBRN: "Counter-CBRN terrorism",
    AssistanceArea.CT_CONVENTIONS: "Counter-terrorism conventions and protocols",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    """One level of a scale."""

    value: int = Field(
        strict=True, ge=0, le=9, description="Numeric value; scores are value ÷ top value."
    )
    label: Text
    description: Text = Field(description="One line: what this level means on any item.")
    colour: Colour = Field(description="Hex colour used in the TUI and reports, e.g. #1a9850.")


class Scale(_Strict):
    """Ordered levels, lowest first. N/A and 'no information' are not levels."""

    id: Slug
    title: Text
    description: str = ""
    levels: list[Level] = Field(min_length=2)

    @property
    def values(self) -> list[int]:
        return [level.value for level in self.levels]

    @property
    def lowest(self) -> int:
        return self.levels[0].value

    @property
    def top(self) -> int:
        return self.levels[-1].value

    @property
    def second(self) -> int:
        return self.levels[1].value

    def level(self, value: int) -> Level:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)


class ReferenceKind(StrEnum):
    """How close a reference is to the text it stands for."""

    PRIMARY = "primary"  # the issuing body's own text: the adopting body, depositary or author
    SECONDARY = "secondary"  # anything else: copies, mirrors, summaries, news, commentary


_KIND_HELP = (
    "primary: the issuing body's own text (e.g. a UN document, a depositary's record, "
    "FATF, WCO, INTERPOL, WHO, IAEA, ICAO, IMO or a ministry's own page); "
    "secondary: anything else (copies, mirrors, summaries, news, commentary). "
    "Required in checklist files."
)


def _kind_required(schema: dict[str, Any]) -> None:
    # Checklist files must say what each reference is; only snapshots stored
    # before kinds were recorded lack one, and no file is ever written that way.
    kind = schema["properties"]["kind"]
    kind.pop("default", None)
    (given,) = [option for option in kind.pop("anyOf") if option.get("type") != "null"]
    kind.update(given)
    schema["required"] = sorted({*schema.get("required", []), "kind"})


class Reference(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_kind_required)

    title: Text
    kind: ReferenceKind | None = Field(default=None, validate_default=True, description=_KIND_HELP)
    url: str | None = None
    clause: str | None = None

    @field_validator("kind")
    @classmethod
    def _kind_given_in_files(
        cls, kind: ReferenceKind | None, info: ValidationInfo
    ) -> ReferenceKind | None:
        if kind is None and isinstance(info.context, dict) and info.context.get(FILE_CONTEXT):
            raise PydanticCustomError("missing", "required field is missing")
        return kind

    @model_serializer(mode="wrap")
    def _without_unrecorded_kind(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A snapshot stored before kinds existed must serialise exactly as it was stored.
        data = handler(self)
        if isinstance(data, dict) and data.get("kind") is None:
            data.pop("kind", None)
        return data


class Source(_Strict):
    title: Text
    publisher: Text
    date: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD.")
    url: str | None = None


class Item(_Strict):
    """One thing the assessor decides, scored on the checklist's scale."""

    id: Slug = Field(description="Stable across versions: history is matched on it.")
    title: Text
    question: Text = Field(description="What the assessor decides.")
    guidance: str = ""
    references: list[Reference] = Field(min_length=1)
    weight: float = Field(default=1.0, strict=True, gt=0, le=100)
    target: int = Field(
        strict=True, description="The level this item should reach (a scale value)."
    )
    assistance_area: AssistanceArea
    descriptors: dict[int, Text] = Field(
        description="What each level looks like for this item, keyed by level value."
    )
    evidence_required: dict[int, list[Text]] = Field(
        default_factory=dict, description="Evidence needed to support each level."
    )
    fundamental: bool = Field(
        default=False,
        description="While below target, caps its area's score (CJSART rule).",
    )
    example: str | None = Field(
        default=None, description="A worked example, e.g. one country's milestone."
    )
    facts: dict[str, str | int | bool] = Field(
        default_factory=dict, description="Cited facts about the item, e.g. year adopted."
    )
    tags: list[Slug] = Field(default_factory=list)


class Area(_Strict):
    id: Slug
    title: Text
    description: str = ""
    items: list[Item] = Field(min_length=1)


class ChecklistSpec(_Strict):
    """A checklist as written in YAML: the scale may be an id or inline."""

    id: Slug
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")]
    description: str = ""
    source: Source
    scale: Slug | Scale = Field(description="A scale id from checklists/scales/, or inline.")
    fundamental_cap: int | None = Field(
        default=None,
        strict=True,
        description="Level an area is capped at while a fundamental item is below target; "
        "default the scale's second level.",
    )
    synthetic: bool = Field(default=False, description="True for fictional demo content.")
    areas: list[Area] = Field(min_length=1)


class Checklist(ChecklistSpec):
    """A checklist with its scale resolved: what every other layer works with."""

    scale: Scale

    @property
    def cap_level(self) -> int:
        return self.fundamental_cap if self.fundamental_cap is not None else self.scale.second

    @cached_property
    def _index(self) -> dict[str, tuple[Item, Area]]:
        # Frozen model: the index is built once, on first use, and never goes stale.
        return {item.id: (item, area) for area in self.areas for item in area.items}

    def items(self) -> list[Item]:
        return [item for area in self.areas for item in area.items]

    def item(self, item_id: str) -> Item:
        return self._index[item_id][0]

    def area_of(self, item_id: str) -> Area:
        return self._index[item_id][1]


def canonical_json(checklist: ChecklistSpec) -> str:
    """The checklist as sorted, compact JSON: the snapshot stored with assessments."""
    import json

    return json.dumps(
        checklist.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(checklist: ChecklistSpec) -> str:
    import hashlib

    return hashlib.sha256(canonical_json(checklist).encode()).hexdigest()
