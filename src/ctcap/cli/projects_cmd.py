"""``ctcap projects``: the register of capacity-building projects and the items they address."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .context import Context, pass_context
from .output import emit_json, emit_table
from .projects_marks_cmd import mark_option, release_option

if TYPE_CHECKING:
    from ctcap.domain.model import Checklist
    from ctcap.domain.projects import ItemLink, Project

_SCHEMES = [
    "grant-aid",
    "technical-cooperation",
    "expert-dispatch",
    "equipment",
    "seminar",
    "trainees-accepted",
    "fund-contribution",
]
_AREAS = [
    "immigration-control",
    "aviation-security",
    "port-maritime-security",
    "customs-cooperation",
    "export-control",
    "law-enforcement-cooperation",
    "terrorist-financing",
    "counter-cbrn",
    "ct-conventions",
]


def checklists_by_id() -> dict[str, Checklist]:
    from .context import bundled_checklists

    return {c.id: c for c in bundled_checklists()}


def parse_links(texts: tuple[str, ...]) -> tuple[ItemLink, ...]:
    from ctcap.domain.projects import ItemLink

    links = []
    for text in texts:
        checklist_id, sep, item_id = text.partition(":")
        if not sep or not checklist_id or not item_id:
            from ctcap.errors import CtcapError

            raise CtcapError(f"{text!r}: give CHECKLIST:ITEM, e.g. minimal:sltd-reporting")
        links.append(ItemLink(checklist_id, item_id))
    return tuple(links)


@click.group()
def projects() -> None:
    """The capacity-building projects register (IATI-style activities) and its views."""


_ADD_OPTIONS: list[Callable[[Any], Any]] = [
    click.option("--identifier", required=True, help="IATI-style id, e.g. XM-DAC-701-2009-1."),
    click.option("--title", required=True),
    click.option("--funding-org", required=True, help="Who pays (the donor)."),
    click.option("--funding-org-ref", default="", help="Its IATI organisation identifier."),
    click.option("--reporting-org", default=""),
    click.option("--reporting-org-ref", default=""),
    click.option("--implementing-org", default=""),
    click.option("--implementing-org-ref", default=""),
    click.option("--description", default=""),
    click.option("--programme", default="", help="The aid instrument or fund."),
    click.option("--scheme", type=click.Choice(_SCHEMES)),
    click.option("--status", type=click.IntRange(1, 6), help="IATI activity status 1–6."),
    click.option("--country", help="Recipient country (ISO alpha-3 or alpha-2)."),
    click.option("--region", help="Or a recipient region, e.g. ASEAN."),
    click.option("--parent", help="Identifier of the project this one is part of."),
    click.option("--area", type=click.Choice(_AREAS), help="Assistance area."),
    click.option("--decided", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    click.option("--planned-start"),
    click.option("--planned-end"),
    click.option("--actual-start"),
    click.option("--actual-end"),
    click.option("--currency", help="ISO 4217 code of the amounts."),
    click.option("--budget"),
    click.option("--committed"),
    click.option("--disbursed"),
    click.option("--donor-currency", help="The donor's currency, e.g. JPY."),
    click.option("--donor-budget"),
    click.option("--donor-committed"),
    click.option("--donor-disbursed"),
    click.option("--approximate", is_flag=True, help="The source gives approximate amounts."),
    click.option("--source", default="", help="Where the facts come from."),
    click.option("--synthetic", is_flag=True, help="Fictional data (demos, tests)."),
    click.option("--note", default=""),
    click.option(
        "--item",
        "items",
        multiple=True,
        metavar="CHECKLIST:ITEM",
        help="A checklist item it addresses (repeatable).",
    ),
    click.option("--actor", help="Who records it (default as for assessments)."),
    mark_option,
]


def _amount(text: str | None, name: str) -> Any:
    from ctcap.domain.projects import parse_amount

    if text is None:
        return None
    try:
        return parse_amount(text)
    except ValueError as exc:
        from ctcap.errors import CtcapError

        raise CtcapError(f"--{name}: {exc}") from None


def project_from_options(options: dict[str, Any]) -> Project:
    from ctcap.domain.model import AssistanceArea
    from ctcap.domain.projects import Money, Project, Scheme, Status

    def money(prefix: str, currency: str | None) -> Money:
        parts = {
            p: _amount(options[f"{prefix}{p}"], f"{prefix}{p}".replace("_", "-"))
            for p in ("budget", "committed", "disbursed")
        }
        return Money(currency.upper() if currency else None, **parts)

    plain = (
        "identifier",
        "title",
        "funding_org",
        "funding_org_ref",
        "reporting_org",
        "reporting_org_ref",
        "implementing_org",
        "implementing_org_ref",
        "description",
        "programme",
        "parent",
        "decided",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "approximate",
        "source",
        "synthetic",
        "note",
    )
    return Project(
        **{name: options[name] for name in plain},
        scheme=Scheme(options["scheme"]) if options["scheme"] else None,
        status=Status(options["status"]) if options["status"] else None,
        recipient_country=options["country"],
        recipient_region=options["region"].upper() if options["region"] else None,
        area=AssistanceArea(options["area"]) if options["area"] else None,
        money=money("", options["currency"]),
        donor_money=money("donor_", options["donor_currency"]),
        links=parse_links(options["items"]),
    )


def _with_add_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_ADD_OPTIONS):
        command = option(command)
    return command


@projects.command("add")
@_with_add_options
@pass_context
def projects_add(context: Context, **options: Any) -> None:
    """Record a project. Empty fields are unknown: ctcap never fills them in."""
    from ctcap.config import default_assessor
    from ctcap.storage.projects import add_project

    project = project_from_options(options)
    checklists = checklists_by_id()
    with context.database().write() as session:
        record = add_project(
            session,
            project,
            actor=default_assessor(options["actor"]),
            checklists=checklists,
            mark=options["mark"],
        )
    click.echo(f"project {record.id} {record.project.identifier} recorded")


@projects.command("update")
@_with_add_options
@pass_context
def projects_update(context: Context, **options: Any) -> None:
    """Replace a project's fields (and links) with those given, as one audited change."""
    from ctcap.config import default_assessor
    from ctcap.errors import NotFoundError
    from ctcap.storage.projects import get_project, save_project

    project = project_from_options(options)
    with context.database().write() as session:
        try:
            get_project(session, project.identifier)
        except NotFoundError:
            raise NotFoundError(f"no project {project.identifier!r}: use `projects add`") from None
        _, outcome = save_project(
            session,
            project,
            actor=default_assessor(options["actor"]),
            checklists=checklists_by_id(),
            mark=options["mark"],
        )
    click.echo(f"project {project.identifier} {outcome}")


