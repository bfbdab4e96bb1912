"""The left pane of the scoring screen: areas → items, each label showing its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .glyphs import area_label, item_label

if TYPE_CHECKING:
    from ctcap.domain.model import Area, Item

    from ..book import ScoringSheet

AREA_PREFIX = "area:"


class ChecklistTree(Tree[str]):
    """Node data: an item id, or ``area:<id>`` for an area."""

    def __init__(self, *, id: str | None = None) -> None:
        self._relabelled: set[TreeNode[str]] = set()  # before Tree's init, which refreshes
        super().__init__("Checklist", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[str]] = {}
        self.area_nodes: dict[str, TreeNode[str]] = {}

    def relabel(self, node: TreeNode[str], label: Text) -> None:
        """A new label for ``node``, repainting its own line only.

        ``set_label`` repaints the node's whole subtree, for the guides; a label never
        changes them, and an area's new score would otherwise redraw every item under
        it on every scoring key.
        """
        if node.label == label:
            return
        self._relabelled.add(node)
        node.set_label(label)

    def _refresh_node(self, node: TreeNode[str]) -> None:
        # Overrides Tree's (Textual 8): set_label calls it with call_later.
        if node in self._relabelled:
            self._relabelled.discard(node)
            if node.line >= 0:
                self._refresh_line(node.line)
            return
        super()._refresh_node(node)

    def build(self, sheet: ScoringSheet) -> None:
        self.clear()
        self.item_nodes, self.area_nodes = {}, {}
        for area in sheet.checklist.areas:
            label = _area_line(sheet, area)
            node = self.root.add(label, data=AREA_PREFIX + area.id, expand=True)
            self.area_nodes[area.id] = node
            for item in area.items:
                self.item_nodes[item.id] = node.add_leaf(_item_line(sheet, item), data=item.id)

    def relabel_item(self, sheet: ScoringSheet, item_id: str) -> None:
        """After a change to one item: its line, and its area's (score, count)."""
        item = sheet.checklist.item(item_id)
        area = sheet.checklist.area_of(item_id)
        self.relabel(self.item_nodes[item_id], _item_line(sheet, item))
        self.relabel(self.area_nodes[area.id], _area_line(sheet, area))

    def focus_item(self, item_id: str) -> None:
        node = self.item_nodes.get(item_id)
        if node is not None:
            if node.parent is not None and not node.parent.is_expanded:
                node.parent.expand()
            self.move_cursor(node, animate=False)

    @staticmethod
    def item_of(node: TreeNode[str] | None) -> str | None:
        if node is None or node.data is None or node.data.startswith(AREA_PREFIX):
            return None
        return node.data

    @staticmethod
    def area_of(node: TreeNode[str] | None) -> str | None:
        if node is None or node.data is None or not node.data.startswith(AREA_PREFIX):
            return None
        return node.data.removeprefix(AREA_PREFIX)


def _item_line(sheet: ScoringSheet, item: Item) -> Text:
    return item_label(
        item.title,
        sheet.answers.response(item.id),
        sheet.checklist.scale,
        sheet.changes.get(item.id),
        conflict=item.id in sheet.conflicts,
    )


def _area_line(sheet: ScoringSheet, area: Area) -> Text:
    score = sheet.score.area(area.id)
    capped = bool(score.capped_by)
    return area_label(area.title, score.score, score.answered, score.applicable, capped)
