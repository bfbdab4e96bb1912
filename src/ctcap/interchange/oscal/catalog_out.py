"""A checklist as an OSCAL catalog: areas are groups, items are controls.

Everything a checklist holds is carried, so ``catalog_in`` can read it back: the scale is
the catalog parameter ``ctcap_scale`` (levels as choices, their descriptions as
guidelines, values and colours as props in level order); each item's question is its
``statement`` part, its guidance a ``guidance`` part, each level's descriptor a
``level-descriptor`` part (with the evidence that level requires as sub-parts), and its
weight, target, fundamental flag, assistance area and tags are props in ctcap's namespace.
References are back-matter resources (one per distinct reference, with an rlink when it
has a URL) linked from the control, the clause as the link's text.
"""

from __future__ import annotations

import json
from datetime import datetime

from ctcap.domain.model import Area, Checklist, Item, Reference, Scale, content_hash

from . import NS, OSCAL_VERSION, stable_uuid
from .model import (
    BackMatter,
    Catalog,
    CatalogDocument,
    Citation,
    Control,
    Group,
    Guideline,
    Link,
    Metadata,
    Param,
    Part,
    Prop,
    Resource,
    RLink,
    Selection,
    nonempty,
)
from .text import number, timestamp, to_markup, to_token

SCALE_PARAM = "ctcap_scale"
SOURCE_REL = "source"
REFERENCE_REL = "reference"
# Reference fields other than these become resource props of the same name, so a field
# added to ``Reference`` later (e.g. a kind) is carried without a change here.
_REFERENCE_OWN_FIELDS = ("title", "url", "clause")


def prop(name: str, value: str, class_: str | None = None) -> Prop:
    return Prop(name=name, ns=NS, value=value, class_=class_)


def flag(value: bool) -> str:
    return "true" if value else "false"


def catalog_uuid(checklist: Checklist) -> str:
    """Changes whenever the checklist's content does, as OSCAL asks of a document's uuid."""
    return stable_uuid("catalog", checklist.id, content_hash(checklist))


def control_id(item_id: str) -> str:
    return to_token(item_id)


def statement_id(item_id: str) -> str:
    return f"{control_id(item_id)}_smt"


def reference_extras(reference: Reference) -> dict[str, str]:
    data = reference.model_dump(mode="json", exclude_none=True)
    return {k: str(v) for k, v in data.items() if k not in _REFERENCE_OWN_FIELDS}


def reference_uuid(reference: Reference) -> str:
    key = {"title": reference.title, "url": reference.url, **reference_extras(reference)}
    return stable_uuid("reference", json.dumps(key, sort_keys=True, ensure_ascii=False))


def _resource(reference: Reference) -> Resource:
    extras = [prop(name, value) for name, value in reference_extras(reference).items()]
    return Resource(
        uuid=reference_uuid(reference),
        title=to_markup(reference.title),
        props=nonempty(extras),
        rlinks=[RLink(href=reference.url)] if reference.url else None,
    )


def _source_resource(checklist: Checklist) -> Resource:
    source = checklist.source
    return Resource(
        uuid=stable_uuid("source", checklist.id, content_hash(checklist)),
        title=to_markup(source.title),
        props=[prop("publication-date", source.date)],
        citation=Citation(text=to_markup(source.publisher)),
        rlinks=[RLink(href=source.url)] if source.url else None,
    )


def _scale_param(scale: Scale) -> Param:
    props = [prop("scale-id", scale.id)]
    props += [prop("level-value", str(level.value)) for level in scale.levels]
    props += [prop("level-colour", level.colour) for level in scale.levels]
    return Param(
        id=SCALE_PARAM,
        props=props,
        label=to_markup(scale.title),
        usage=to_markup(scale.description) if scale.description else None,
        guidelines=[Guideline(prose=to_markup(level.description)) for level in scale.levels],
        select=Selection(how_many="one", choice=[to_markup(lv.label) for lv in scale.levels]),
    )


