"""The left pane of the scoring screen: areas → items, each label showing its state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

if TYPE_CHECKING:
    from ctcap.domain.model import Area, Checklist, Item

AREA_PREFIX = "area:"


class ChecklistTree(Tree[str]):
    """Node data: an item id, or ``area:<id>`` for an area."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Checklist", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[str]] = {}
        self.area_nodes: dict[str, TreeNode[str]] = {}

    def build(
        self,
        checklist: Checklist,
        area_label: Callable[[Area], Text],
        item_label: Callable[[Item], Text],
    ) -> None:
        self.clear()
        self.item_nodes, self.area_nodes = {}, {}
        for area in checklist.areas:
            node = self.root.add(area_label(area), data=AREA_PREFIX + area.id, expand=True)
            self.area_nodes[area.id] = node
            for item in area.items:
                self.item_nodes[item.id] = node.add_leaf(item_label(item), data=item.id)

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
