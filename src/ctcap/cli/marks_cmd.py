"""Handling marks and evidence policy: `assessments mark`, `ctcap marks`, `ctcap evidence`."""

from __future__ import annotations

import click

from .context import ASSESSMENT_ID, Context, pass_context
from .output import echo, echo_line


@click.command("mark")
@click.argument("assessment_id", type=ASSESSMENT_ID)
@click.argument("mark", required=False)
@click.option("--names", "names_mark", help="A stricter mark for the assessor's and team's names.")
@click.option("--names-follow", is_flag=True, help="The names take the round's mark again.")
@click.option("--assessor", help="Who changes it (default as for `new`).")
@pass_context
def assessments_mark(
    context: Context,
    assessment_id: int,
    mark: str | None,
    names_mark: str | None,
    names_follow: bool,
    assessor: str | None,
) -> None:
    """Change a round's handling MARK (final rounds too); a `mark` event records it."""
    from ctcap.storage.answer_codec import KEEP
    from ctcap.storage.handling import mark_scheme
    from ctcap.storage.identity import acting_person
    from ctcap.storage.marking import set_marks

    if names_mark is not None and names_follow:
        raise click.UsageError("give --names LEVEL or --names-follow, not both")
    with context.database().write() as session:
        info = set_marks(
            session, assessment_id, actor=acting_person(session, assessor), mark=mark,
            names_mark=None if names_follow else (KEEP if names_mark is None else names_mark),
        )  # fmt: skip
        scheme = mark_scheme(session)
    names = f", names {scheme.label(info.names_mark)}" if info.names_mark else ""
    echo(f"assessment {info.id} is {scheme.label(info.mark)}{names}")


@click.group()
def marks() -> None:
    """This database's handling marks: TLP 2.0 (default) or a ministry's own levels."""


@marks.command("show")
@pass_context
def marks_show(context: Context) -> None:
    """The levels, most open first, and the default for new rounds."""
    from ctcap.storage.handling import mark_scheme

    with context.database().read() as session:
        scheme = mark_scheme(session)
    name = "Traffic Light Protocol 2.0" if scheme.is_tlp else "this database's own levels"
    echo_line(f"{name}: {' < '.join(scheme.label(level) for level in scheme.levels)}")
    echo_line(f"default for new rounds: {scheme.label(scheme.default)}")


@marks.command("set")
@click.argument("levels", nargs=-1, required=True)
@click.option("--default", "default", help="The default for new rounds (default: the lowest).")
@pass_context
def marks_set(context: Context, levels: tuple[str, ...], default: str | None) -> None:
    """Use LEVELS (most open first) instead of TLP, e.g. UNCLASSIFIED RESTRICTED SECRET.

    Refused while a stored mark is not one of them. On PostgreSQL only administrators.
    """
    from ctcap.domain.marks import custom_scheme
    from ctcap.storage.handling import set_mark_scheme
    from ctcap.storage.identity import acting_person

    scheme = custom_scheme(levels, default)
    with context.database().write() as session:
        set_mark_scheme(session, scheme, actor=acting_person(session))
    echo_line(f"marks: {' < '.join(scheme.levels)}; default {scheme.default}")


@marks.command("tlp")
@click.option("--default", "default", default="AMBER", show_default=True)
@pass_context
def marks_tlp(context: Context, default: str) -> None:
    """Go back to the Traffic Light Protocol 2.0."""
    from ctcap.domain.marks import TLP_LEVELS, custom_scheme
    from ctcap.storage.handling import set_mark_scheme
    from ctcap.storage.identity import acting_person

    scheme = custom_scheme(TLP_LEVELS, default)
    with context.database().write() as session:
        set_mark_scheme(session, scheme, actor=acting_person(session))
    echo_line(f"marks: TLP 2.0; default {scheme.label(scheme.default)}")


@click.group()
def evidence() -> None:
    """How evidence is judged: when it counts as stale."""


@evidence.command("policy")
@click.option(
    "--stale-years",
    type=click.IntRange(1, 100),
    help="Evidence dated more than this many years before a round's as-of date is stale.",
)
@pass_context
def evidence_policy(context: Context, stale_years: int | None) -> None:
    """Show (or set) after how many years evidence is stale (5 unless set)."""
    from ctcap.storage.handling import set_stale_years
    from ctcap.storage.handling import stale_years as current
    from ctcap.storage.identity import acting_person

    with context.database().write() as session:
        if stale_years is not None:
            set_stale_years(session, stale_years, actor=acting_person(session))
        years = current(session)
    echo(f"evidence is stale when dated more than {years} year(s) before the round's as-of date")