def _level_parts(item: Item, scale: Scale) -> list[Part]:
    parts = []
    for level in scale.levels:
        evidence = [
            Part(name="evidence-required", ns=NS, prose=to_markup(text))
            for text in item.evidence_required.get(level.value, [])
        ]
        parts.append(
            Part(
                id=f"{control_id(item.id)}_lvl_{level.value}",
                name="level-descriptor",
                ns=NS,
                title=to_markup(f"{level.value} {level.label}"),
                props=[prop("level", str(level.value))],
                prose=to_markup(item.descriptors[level.value]),
                parts=nonempty(evidence),
            )
        )
    return parts


def _fact_part(key: str, value: str | int | bool) -> Part:
    if isinstance(value, bool):
        kind, text = "boolean", flag(value)
    elif isinstance(value, int):
        kind, text = "integer", str(value)
    else:
        kind, text = "string", value
    return Part(name="fact", ns=NS, class_=kind, title=to_markup(key), prose=to_markup(text))


def _control(item: Item, scale: Scale) -> Control:
    props = [
        prop("weight", number(item.weight)),
        prop("target", str(item.target)),
        prop("fundamental", flag(item.fundamental)),
        prop("assistance-area", item.assistance_area.value),
        *(prop("tag", tag) for tag in item.tags),
    ]
    parts = [Part(id=statement_id(item.id), name="statement", prose=to_markup(item.question))]
    if item.guidance:
        parts.append(
            Part(id=f"{control_id(item.id)}_gdn", name="guidance", prose=to_markup(item.guidance))
        )
    parts += _level_parts(item, scale)
    if item.example is not None:
        parts.append(Part(name="example", prose=to_markup(item.example)))
    parts += [_fact_part(key, value) for key, value in item.facts.items()]
    links = [
        Link(
            href=f"#{reference_uuid(ref)}",
            rel=REFERENCE_REL,
            text=to_markup(ref.clause) if ref.clause is not None else None,
        )
        for ref in item.references
    ]
    return Control(
        id=control_id(item.id),
        class_="ctcap-item",
        title=to_markup(item.title),
        props=props,
        links=links,
        parts=parts,
    )


def _group(area: Area, scale: Scale) -> Group:
    overview = [Part(name="overview", prose=to_markup(area.description))]
    return Group(
        id=to_token(area.id),
        class_="ctcap-area",
        title=to_markup(area.title),
        parts=overview if area.description else None,
        controls=[_control(item, scale) for item in area.items],
    )


def _metadata(checklist: Checklist, last_modified: datetime, source_uuid: str) -> Metadata:
    props = [prop("checklist-id", checklist.id), prop("synthetic", flag(checklist.synthetic))]
    if checklist.fundamental_cap is not None:
        props.append(prop("fundamental-cap", str(checklist.fundamental_cap)))
    return Metadata(
        title=to_markup(checklist.title),
        last_modified=timestamp(last_modified),
        version=checklist.version,
        oscal_version=OSCAL_VERSION,
        props=props,
        links=[Link(href=f"#{source_uuid}", rel=SOURCE_REL)],
        remarks=to_markup(checklist.description) if checklist.description else None,
    )


def checklist_catalog(checklist: Checklist, last_modified: datetime) -> CatalogDocument:
    """The catalog of ``checklist``; ``last_modified`` is the export's time (the caller's)."""
    source = _source_resource(checklist)
    resources = {source.uuid: source}
    for item in checklist.items():
        for reference in item.references:
            resources.setdefault(reference_uuid(reference), _resource(reference))
    return CatalogDocument(
        catalog=Catalog(
            uuid=catalog_uuid(checklist),
            metadata=_metadata(checklist, last_modified, source.uuid),
            params=[_scale_param(checklist.scale)],
            groups=[_group(area, checklist.scale) for area in checklist.areas],
            back_matter=BackMatter(resources=list(resources.values())),
        )
    )