@projects.command("list")
@click.option("--country", help="Recipient country (ISO code).")
@click.option("--donor", help="Funding organisation, exactly as recorded.")
@click.option("--area", type=click.Choice(_AREAS))
@click.option("--json", "as_json", is_flag=True)
@release_option
@pass_context
def projects_list(
    context: Context,
    country: str | None,
    donor: str | None,
    area: str | None,
    as_json: bool,
    release: str | None,
) -> None:
    """List projects, by identifier."""
    from ctcap.domain.model import AssistanceArea
    from ctcap.storage.countries import normalise_code
    from ctcap.storage.handling import release as release_of
    from ctcap.storage.project_reading import ProjectFilter, list_projects
    from ctcap.text import cut

    from .projects_output import amount, project_json, shown

    with context.database().read() as session:
        let_out = release_of(session, release)
        where = ProjectFilter(
            country=normalise_code(country) if country else None,
            donor=donor,
            area=AssistanceArea(area) if area else None,
            release=let_out,
        )
        records = list_projects(session, where)
    label = let_out.scheme.label
    if as_json:
        emit_json([project_json(r, label(r.mark)) for r in records])
        return
    rows = [
        (
            shown(r.project.identifier),
            shown(r.project.recipient),
            shown(r.project.funding_org),
            r.project.area.value if r.project.area else "",
            amount(r.project.money.committed, r.project.money.currency),
            len(r.project.links),
            label(r.mark),
            cut(shown(r.project.title), 60),
        )
        for r in records
    ]
    header = ("identifier", "recipient", "donor", "area", "committed", "links", "mark", "title")
    emit_table(header, rows)


@projects.command("show")
@click.argument("identifier")
@click.option("--json", "as_json", is_flag=True)
@release_option
@pass_context
def projects_show(context: Context, identifier: str, as_json: bool, release: str | None) -> None:
    """One project, each linked item's level before and after it, and its audit trail."""
    from ctcap.domain.before_after import ASSOCIATION_NOTE
    from ctcap.storage.handling import release as release_of
    from ctcap.storage.project_audit import events
    from ctcap.storage.project_marks import check_released
    from ctcap.storage.project_reading import before_after, link_states
    from ctcap.storage.projects import get_project

    from .projects_output import change_json, echo_project, project_json, shown

    checklists = checklists_by_id()
    with context.database().read() as session:
        let_out = release_of(session, release)
        record = get_project(session, identifier)
        check_released(record, let_out)
        changes = before_after(session, [record], let_out.shown_levels)[record.id]
        links = link_states(session, record, checklists)
        trail = events(session, record.id)
    mark = let_out.scheme.label(record.mark)
    if as_json:
        data = project_json(record, mark)
        data["before_after"] = [change_json(c) for c in changes]
        data["reworded_since_linked"] = [str(s.link) for s in links if s.reworded]
        data["events"] = [
            {"seq": e.seq, "kind": e.kind, "actor": e.actor, "at": e.at, "hash": e.hash}
            for e in trail
        ]
        data["note"] = ASSOCIATION_NOTE
        emit_json(data)
        return
    echo_project(record.project, changes, links)
    click.echo(f"mark       {mark}")
    for event in trail:
        click.echo(f"event {event.seq:<6} {event.at} {event.kind} by {shown(event.actor)}")
    if changes:
        click.echo(ASSOCIATION_NOTE)


@projects.command("link")
@click.argument("identifier")
@click.argument("items", nargs=-1, required=True, metavar="CHECKLIST:ITEM...")
@click.option("--remove", is_flag=True, help="Take the links away instead.")
@click.option("--actor", help="Who links them (default as for assessments).")
@pass_context
def projects_link(
    context: Context, identifier: str, items: tuple[str, ...], remove: bool, actor: str | None
) -> None:
    """Link checklist items the project addresses (an item the checklist lacks is refused)."""
    from ctcap.config import default_assessor
    from ctcap.storage.projects import link_items

    links = parse_links(items)
    with context.database().write() as session:
        record = link_items(
            session,
            identifier,
            links,
            actor=default_assessor(actor),
            checklists=checklists_by_id(),
            remove=remove,
        )
    click.echo(f"{record.project.identifier}: {len(record.project.links)} linked item(s)")


def register(group: click.Group) -> None:
    from .projects_io_cmd import projects_export, projects_import, projects_verify
    from .projects_marks_cmd import projects_mark
    from .projects_views_cmd import projects_need, projects_outcomes

    for command in (
        projects_mark,
        projects_import,
        projects_export,
        projects_verify,
        projects_outcomes,
        projects_need,
    ):
        group.add_command(command)


register(projects)
