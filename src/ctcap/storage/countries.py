"""ISO 3166-1 countries from pycountry, plus ISO's user-assigned codes for fiction."""

from __future__ import annotations

import re
from functools import cache

from ctcap.errors import NotFoundError

# ISO 3166-1 reserves these alpha-3 ranges for users: AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ.
_USER_ASSIGNED = re.compile(r"^(AA[A-Z]|Q[M-Z][A-Z]|X[A-Z]{2}|ZZ[A-Z])$")


def is_user_assigned(code: str) -> bool:
    return bool(_USER_ASSIGNED.match(code.upper()))


@cache
def iso_countries() -> dict[str, str]:
    """Every ISO 3166-1 country as alpha-3 → common name, in code order."""
    import pycountry

    return {
        c.alpha_3: getattr(c, "common_name", None) or c.name
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)
    }


def iso_name(code: str) -> str | None:
    return iso_countries().get(code.upper())


def normalise_code(text: str) -> str:
    """Accept alpha-3 or alpha-2; return alpha-3, or raise a clear error."""
    code = text.strip().upper()
    if len(code) == 3 and (code in iso_countries() or is_user_assigned(code)):
        return code
    if len(code) == 2:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
        if found is not None:
            return str(found.alpha_3)
    raise NotFoundError(f"unknown country {text!r}: give an ISO 3166-1 alpha-3 code, e.g. KEN")
