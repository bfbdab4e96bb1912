"""Checking a keymap (config ``[keymap]``: binding id → keys) before the app applies it.

Textual applies whatever it is given: an unknown binding id is ignored without a word, a
misspelt key never fires, and a key that is already bound silently takes over (``quit =
"1"`` made the scoring key 1 quit). ``keymap_problems`` finds all three, as one line
each, from the binding lists themselves; it is pure (no app, no screen is needed).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping

from textual.binding import Binding, BindingType
from textual.keys import Keys, _character_to_key, key_to_character

from ctcap.text import shown_line

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(key.value for key in Keys if not key.value.startswith("<"))


def _normal(key: str) -> str:
    """A key as Textual matches it: a single character by its name ("?" → question_mark)."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def key_problem(key: str) -> str | None:
    """Why one key of a keymap is not one Textual can deliver; None if it is."""
    if not key:
        return "an empty key"
    if len(key) == 1:  # one character: Textual binds it by its name ("@" → at)
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key"
    if key in _NAMED_KEYS:
        return None
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier ({', '.join(sorted(MODIFIERS))})"
    if base in _NAMED_KEYS:
        return None
    character = key_to_character(base)
    if character is None or not base.isprintable() or not character.isprintable():
        return f"{base!r} is not a key name (e.g. a, 1, question_mark, escape, f5, ctrl+s)"
    return None


def _keys_by_screen(
    screens: Mapping[str, Iterable[BindingType]],
) -> dict[str, list[Binding]]:
    return {name: list(Binding.make_bindings(bindings)) for name, bindings in screens.items()}


def keymap_problems(
    screens: Mapping[str, Iterable[BindingType]],
    keymap: Mapping[str, str],
    *,
    everywhere: Collection[str] = ("app",),
    source: str = "keymap",
) -> list[str]:
    """One line per problem of ``keymap`` against the binding lists of ``screens``.

    ``screens`` maps a name (shown in the messages) to a BINDINGS list; the lists named
    in ``everywhere`` (the App's) are active on every screen. Problems: a binding id no
    list has; a key Textual cannot deliver; a key that, once the keymap is applied, is
    bound twice where one list is active (on one screen, or on a screen and the app).
    An empty list means the keymap is safe to hand to ``App.set_keymap``.
    """
    return [message for _, message in _problems(screens, keymap, everywhere, source)]


def usable_keymap(
    screens: Mapping[str, Iterable[BindingType]],
    keymap: Mapping[str, str],
    *,
    everywhere: Collection[str] = ("app",),
    source: str = "keymap",
) -> tuple[dict[str, str], list[str]]:
    """The entries of ``keymap`` with no problem (to apply), and the problems (to show)."""
    found = _problems(screens, keymap, everywhere, source)
    bad = {binding_id for binding_id, _ in found}
    return {k: v for k, v in keymap.items() if k not in bad}, [m for _, m in found]


def _problems(
    screens: Mapping[str, Iterable[BindingType]],
    keymap: Mapping[str, str],
    everywhere: Collection[str],
    source: str,
) -> list[tuple[str, str]]:
    by_screen = _keys_by_screen(screens)
    known = {b.id for bindings in by_screen.values() for b in bindings if b.id}
    problems: list[tuple[str, str]] = []
    for binding_id, keys in keymap.items():
        shown = f"{source}: {shown_line(binding_id, 40)} = {shown_line(keys, 40)!r}"
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append((binding_id, f"{shown}: not a binding id{hint}"))
            continue
        for key in (k.strip() for k in keys.split(",")):
            if (why := key_problem(key)) is not None:
                problems.append((binding_id, f"{shown}: {why}"))
                break
    bad = {binding_id for binding_id, _ in problems}
    rest = {k: v for k, v in keymap.items() if k not in bad}
    return problems + _clashes(by_screen, rest, everywhere, source)


def screen_bindings() -> dict[str, list[BindingType]]:
    """The binding lists of ctcap's app and screens, by name ("app" is active everywhere)."""
    from .app import CtcapApp
    from .screens import (
        assessment,
        assistance,
        confirm,
        countries,
        evidence,
        gap_report,
        help,
        history,
        new_assessment,
        projects,
        prompt,
        proposals,
    )

    return {
        "app": [*CtcapApp.BINDINGS],
        "countries": [*countries.CountriesScreen.BINDINGS],
        "assessment": [*assessment.AssessmentScreen.BINDINGS],
        "history": [*history.HistoryScreen.BINDINGS],
        "gap report": [*gap_report.GapReportScreen.BINDINGS],
        "evidence": [*evidence.EvidenceScreen.BINDINGS],
        "confirm": [*confirm.ConfirmScreen.BINDINGS],
        "new assessment": [*new_assessment.NewAssessmentScreen.BINDINGS],
        "prompt": [*prompt.PromptScreen.BINDINGS],
        "projects": [*projects.ProjectsScreen.BINDINGS],
        "need against assistance": [*assistance.AssistanceScreen.BINDINGS],
        "keys": [*help.HelpScreen.BINDINGS],
        "proposals": [*proposals.ProposalsScreen.BINDINGS],
    }


def _clashes(
    by_screen: Mapping[str, list[Binding]],
    keymap: Mapping[str, str],
    everywhere: Collection[str],
    source: str,
) -> list[tuple[str, str]]:
    """Keys bound to two binding ids where both are active, after the keymap."""
    effective = {
        name: [(key, b.id or b.action, name) for b, key in _applied(bindings, keymap)]
        for name, bindings in by_screen.items()
    }
    shared = [entry for name in everywhere for entry in effective.get(name, [])]
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for name, entries in effective.items():
        active = entries + ([] if name in everywhere else shared)
        owner: dict[str, tuple[str, str]] = {}
        for key, binding_id, where in active:
            first = owner.setdefault(key, (binding_id, where))
            if first[0] == binding_id:
                continue
            remapped = binding_id if binding_id in keymap else first[0]
            if remapped not in keymap or (key, remapped, name) in seen:
                continue  # a clash the app ships with is not the keymap's doing
            seen.add((key, remapped, name))
            other = first[0] if remapped == binding_id else binding_id
            problems.append(
                (
                    remapped,
                    f"{source}: {remapped} = {shown_line(keymap[remapped], 40)!r}: {key} is "
                    f"already {other} on the {name} screen",
                )
            )
    return problems


def _applied(bindings: list[Binding], keymap: Mapping[str, str]) -> list[tuple[Binding, str]]:
    result = []
    for binding in bindings:
        if binding.id in keymap:
            continue
        result.append((binding, binding.key))
    done: set[str] = set()
    for binding in bindings:
        if binding.id is not None and binding.id in keymap and binding.id not in done:
            done.add(binding.id)
            result.extend((binding, _normal(k)) for k in keymap[binding.id].split(","))
    return result
