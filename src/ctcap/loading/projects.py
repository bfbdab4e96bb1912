"""YAML files of projects (``format: ctcap-projects``) and of CRS column mappings
(``format: ctcap-crs-mapping``) → domain objects, with every problem located.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ctcap.domain.model import AssistanceArea
from ctcap.domain.projects import ItemLink, Money, Project, Scheme, Status, parse_amount
from ctcap.errors import InputFileError, Problem

from .checklists import display_path, validate_model
from .yaml_reader import YamlDocument, read_yaml


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError('an amount is digits, e.g. 861000000 or "12.50"')
    return parse_amount(str(value))


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Link = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MoneySpec(_Strict):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    budget: Amount | None = None
    committed: Amount | None = None
    disbursed: Amount | None = None

    def money(self) -> Money:
        return Money(self.currency, self.budget, self.committed, self.disbursed)


class ProjectSpec(_Strict):
    """One project as written in YAML: every field but identifier, title and funder optional."""

    identifier: str
    title: str
    funding_org: str
    funding_org_ref: str = ""
    reporting_org: str = ""
    reporting_org_ref: str = ""
    implementing_org: str = ""
    implementing_org_ref: str = ""
    description: str = ""
    programme: str = ""
    scheme: Scheme | None = None
    status: Status | None = None
    recipient_country: str | None = None
    recipient_region: str | None = None
    parent: str | None = None
    area: AssistanceArea | None = None
    decided: PartialDate | None = None
    planned_start: PartialDate | None = None
    planned_end: PartialDate | None = None
    actual_start: PartialDate | None = None
    actual_end: PartialDate | None = None
    money: MoneySpec = Field(default_factory=MoneySpec)
    donor_money: MoneySpec = Field(default_factory=MoneySpec)
    approximate: bool = False
    source: str = ""
    synthetic: bool = False
    note: str = ""
    links: list[Link] = Field(default_factory=list)

    def project(self) -> Project:
        data = self.model_dump(exclude={"money", "donor_money", "links"})
        links = tuple(ItemLink(*link.split(":", 1)) for link in self.links)
        return Project(
            **data, money=self.money.money(), donor_money=self.donor_money.money(), links=links
        )


class ProjectsFile(_Strict):
    format: Literal["ctcap-projects"]
    version: Literal[1]
    description: str = ""
    projects: list[dict[str, Any]] = Field(min_length=1)


def load_projects(path: Path) -> list[tuple[Project, Problem]]:
    """Every project of a ``ctcap-projects`` YAML file, each with where it is written."""
    doc = read_yaml(path, display_path(path))
    header, problems = validate_model(ProjectsFile, doc.data, doc)
    if header is None:
        raise InputFileError(problems)
    found: list[tuple[Project, Problem]] = []
    for index, raw in enumerate(header.projects):
        at = ("projects", index)
        spec, more = validate_model(ProjectSpec, raw, doc, at)
        problems += more
        if spec is not None:
            found.append((spec.project(), doc.problem(at, "")))
    if problems:
        raise InputFileError(problems)
    return found


class PurposeSpec(_Strict):
    name: str = Field(description="The DAC purpose code's name, as the OECD lists it.")
    area: AssistanceArea
    why: str = Field(description="Why this code maps to this area: the reviewer's reason.")


class CrsMapping(_Strict):
    """How OECD CRS rows become projects: reviewed data, not code."""

    format: Literal["ctcap-crs-mapping"]
    version: Literal[1]
    reviewed: str = Field(description="Who reviewed the mapping, and when.")
    amount_unit: int = Field(gt=0, description="CRS amounts are given in this many dollars.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    recipients: dict[str, Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]]
    purpose_codes: dict[str, PurposeSpec]
    flows: dict[str, Scheme] = Field(default_factory=dict)


def load_crs_mapping(path: Path) -> tuple[CrsMapping, YamlDocument]:
    doc = read_yaml(path, display_path(path))
    mapping, problems = validate_model(CrsMapping, doc.data, doc)
    if mapping is None:
        raise InputFileError(problems)
    return mapping, doc
