"""A treaty's status table from the UN Treaty Collection, saved as CSV.

The table lists each participant with the date it signed and the date it deposited
its ratification, acceptance (A), approval (AA), accession (a) or succession (d), as
"10 Jan 2000" with the letter after the date. Participants' names may carry footnote
numbers ("Denmark2"). One file holds one treaty: named by ``--treaty`` or by the title
line the Treaty Collection prints above the table ("11. INTERNATIONAL CONVENTION FOR
THE SUPPRESSION OF THE FINANCING OF TERRORISM").
"""

from __future__ import annotations

import re
from datetime import date

from ctcap.domain.mappings import Treaty, TreatyMapping
from ctcap.domain.proposals import Observation
from ctcap.domain.treaty import TreatyFacts, check_facts

from .files import Parsed, RawFile, Row, csv_rows, fail, header_key, problem, require_kind, shown
from .names import CountryNames

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})(?:\s+(AA|A|a|d))?$")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+(AA|A|a|d))?$")
_CONSENT = {"": "ratification", "A": "acceptance", "AA": "approval", "a": "accession",
            "d": "succession"}  # fmt: skip
_HEADER_SEARCH = 30


def read_untc(
    raw: RawFile, mapping: TreatyMapping, names: CountryNames, *, treaty_id: str | None
) -> tuple[Treaty, Parsed]:
    require_kind(raw, ("csv",), "a UN Treaty Collection status table")
    rows = csv_rows(raw)
    preamble: list[Row] = []
    header = None
    for count, row in enumerate(rows):
        if count >= _HEADER_SEARCH:
            break
        if any(header_key(c).startswith("participant") for c in row.cells):
            header = row
            break
        preamble.append(row)
    if header is None:
        raise fail(raw.name, "no header row with Participant, Signature and Ratification "
                   "columns: not a UN Treaty Collection status table")  # fmt: skip
    treaty = _treaty(raw.name, mapping, treaty_id, preamble)
    columns = _columns(raw.name, header)
    parsed = Parsed()
    seen: dict[str, str] = {}
    for row in rows:
        parsed.rows_read += 1
        observation = _read_row(raw.name, row, columns, treaty, names, parsed)
        if observation is None:
            continue
        if observation.country in seen:
            message = f"{observation.country} is listed twice (also {seen[observation.country]})"
            parsed.problems.append(problem(raw.name, row.where, message))
            continue
        seen[observation.country] = row.where
        parsed.observations.append(observation)
    return treaty, parsed


def _treaty(file: str, mapping: TreatyMapping, wanted: str | None, preamble: list[Row]) -> Treaty:
    known = ", ".join(t.id for t in mapping.treaties)
    named = [t for t in mapping.treaties if _names(t, preamble)]
    if wanted is not None:
        chosen = next((t for t in mapping.treaties if t.id == wanted), None)
        if chosen is None:
            raise fail(file, f"treaty {shown(wanted)} is not in mapping {mapping.id} ({known})")
        if named and chosen not in named:
            raise fail(file, f"--treaty {wanted} but the title line names {named[0].id}")
        return chosen
    if len(named) == 1:
        return named[0]
    raise fail(file, f"name the treaty with --treaty ({known}), or keep the Treaty "
               "Collection's title line above the table")  # fmt: skip


def _names(treaty: Treaty, preamble: list[Row]) -> bool:
    title = _plain(treaty.title)
    for row in preamble:
        line = _plain(" ".join(str(c) for c in row.cells))
        if treaty.id.casefold() in line.split() or re.search(
            rf"(^|\s){re.escape(title)}(\s|$)", line
        ):
            return True
    return False


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w-]+", " ", text.casefold()).split())


def _columns(file: str, header: Row) -> tuple[int, int, int]:
    keys = [header_key(c) for c in header.cells]
    participant = signature = consent = None
    for n, key in enumerate(keys):
        if key.startswith("participant") and participant is None:
            participant = n
        elif key.startswith("signature") and signature is None:
            signature = n
        elif any(word in key for word in ("ratification", "accession", "succession")):
            consent = n if consent is None else consent
        elif key:
            raise fail(file, f"unknown column {shown(header.cells[n])} (expected Participant, "
                       "Signature, Ratification/Accession/Succession)", header.where)  # fmt: skip
    if participant is None or signature is None or consent is None:
        raise fail(file, "the header needs Participant, Signature and Ratification columns",
                   header.where)  # fmt: skip
    return participant, signature, consent


def _read_row(
    file: str, row: Row, columns: tuple[int, int, int], treaty: Treaty,
    names: CountryNames, parsed: Parsed,
) -> Observation | None:  # fmt: skip
    cells = list(row.cells) + [""] * (max(columns) + 1 - len(row.cells))
    name, signed_text, consent_text = (cells[n] for n in columns)
    country = names.code(name)
    if country is None and not signed_text and not consent_text:
        parsed.set_aside("rows without dates that name no country (notes, declarations)")
        return None
    if country is None:
        parsed.problems.append(problem(file, row.where, f"unknown participant {shown(name)}"))
        return None
    signed, _, message = status_date(signed_text)
    consent, kind, consent_message = status_date(consent_text)
    message = message or consent_message
    if message:
        parsed.problems.append(problem(file, row.where, message))
        return None
    if signed is None and consent is None:
        parsed.problems.append(problem(file, row.where, f"{shown(name)} has no date"))
        return None
    act = _CONSENT[kind] if consent is not None else None
    facts = TreatyFacts(signed=signed, deposited=consent, act=act)
    wrong = check_facts(facts, date.today())
    if wrong:
        field, why = wrong[0]
        column = "Signature" if field == "signed" else "Ratification"
        parsed.problems.append(problem(file, row.where, f"{column}: {why}"))
        return None
    parts = ([f"signed {signed.isoformat()}"] if signed else []) + (
        [f"{_CONSENT[kind]} {consent.isoformat()}"] if consent else []
    )
    when = (consent or signed or date.min).isoformat()
    return Observation(country, treaty.id, ", ".join(parts), when, row.where,
                       signature=signed, consent=consent, act=act)  # fmt: skip


def status_date(text: object) -> tuple[date | None, str, str]:
    """A status cell → (date, consent letter, problem); an empty cell is no date."""
    value = str(text or "").strip()
    if not value:
        return None, "", ""
    iso = _ISO.match(value)
    if iso:
        try:
            return date.fromisoformat(iso.group(1)), iso.group(2) or "", ""
        except ValueError:
            return None, "", f"{shown(value)} is not a date"
    match = _DATE.match(value)
    if match is None or match.group(2).lower() not in _MONTHS:
        return None, "", f"{shown(value)} is not a date (expected e.g. '10 Jan 2000 a')"
    month = _MONTHS.index(match.group(2).lower()) + 1
    try:
        day = date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None, "", f"{shown(value)} is not a date"
    return day, match.group(4) or "", ""
