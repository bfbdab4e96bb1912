"""The one text guard: hostile text is shown, never obeyed, on every face.

Stored text stays exactly as entered; these functions only change how it is shown.

Terminals (``for_terminal``, ``cut``, ``json_for_terminal``): every control character
is replaced by something visible, so no escape sequence (CSI, OSC 8 links, OSC 52
clipboard, titles, DCS/APC/PM/SOS strings, ``ESC c`` resets), backspace, bell or
carriage return reaches the terminal. ESC shows as ``␛`` and the other C0 controls
and DEL as their Unicode control pictures (``␇``, ``␈``, ``␡``); C1 controls as
``\\x9b``; bidi and other invisible format characters as ``⟨U+202E⟩``; lone
surrogates (undecodable bytes in arguments) as ``⟨U+DCFF⟩``. Newlines and tabs are
kept where the face shows several lines. ``cut`` shortens the shown text without
splitting one of these marks or a character from its combining marks. ``for_editor``
shows a field being edited one visible character for one (its cursor stays right).

Spreadsheets (``for_cell``, ``for_sheet_name``): see their docstrings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal
from typing import overload

ESCAPE_PICTURE = "\u241b"  # ␛
CUT_MARK = "…"
# Kept: they join letters in Persian, Indic scripts and emoji sequences.
_JOINERS = frozenset("\u200c\u200d")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _mark(code: int) -> str:
    return f"⟨U+{code:04X}⟩"


def _shown(char: str, multiline: bool) -> str:
    """How one character is shown on a terminal (itself when harmless)."""
    code = ord(char)
    if code < 0x20:
        if multiline and char in "\n\t":
            return char
        return ESCAPE_PICTURE if code == 0x1B else chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"
    if code < 0xA0:
        return char
    if char in _BIDI:
        return _mark(code)
    category = unicodedata.category(char)
    if category in ("Cf", "Cs", "Zl", "Zp") and char not in _JOINERS:
        # Format characters (zero-width, tags, bidi), lone surrogates, line and
        # paragraph separators: invisible, or undefined on a terminal.
        return _mark(code)
    return char


def for_terminal(text: str, *, multiline: bool = True) -> str:
    """``text`` with every control, escape and invisible format character made visible.

    ``multiline=False`` (one table cell, one line of an error) shows newlines and tabs
    as ``␊`` and ``␉`` too; otherwise they are kept (and CR LF shown as a newline).
    """
    if multiline and "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if text.isprintable() or _only_layout(text, multiline):
        return text  # the common case, at C speed
    return "".join(_shown(char, multiline) for char in text)


def _only_layout(text: str, multiline: bool) -> bool:
    """Not printable only because of kept newlines and tabs (a quick path)."""
    return multiline and text.replace("\n", "").replace("\t", "").isprintable()


IN_PLACE_MARK = "\ufffd"  # � for a C1 control or a format character, in an editor


def _in_place(char: str) -> str:
    shown = _shown(char, True)
    return shown if len(shown) == 1 else IN_PLACE_MARK


def for_editor(text: str) -> str:
    """``text`` for a field being edited: every character ``for_terminal`` marks made one
    visible character, so offsets into the text (the cursor, a selection) stay right.

    ESC, the other C0 controls and DEL show as their control pictures, as in
    ``for_terminal``; C1 controls, bidi and other format characters, which have no
    picture, as ``�``. Newlines and tabs are kept (the editor lays them out).
    """
    if text.isprintable() or _only_layout(text, True):
        return text
    return "".join(_in_place(char) if char not in "\n\t" else char for char in text)


def json_for_terminal(json_text: str) -> str:
    """JSON (``ensure_ascii=False``) with the characters ``for_terminal`` marks as \\u escapes.

    JSON escapes C0 controls itself; C1 controls, DEL, bidi and format characters it
    leaves raw. They can only occur inside strings, so escaping them keeps the same value.
    """
    if json_text.isprintable() or _only_layout(json_text, True):
        return json_text
    return "".join(c if _shown(c, True) == c else _json_escape(c) for c in json_text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# Cutting -------------------------------------------------------------------------------

# One shown unit: a mark made by for_terminal, or a character with its combining marks
# (and a joiner with the character it joins, so an emoji sequence stays whole).
_UNIT = re.compile(
    r"⟨U\+[0-9A-F]{4,6}⟩|\\x[0-9a-f]{2}|.(?:[\u200c\u200d].|[\u0300-\u036f\ufe00-\ufe0f])*", re.S
)


def _units(text: str) -> list[str]:
    units: list[str] = []
    for match in _UNIT.finditer(text):
        unit = match.group()
        if units and len(unit) == 1 and unicodedata.combining(unit):
            units[-1] += unit  # combining marks outside the quick ranges above
        else:
            units.append(unit)
    return units


def _take(text: str, room: int, size: Callable[[str], int] = len) -> str:
    """The longest run of whole units from the start of ``text`` that fits in ``room``."""
    window = text[: room + 64]  # a unit is rarely longer; a cut-off last one is dropped
    units = _units(window)
    if len(window) < len(text) and units:
        units.pop()
    kept, used = [], 0
    for unit in units:
        used += size(unit)
        if used > room:
            break
        kept.append(unit)
    return "".join(kept)


def cut(text: str, n: int, *, mark: str = CUT_MARK) -> str:
    """At most ``n`` characters of already-shown text, ending in ``mark`` when shortened.

    Cut after ``for_terminal``: a mark it made (``⟨U+202E⟩``, ``\\x9b``) and a character
    with its combining marks are never split.
    """
    if len(text) <= n:
        return text
    return _take(text, max(n - len(mark), 0)) + mark[: max(n, 0)]


def shown_line(text: str, n: int | None = None) -> str:
    """One line for a terminal: guarded, then cut to ``n`` characters when given."""
    line = for_terminal(text, multiline=False)
    return line if n is None else cut(line, n)


# Spreadsheets --------------------------------------------------------------------------

EXCEL_CELL_LIMIT = 32_767  # characters (UTF-16 code units) in one cell
SHEET_NAME_LIMIT = 31
_FORMULA_STARTS = frozenset("=+-@")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float | Decimal | bool | date | datetime | None


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2 if not text.isascii() else len(text)


def _xml_safe(char: str) -> str:
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else _mark(code)


def _starts_formula(text: str) -> bool:
    """Would a spreadsheet read this as a formula (or DDE, or a signed number)?

    Leading spaces and invisible format characters are skipped, and the first visible
    character is compared in its compatibility form: full-width ``＝``, small ``﹢`` and
    the like count as ``= + - @``. A leading tab, CR or LF also counts (OWASP).
    """
    if text[:1] in ("\t", "\r", "\n"):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        folded = unicodedata.normalize("NFKC", char)
        return folded[:1] in _FORMULA_STARTS or char == "\u2212"  # − MINUS SIGN
    return False


@overload
def for_cell(value: str) -> str: ...
@overload
def for_cell(value: Cell) -> Cell: ...
def for_cell(value: Cell) -> Cell:
    """A CSV or XLSX cell value that a spreadsheet shows as the text it is, never runs.

    Numbers, dates, booleans and None pass unchanged (ctcap writes numbers as numbers).
    Text that would start a formula gets a leading ``'`` (visible in the cell: the reader
    sees that the text was guarded, and it stays text when saved again as CSV).
    Characters XML 1.0 cannot hold (a vertical tab pasted from a word processor, NUL,
    lone surrogates) show as control pictures or ``⟨U+XXXX⟩``: openpyxl would otherwise
    refuse the whole file. Line breaks are written as LF: an XML reader turns a CR into
    LF anyway, so the cell reads back as written. Text over Excel's 32,767-character
    cell limit is cut, ending in a mark that says how much was left out.
    """
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_ILLEGAL.sub(lambda m: _xml_safe(m.group()), text)
    if text and _starts_formula(text):
        text = "'" + text
    if _utf16(text) <= EXCEL_CELL_LIMIT:
        return text
    return _cut_cell(text, len(value))


def _cut_cell(text: str, original: int) -> str:
    mark = f" {CUT_MARK}[cut: {original:,} characters in all]"
    return _take(text, EXCEL_CELL_LIMIT - len(mark), _utf16) + mark


RESERVED_SHEET_NAMES = frozenset({"history"})  # Excel keeps "History" for itself


def for_sheet_name(text: str, taken: Collection[str] = ()) -> str:
    """An Excel sheet name for ``text``, unlike every name in ``taken`` (case-insensitive).

    At most 31 characters (UTF-16 units); ``[ ] : * ? / \\`` become ``_``; controls are
    dropped; no leading or trailing apostrophe; never empty or "History". A name already
    taken gets `` (2)``, `` (3)``… with the base shortened to fit.
    """
    name = _SHEET_FORBIDDEN.sub("_", text)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" or c in _JOINERS)
    name = " ".join(name.split()).strip("'").strip() or "Sheet"
    if name.casefold() in RESERVED_SHEET_NAMES:
        name += " (1)"
    used = {t.casefold() for t in taken}
    for number in range(1, len(used) + 2):
        suffix = "" if number == 1 else f" ({number})"
        base = _take(name, SHEET_NAME_LIMIT - len(suffix), _utf16).rstrip().rstrip("'") or "Sheet"
        candidate = base + suffix
        if candidate.casefold() not in used:
            return candidate
    raise AssertionError("unreachable: more candidates than taken names")
