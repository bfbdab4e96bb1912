"""Typed models of the subset of OSCAL v1.1.3 that ctcap writes: catalogs, assessment results.

Field names are the OSCAL JSON names with ``-`` written ``_``; ``dump`` turns a model into
OSCAL JSON (hyphenated keys, absent fields left out: OSCAL arrays may not be empty).
Only the fields ctcap fills are modelled; the vendored schemas are the authority.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _hyphenated(name: str) -> str:
    return name.replace("_", "-")


class OscalModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_hyphenated, populate_by_name=True
    )


def dump(model: OscalModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def to_json(document: OscalModel) -> str:
    """The document as OSCAL JSON text: indented, UTF-8 as is, control characters escaped."""
    return json.dumps(dump(document), indent=2, ensure_ascii=False) + "\n"


# Metadata and back matter ----------------------------------------------------------------


class Prop(OscalModel):
    name: str
    ns: str | None = None
    value: str
    class_: str | None = Field(default=None, alias="class")
    remarks: str | None = None


class Link(OscalModel):
    href: str
    rel: str | None = None
    text: str | None = None


class RLink(OscalModel):
    href: str


class Citation(OscalModel):
    text: str


class Resource(OscalModel):
    uuid: str
    title: str | None = None
    description: str | None = None
    props: list[Prop] | None = None
    citation: Citation | None = None
    rlinks: list[RLink] | None = None
    remarks: str | None = None


class BackMatter(OscalModel):
    resources: list[Resource]


class Metadata(OscalModel):
    title: str
    last_modified: str
    version: str
    oscal_version: str
    props: list[Prop] | None = None
    links: list[Link] | None = None
    remarks: str | None = None


# Catalog -----------------------------------------------------------------------------------


class Part(OscalModel):
    name: str
    id: str | None = None
    ns: str | None = None
    class_: str | None = Field(default=None, alias="class")
    title: str | None = None
    props: list[Prop] | None = None
    prose: str | None = None
    parts: list[Part] | None = None


class Guideline(OscalModel):
    prose: str


class Selection(OscalModel):
    how_many: Literal["one", "one-or-more"]
    choice: list[str]


class Param(OscalModel):
    id: str
    class_: str | None = Field(default=None, alias="class")
    props: list[Prop] | None = None
    label: str | None = None
    usage: str | None = None
    guidelines: list[Guideline] | None = None
    select: Selection | None = None


class Control(OscalModel):
    id: str
    title: str
    class_: str | None = Field(default=None, alias="class")
    props: list[Prop] | None = None
    links: list[Link] | None = None
    parts: list[Part] | None = None


class Group(OscalModel):
    id: str
    title: str
    class_: str | None = Field(default=None, alias="class")
    props: list[Prop] | None = None
    parts: list[Part] | None = None
    controls: list[Control] | None = None


class Catalog(OscalModel):
    uuid: str
    metadata: Metadata
    params: list[Param] | None = None
    groups: list[Group] | None = None
    back_matter: BackMatter | None = None


class CatalogDocument(OscalModel):
    catalog: Catalog


# Assessment results ------------------------------------------------------------------------


class ImportAp(OscalModel):
    href: str
    remarks: str | None = None


class SelectControl(OscalModel):
    control_id: str


class ControlSelection(OscalModel):
    description: str | None = None
    include_controls: list[SelectControl] | None = None


class ReviewedControls(OscalModel):
    description: str | None = None
    control_selections: list[ControlSelection]


class RelevantEvidence(OscalModel):
    href: str | None = None
    description: str
    props: list[Prop] | None = None


class Observation(OscalModel):
    uuid: str
    title: str | None = None
    description: str
    props: list[Prop] | None = None
    methods: list[str]
    types: list[str] | None = None
    relevant_evidence: list[RelevantEvidence] | None = None
    collected: str
    remarks: str | None = None


class TargetStatus(OscalModel):
    state: Literal["satisfied", "not-satisfied"]
    reason: Literal["pass", "fail", "other"] | None = None
    remarks: str | None = None


class FindingTarget(OscalModel):
    type: Literal["statement-id", "objective-id"]
    target_id: str
    title: str | None = None
    props: list[Prop] | None = None
    status: TargetStatus


class RelatedObservation(OscalModel):
    observation_uuid: str


class Finding(OscalModel):
    uuid: str
    title: str
    description: str
    props: list[Prop] | None = None
    target: FindingTarget
    related_observations: list[RelatedObservation] | None = None


class Result(OscalModel):
    uuid: str
    title: str
    description: str
    start: str
    end: str | None = None
    props: list[Prop] | None = None
    links: list[Link] | None = None
    reviewed_controls: ReviewedControls
    observations: list[Observation] | None = None
    findings: list[Finding] | None = None
    remarks: str | None = None


class AssessmentResults(OscalModel):
    uuid: str
    metadata: Metadata
    import_ap: ImportAp
    results: list[Result]
    back_matter: BackMatter | None = None


class AssessmentResultsDocument(OscalModel):
    assessment_results: AssessmentResults


def nonempty(items: list[Any]) -> list[Any] | None:
    """OSCAL arrays have at least one member: an empty list is written as no field."""
    return items or None
