"""The one treaty rule: facts → a level on the instrument-status scale (domain.treaty)."""

from __future__ import annotations

from datetime import date

import pytest

from ctcap.domain.treaty import Act, TreatyFacts, check_facts, treaty_level

AS_OF = date(2024, 6, 30)
TODAY = date(2026, 12, 1)


def level(**facts: object) -> int:
    return treaty_level(TreatyFacts.model_validate(facts), AS_OF).level


def test_the_treaty_act_gives_levels_one_to_three() -> None:
    assert level() == 1
    assert level(signed=date(2001, 1, 10)) == 2
    ratified = {"signed": date(2001, 1, 10), "deposited": date(2002, 6, 11), "act": "ratification"}
    assert level(**ratified) == 3
    # Accession without a signature, succession: a party all the same.
    assert level(deposited=date(2003, 6, 27), act="accession") == 3
    assert level(deposited=date(1993, 1, 1), act="succession") == 3


def test_facts_after_the_as_of_date_have_not_happened_yet() -> None:
    standing = treaty_level(
        TreatyFacts(signed=date(2020, 1, 1), deposited=date(2025, 1, 1), act=Act.RATIFICATION),
        AS_OF,
    )
    assert standing.level == 2 and any("not counted" in note for note in standing.notes)
    assert level(signed=date(2025, 1, 1)) == 1


def test_entry_into_force_is_shown_but_does_not_change_level_three() -> None:
    standing = treaty_level(
        TreatyFacts(deposited=date(2024, 6, 1), act=Act.ACCESSION, in_force=date(2024, 7, 1)),
        AS_OF,
    )
    assert standing.level == 3
    assert "in force for the state only from 2024-07-01" in standing.notes


def test_a_denunciation_in_effect_gives_level_one() -> None:
    facts = {"deposited": date(2002, 1, 1), "act": "ratification", "denounced": date(2020, 5, 1)}
    assert level(**facts) == 1
    assert treaty_level(TreatyFacts.model_validate(facts), date(2019, 1, 1)).level == 3


def test_a_state_that_legislates_before_it_ratifies_is_scored_on_its_law() -> None:
    standing = treaty_level(TreatyFacts(signed=date(2001, 1, 10), implementation=4), AS_OF)
    assert (standing.level, standing.act_level, standing.ahead_of_treaty) == (4, 2, True)
    assert "implemented in domestic law ahead of the treaty act" in standing.notes
    # A party that applies it: 5, and nothing is ahead of anything.
    party = TreatyFacts(deposited=date(2002, 1, 1), act=Act.RATIFICATION, implementation=5)
    assert treaty_level(party, AS_OF).level == 5 and not treaty_level(party, AS_OF).ahead_of_treaty


def test_reservations_and_declarations_are_kept_and_do_not_change_the_level() -> None:
    facts = TreatyFacts(
        deposited=date(2002, 6, 11),
        act=Act.RATIFICATION,
        declarations=("Art. 2(2)(a): the 1980 Convention is deemed not included in the annex",),
        reservations=("Art. 24(1) does not bind the state",),
    )
    standing = treaty_level(facts, AS_OF)
    assert standing.level == 3
    assert "1 declaration(s)" in standing.notes and "1 reservation(s)" in standing.notes


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        ({"signed": date(2027, 1, 1)}, "signed", "in the future"),
        (
            {"signed": date(2002, 1, 1), "deposited": date(2001, 1, 1), "act": "ratification"},
            "deposited",
            "before the signature",
        ),
        (
            {"deposited": date(2002, 1, 1), "act": "accession", "in_force": date(2001, 12, 1)},
            "in_force",
            "before the deposit",
        ),
        ({"deposited": date(2002, 1, 1)}, "act", "its act"),
        ({"act": "approval"}, "deposited", "its date"),
        ({"in_force": date(2002, 1, 1)}, "in_force", "needs a deposit"),
        ({"denounced": date(2002, 1, 1)}, "denounced", "bound"),
        (
            {"deposited": date(2002, 1, 1), "act": "ratification", "denounced": date(2001, 1, 1)},
            "denounced",
            "before the deposit",
        ),
        ({"implementation": 3}, "implementation", "4"),
    ],
)
def test_facts_that_cannot_be_true_are_named(
    facts: dict[str, object], field: str, words: str
) -> None:
    problems = check_facts(TreatyFacts.model_validate(facts), TODAY)
    assert problems and problems[0][0] == field and words in problems[0][1]


def test_true_facts_have_no_problem() -> None:
    facts = TreatyFacts(
        signed=date(2001, 1, 10),
        deposited=date(2002, 6, 11),
        act=Act.RATIFICATION,
        in_force=date(2002, 7, 11),
        implementation=4,
    )
    assert check_facts(facts, TODAY) == []
