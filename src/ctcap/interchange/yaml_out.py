"""Checklist data as YAML text that ``ctcap checklists validate`` reads back unchanged."""

from __future__ import annotations

from typing import Any

import yaml

HEADER = "# Converted from an OSCAL catalog by `ctcap checklists import --format oscal`.\n"


def checklist_yaml(data: dict[str, Any]) -> str:
    """Safe YAML only: plain mappings, lists, text and numbers, keys in the data's order."""
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return HEADER + body
