"""An OSCAL catalog in ctcap's layout (as ``catalog_out`` writes it) back to a checklist.

The file is read strictly (``jsonio``), validated against the vendored OSCAL catalog
schema, checked for duplicate ids, then walked: anything a checklist cannot hold (nested
controls, unknown parts, unknown ctcap props) is refused rather than dropped, and the
result is validated by the same rules as a YAML checklist. Every problem names the file
and the place as a JSON pointer (and the control id when it is inside one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctcap.domain.model import Checklist
from ctcap.errors import InputFileError, Problem
from ctcap.loading.checklists import parse_checklist
from ctcap.loading.yaml_reader import YamlDocument

from ..jsonio import read_json
from .catalog_out import REFERENCE_REL, SCALE_PARAM, SOURCE_REL
from .nodes import LayoutError, Node, Props, as_bool, as_float, as_int, is_core, is_ours
from .schema import CATALOG_SCHEMA, schema_problem
from .text import from_markup, from_token

OSCAL_ROOTS = (
    "catalog",
    "profile",
    "component-definition",
    "system-security-plan",
    "assessment-plan",
    "assessment-results",
    "plan-of-action-and-milestones",
    "mapping-collection",
)
_CONTROL_PROPS = frozenset({"weight", "target", "fundamental", "assistance-area", "tag"})
_CORE_PARTS = frozenset({"statement", "guidance", "example"})
_OUR_PARTS = frozenset({"level-descriptor", "fact"})
# Where a checklist field lives in the catalog, for messages about the converted data.
_FIELD_PLACES = {
    "question": "the 'statement' part",
    "descriptors": "the 'level-descriptor' parts",
    "evidence_required": "the 'evidence-required' parts",
    "references": "the reference links",
    "assistance_area": "ctcap property 'assistance-area'",
    "target": "ctcap property 'target'",
    "weight": "ctcap property 'weight'",
    "fundamental": "ctcap property 'fundamental'",
    "fundamental_cap": "ctcap property 'fundamental-cap'",
    "tags": "ctcap property 'tag'",
}


@dataclass(frozen=True)
class ImportedChecklist:
    data: dict[str, Any]  # the checklist as YAML data, in the bundled files' key order
    checklist: Checklist


def _check_kind(document: Any) -> None:
    if not isinstance(document, dict):
        Node(document).fail("not an OSCAL document: the top level is not a JSON object")
    if "catalog" not in document:
        kinds = [k for k in document if k in OSCAL_ROOTS]
        found = f"an OSCAL {kinds[0]}" if kinds else "no 'catalog' at the top level"
        Node(document).fail(f"not an OSCAL catalog ({found})")


def _check_unique_ids(catalog: Node) -> None:
    seen: dict[str, str] = {}

    def walk(node: Node) -> None:
        for key in ("groups", "controls"):
            for member in node.members(key):
                identifier = member.value.get("id")
                if identifier is not None:
                    if identifier in seen:
                        member.fail(f"duplicate id {identifier!r} (first at {seen[identifier]})")
                    seen[identifier] = member.pointer
                walk(member)

    walk(catalog)


def _resources(catalog: Node) -> dict[str, Node]:
    back = catalog.get("back-matter")
    return {r.value["uuid"]: r for r in back.members("resources")} if back else {}


def _linked(link: Node, resources: dict[str, Node]) -> Node:
    href = link.value["href"]
    if not href.startswith("#") or href[1:] not in resources:
        link.fail(f"link {href!r} names no resource in the back matter")
    return resources[href[1:]]


def _source(metadata: Node, resources: dict[str, Node]) -> dict[str, Any]:
    links = [link for link in metadata.members("links") if link.value.get("rel") == SOURCE_REL]
    if len(links) != 1:
        metadata.fail(f"needs one link with rel {SOURCE_REL!r} to the checklist's source")
    resource = _linked(links[0], resources)
    props = Props.of(resource, frozenset({"publication-date"}))
    date = props.one("publication-date", required=True)
    citation = resource.get("citation")
    if citation is None or not resource.has("title"):
        resource.fail("the source needs a title and a citation (the publisher)")
    source = {"title": resource.markup("title"), "publisher": citation.markup("text")}
    source["date"] = date[0] if date else None
    rlinks = resource.members("rlinks")
    if rlinks:
        source["url"] = rlinks[0].value["href"]
    return source


def _scale(catalog: Node) -> dict[str, Any]:
    params = catalog.members("params")
    for param in params:
        if param.value["id"] != SCALE_PARAM:
            param.fail(f"only the scale parameter {SCALE_PARAM!r} has a place in a checklist")
    if not params:
        catalog.fail(f"no scale: ctcap's layout keeps it in the parameter {SCALE_PARAM!r}")
    param = params[0]
    props = Props.of(param, frozenset({"scale-id", "level-value", "level-colour"}))
    scale_id = props.one("scale-id", required=True)
    values = [as_int(value, node) for value, node in props.all("level-value")]
    colours = [value for value, _ in props.all("level-colour")]
    select = param.get("select")
    labels = [from_markup(c) for c in select.value.get("choice", [])] if select else []
    descriptions = [from_markup(g.value["prose"]) for g in param.members("guidelines")]
    counts = {len(values), len(colours), len(labels), len(descriptions)}
    if len(counts) != 1:
        param.fail(
            f"the scale's levels do not line up: {len(values)} level-value props, "
            f"{len(colours)} level-colour props, {len(labels)} choices, "
            f"{len(descriptions)} guidelines"
        )
    if not param.has("label"):
        param.fail("the scale parameter needs a label (the scale's title)")
    scale: dict[str, Any] = {"id": scale_id[0] if scale_id else None}
    scale["title"] = param.markup("label")
    if param.has("usage"):
        scale["description"] = param.markup("usage")
    scale["levels"] = [
        {"value": v, "label": lab, "description": d, "colour": c}
        for v, lab, d, c in zip(values, labels, descriptions, colours, strict=True)
    ]
    return scale


def _reference(link: Node, resources: dict[str, Node]) -> dict[str, Any]:
    resource = _linked(link, resources)
    reference: dict[str, Any] = {"title": resource.markup("title")}
    if reference["title"] is None:
        resource.fail("a reference needs a title")
    rlinks = resource.members("rlinks")
    if rlinks:
        reference["url"] = rlinks[0].value["href"]
    if link.has("text"):
        reference["clause"] = link.markup("text")
    for name, values in Props.of(resource, None).found.items():
        reference[name] = values[0][0]  # a field added to Reference later, e.g. its kind
    return reference


def _levels(parts: list[Node], item: dict[str, Any]) -> None:
    descriptors: dict[int, str] = {}
    evidence: dict[int, list[str]] = {}
    for part in parts:
        level_prop = Props.of(part, frozenset({"level"})).one("level", required=True)
        assert level_prop is not None
        level = as_int(*level_prop)
        if level in descriptors:
            part.fail(f"level {level} has two level-descriptor parts")
        descriptors[level] = part.markup("prose") or ""
        for sub in part.members("parts"):
            if not (is_ours(sub) and sub.value["name"] == "evidence-required"):
                sub.fail("a level-descriptor holds only 'evidence-required' parts")
            evidence.setdefault(level, []).append(sub.markup("prose") or "")
    item["descriptors"] = descriptors
    if evidence:
        item["evidence_required"] = evidence


def _fact(part: Node) -> tuple[str, str | int | bool]:
    key, text, kind = part.markup("title"), part.markup("prose") or "", part.value.get("class")
    if key is None:
        part.fail("a fact part needs a title (the fact's name)")
    if kind == "integer":
        return key, as_int(text, part)
    if kind == "boolean":
        return key, as_bool(text, part)
    if kind != "string":
        part.fail(f"a fact's class is integer, boolean or string, not {kind!r}")
    return key, text


def _parts(control: Node) -> dict[str, list[Node]]:
    by_name: dict[str, list[Node]] = {}
    for part in control.members("parts"):
        name = part.value["name"]
        known = (is_core(part) and name in _CORE_PARTS) or (is_ours(part) and name in _OUR_PARTS)
        if not known:
            part.fail(f"part {name!r} has no place in a ctcap item")
        if name in _CORE_PARTS and by_name.get(name):
            part.fail(f"a second {name!r} part")
        by_name.setdefault(name, []).append(part)
    return by_name


def _item(control: Node, resources: dict[str, Node]) -> dict[str, Any]:
    for key in ("controls", "params"):
        if control.has(key):
            control.child(key).fail(f"a ctcap item has no {key}: nested {key} are not carried")
    parts = _parts(control)
    if "statement" not in parts:
        control.fail("no 'statement' part: an item's question is its statement")
    props = Props.of(control, _CONTROL_PROPS)
    item: dict[str, Any] = {"id": from_token(control.value["id"])}
    item["title"] = control.markup("title")
    item["question"] = parts["statement"][0].markup("prose")
    if "guidance" in parts:
        item["guidance"] = parts["guidance"][0].markup("prose") or ""
    item["references"] = [
        _reference(link, resources)
        for link in control.members("links")
        if link.value.get("rel") == REFERENCE_REL
    ]
    if (weight := props.one("weight")) and as_float(*weight) != 1.0:
        item["weight"] = as_float(*weight)  # 1 is the default, left out as in the bundled files
    if target := props.one("target"):
        item["target"] = as_int(*target)
    if area := props.one("assistance-area"):
        item["assistance_area"] = area[0]
    if (fundamental := props.one("fundamental")) and as_bool(*fundamental):
        item["fundamental"] = True
    _levels(parts.get("level-descriptor", []), item)
    if "example" in parts:
        item["example"] = parts["example"][0].markup("prose") or ""
    facts = [_fact(part) for part in parts.get("fact", [])]
    if facts:
        item["facts"] = dict(facts)
    if tags := props.all("tag"):
        item["tags"] = [value for value, _ in tags]
    return item


def _areas(catalog: Node, resources: dict[str, Node], places: dict[str, str]) -> list[Any]:
    if catalog.has("controls"):
        catalog.child("controls").fail("controls outside a group: every ctcap item is in an area")
    if not catalog.has("groups"):
        catalog.fail("no groups: ctcap's areas are the catalog's groups")
    areas = []
    for a, group in enumerate(catalog.members("groups")):
        for key in ("groups", "params"):
            if group.has(key):
                group.child(key).fail(f"an area has no nested {key}")
        Props.of(group, frozenset())
        area: dict[str, Any] = {"id": from_token(group.value.get("id", "")), "title": None}
        area["title"] = group.markup("title")
        for part in group.members("parts"):
            if not (is_core(part) and part.value["name"] == "overview"):
                part.fail("an area's group holds only an 'overview' part")
            if "description" in area:
                part.fail("a second 'overview' part")
            area["description"] = part.markup("prose") or ""
        places[f"areas[{a}]"] = f"{group.pointer} (group {group.value.get('id')!r})"
        area["items"] = []
        for i, control in enumerate(group.members("controls")):
            places[f"areas[{a}].items[{i}]"] = (
                f"{control.pointer} (control {control.value['id']!r})"
            )
            area["items"].append(_item(control, resources))
        areas.append(area)
    return areas


def _checklist_data(root: Node, places: dict[str, str]) -> dict[str, Any]:
    catalog = root.child("catalog")
    _check_unique_ids(catalog)
    metadata = catalog.child("metadata")
    resources = _resources(catalog)
    props = Props.of(metadata, frozenset({"checklist-id", "synthetic", "fundamental-cap"}))
    checklist_id = props.one("checklist-id", required=True)
    data: dict[str, Any] = {"id": checklist_id[0] if checklist_id else None}
    data["title"] = metadata.markup("title")
    data["version"] = metadata.value["version"]
    if metadata.has("remarks"):
        data["description"] = metadata.markup("remarks")
    data["source"] = _source(metadata, resources)
    places["scale"] = f"{catalog.pointer}/params/0"
    data["scale"] = _scale(catalog)
    if cap := props.one("fundamental-cap"):
        data["fundamental_cap"] = as_int(*cap)
    if (synthetic := props.one("synthetic")) and as_bool(*synthetic):
        data["synthetic"] = True
    places["source"] = metadata.pointer
    data["areas"] = _areas(catalog, resources, places)
    return data


def _place(path: str, places: dict[str, str]) -> str:
    """A checklist field's path (``areas[0].items[1].target``) said in catalog terms."""
    for prefix in sorted(places, key=len, reverse=True):
        if path == prefix or path.startswith(prefix + "."):
            rest = path[len(prefix) + 1 :]
            field = rest.split(".")[0].split("[")[0]
            where = _FIELD_PLACES.get(field, rest.replace("_", "-"))
            return f"{places[prefix]}: {where}" if rest else places[prefix]
    field = path.split(".")[0].split("[")[0]
    return f"/catalog/metadata: {_FIELD_PLACES.get(field, path)}" if path else "/catalog"


def read_catalog(path: Path, display: str | None = None) -> ImportedChecklist:
    """The checklist in the OSCAL catalog at ``path``, or ``InputFileError`` naming the place."""
    file = display or str(path)
    document = read_json(path, file)
    places: dict[str, str] = {}
    try:
        _check_kind(document)
        problem = schema_problem(document, CATALOG_SCHEMA)
        if problem is not None:
            raise LayoutError(
                problem[0], f"not a valid OSCAL catalog (v1.1.3 schema): {problem[1]}"
            )
        data = _checklist_data(Node(document), places)
    except LayoutError as exc:
        raise InputFileError([Problem(file, None, None, exc.pointer, exc.message)]) from None
    try:
        checklist = parse_checklist(YamlDocument(file, data), {})
    except InputFileError as exc:
        problems = [
            Problem(file, None, None, _place(p.path, places), p.message) for p in exc.problems
        ]
        raise InputFileError(problems) from None
    return ImportedChecklist(data, checklist)
