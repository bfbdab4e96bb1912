"""ISO 4217 currencies, from pycountry (not a hand-written list)."""

from __future__ import annotations

from functools import cache


@cache
def iso_currencies() -> frozenset[str]:
    """Every ISO 4217 alphabetic code pycountry knows, e.g. JPY, USD."""
    import pycountry

    return frozenset(str(c.alpha_3) for c in pycountry.currencies)


def currency_name(code: str) -> str | None:
    import pycountry

    found = pycountry.currencies.get(alpha_3=code.upper())
    return None if found is None else str(found.name)
