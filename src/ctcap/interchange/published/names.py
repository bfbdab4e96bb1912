"""Country names and codes as published tables write them → ISO 3166-1 alpha-3."""

from __future__ import annotations

from collections.abc import Mapping

from ctcap.storage.countries import iso_countries

from .files import without_footnotes

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).casefold()


class CountryNames:
    """ISO codes, ISO 3166-1 names (pycountry), then the reviewed list of other spellings."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = {_key(name): code for name, code in aliases.items()}

    def code(self, text: object) -> str | None:
        """The alpha-3 code of a country code or name, or None when it is not one."""
        if not isinstance(text, str) or not text.strip():
            return None
        raw = " ".join(text.split())
        if len(raw) == 3 and raw.isalpha():
            return raw.upper() if raw.upper() in iso_countries() else None
        name = without_footnotes(raw).translate(_QUOTES)
        alias = self._aliases.get(_key(name))
        if alias is not None:
            return alias
        return _iso_name(name)


def _iso_name(name: str) -> str | None:
    import pycountry

    if len(name) <= 3:  # alpha-2 codes and numbers are not names
        return None
    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return None
    return str(found.alpha_3)
