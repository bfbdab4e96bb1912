"""Who assessed, and how: an assessment's type and its team."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from ctcap.errors import CtcapError


class AssessmentType(StrEnum):
    SELF_ASSESSMENT = "self-assessment"
    DESK_REVIEW = "desk-review"
    ON_SITE_VISIT = "on-site-visit"
    JOINT_EXTERNAL = "joint-external"
    UNKNOWN = "unknown"  # recorded before 0008, or not said

    @property
    def label(self) -> str:
        if self is AssessmentType.UNKNOWN:
            return "type not recorded"
        return self.value.replace("-", " ")


Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Field = Annotated[str, StringConstraints(max_length=200)]


class TeamMember(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    organisation: Field = ""
    role: Field = ""

    def describe(self) -> str:
        extra = ", ".join(part for part in (self.role, self.organisation) if part)
        return f"{self.name} ({extra})" if extra else self.name


def parse_type(text: str) -> AssessmentType:
    key = text.strip().lower().replace(" ", "-").replace("_", "-")
    try:
        return AssessmentType(key)
    except ValueError:
        known = ", ".join(t.value for t in AssessmentType if t is not AssessmentType.UNKNOWN)
        raise CtcapError(f"unknown assessment type {text[:40]!r} ({known})") from None


# Who assessed, as the type says it where it does: a desk review may be made by
# either side, so it (and "unknown") leaves the origin to be given.
_ORIGIN_OF_TYPE = {
    AssessmentType.SELF_ASSESSMENT: "self",
    AssessmentType.ON_SITE_VISIT: "external",
    AssessmentType.JOINT_EXTERNAL: "external",
}


def origin_of(kind: AssessmentType, origin: str | None) -> str | None:
    """The round's origin (self or external): as given, else as its type says; a given
    origin the type contradicts is refused."""
    implied = _ORIGIN_OF_TYPE.get(kind)
    if origin is not None and implied is not None and origin != implied:
        raise CtcapError(f"--origin {origin} contradicts --type {kind.value} ({implied})")
    return origin or implied


def parse_member(text: str) -> TeamMember:
    """``NAME|ORGANISATION|ROLE`` (organisation and role optional)."""
    parts = [part.strip() for part in text.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise CtcapError(f"team member {text[:60]!r}: write NAME|ORGANISATION|ROLE")
    parts += [""] * (3 - len(parts))
    for part in parts:
        if len(part) > 200:
            raise CtcapError(f"team member {text[:60]!r}: each part at most 200 characters")
    return TeamMember(name=parts[0], organisation=parts[1], role=parts[2])


def team_json(team: Iterable[TeamMember]) -> list[dict[str, Any]]:
    return [member.model_dump() for member in team]


def team_from_json(value: Iterable[Any]) -> tuple[TeamMember, ...]:
    return tuple(TeamMember.model_validate(member) for member in value)
