"""No import circles inside the TUI: the App imports screens, screens never the App.

The graph is grimp's (what import-linter builds), with the imports under
``TYPE_CHECKING`` and inside functions counted too: those are how circles hid before.
"""

from __future__ import annotations

import grimp

PACKAGE = "ctcap.tui"


def import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("ctcap", exclude_type_checking_imports=False)
    modules = {m for m in graph.modules if m == PACKAGE or m.startswith(PACKAGE + ".")}
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module, and modules importing themselves
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph[module]:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["e"]]


def test_no_import_cycle_inside_the_tui() -> None:
    graph = import_graph()
    assert "ctcap.tui.app" in graph and "ctcap.tui.screens.assessment" in graph
    assert cycles(graph) == []
