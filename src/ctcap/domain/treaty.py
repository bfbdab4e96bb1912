"""Treaty status as facts, and the one rule that turns them into a level.

For an instrument scored on the ``instrument-status`` scale an answer may record what
happened, instead of (only) a level: the state's signature, the deposit of its consent
to be bound and the act it took (ratification, acceptance, approval, accession or
succession), the treaty's entry into force for it, its reservations and declarations
(e.g. the Financing Convention's Art. 2(2)(a) declarations), a denunciation, and the
assessor's finding on domestic law and its use (``implementation``: 4 or 5).

**The rule** (``treaty_level``), as of the round's as-of date; facts dated after it
have not happened yet:

1. The *treaty act* gives level 1, 2 or 3, as the scale describes them: a
   denunciation that has taken effect → 1 (the state is no longer bound); a deposited
   ratification, acceptance, approval, accession or succession → 3 ("its consent to be
   bound is deposited": entry into force for the state is recorded and shown but does
   not change the level, as the scale's level 3 says); a signature alone → 2; else 1.
2. The *implementation* finding (4: the offences, jurisdiction and cooperation duties
   are in domestic law; 5: and used) is not capped by the treaty act: the level is the
   higher of the two. A state that legislates before it ratifies is scored on its law
   (say 4 while it has only signed), and the result names the departure
   (``ahead_of_treaty``) so that reports can say "in domestic law, not yet a party".
   The scale's "each level includes the ones below it" is the usual order of a
   treaty's life, not a cap; this is the one place ctcap departs from it.

``check_facts`` refuses what cannot be true: a date in the future, a deposit before
the signature, an entry into force before the deposit, a denunciation before the
deposit, an act without a deposit date or the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TREATY_SCALE = "instrument-status"
NOT_SIGNED, SIGNED, BOUND, IN_LAW, APPLIED = 1, 2, 3, 4, 5


class Act(StrEnum):
    """How a state consents to be bound (the UN Treaty Collection's letters in brackets)."""

    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"  # A
    APPROVAL = "approval"  # AA
    ACCESSION = "accession"  # a
    SUCCESSION = "succession"  # d


Note = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class TreatyFacts(BaseModel):
    """What a state did about one instrument: stored with the answer, in its audit event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signed: date | None = Field(None, description="Date of signature.")
    deposited: date | None = Field(None, description="Date the consent to be bound was deposited.")
    act: Act | None = Field(None, description="The act deposited.")
    in_force: date | None = Field(None, description="Entry into force for the state.")
    reservations: tuple[Note, ...] = ()
    declarations: tuple[Note, ...] = ()
    denounced: date | None = Field(None, description="The date a denunciation took effect.")
    implementation: int | None = Field(
        None, description="4: in domestic law; 5: and applied in practice. None: not assessed."
    )

    def as_json(self) -> dict[str, object]:
        return self.model_dump(mode="json")


def check_facts(facts: TreatyFacts, today: date) -> list[tuple[str, str]]:
    """(field, problem) for each fact that cannot be true; empty when they hold together."""
    problems: list[tuple[str, str]] = []
    dated = {
        "signed": facts.signed,
        "deposited": facts.deposited,
        "in_force": facts.in_force,
        "denounced": facts.denounced,
    }
    for name, day in dated.items():
        if day is not None and day > today:
            problems.append((name, f"{day.isoformat()} is in the future"))
    if (facts.act is None) != (facts.deposited is None):
        field = "act" if facts.act is None else "deposited"
        problems.append((field, "a deposit needs its date and its act (ratification, …)"))
    if facts.signed and facts.deposited and facts.deposited < facts.signed:
        problems.append(("deposited", "the deposit is before the signature"))
    if facts.in_force is not None:
        if facts.deposited is None:
            problems.append(("in_force", "entry into force for the state needs a deposit"))
        elif facts.in_force < facts.deposited:
            problems.append(("in_force", "entry into force is before the deposit"))
    if facts.denounced is not None:
        if facts.deposited is None:
            problems.append(("denounced", "only a state bound by it can denounce a treaty"))
        elif facts.denounced < facts.deposited:
            problems.append(("denounced", "the denunciation is before the deposit"))
    if facts.implementation is not None and facts.implementation not in (IN_LAW, APPLIED):
        problems.append(("implementation", "4 (in domestic law) or 5 (applied in practice)"))
    return problems


@dataclass(frozen=True)
class TreatyStanding:
    """The level the facts give, and how."""

    level: int
    act_level: int  # from the treaty acts alone: 1, 2 or 3
    ahead_of_treaty: bool  # domestic law counted above a treaty act that is not level 3
    notes: tuple[str, ...]


def _happened(day: date | None, as_of: date) -> bool:
    return day is not None and day <= as_of


def treaty_level(facts: TreatyFacts, as_of: date) -> TreatyStanding:
    """The level on the instrument-status scale (see the module's docstring for the rule)."""
    notes: list[str] = []
    if _happened(facts.denounced, as_of):
        act_level = NOT_SIGNED
        notes.append(f"denounced with effect from {facts.denounced}")
    elif _happened(facts.deposited, as_of):
        act_level = BOUND
        notes.append(f"{facts.act} deposited {facts.deposited}")
        if facts.in_force is None:
            notes.append("entry into force for the state not recorded")
        elif facts.in_force > as_of:
            notes.append(f"in force for the state only from {facts.in_force}")
    elif _happened(facts.signed, as_of):
        act_level = SIGNED
        notes.append(f"signed {facts.signed}, no consent to be bound deposited")
    else:
        act_level = NOT_SIGNED
    later = [d for d in (facts.signed, facts.deposited, facts.denounced) if d and d > as_of]
    if later:
        notes.append(f"facts dated after {as_of} are not counted")
    implementation = facts.implementation or 0
    ahead = implementation > act_level and act_level < BOUND
    if ahead:
        notes.append("implemented in domestic law ahead of the treaty act")
    if facts.reservations:
        notes.append(f"{len(facts.reservations)} reservation(s)")
    if facts.declarations:
        notes.append(f"{len(facts.declarations)} declaration(s)")
    return TreatyStanding(max(act_level, implementation), act_level, ahead, tuple(notes))
