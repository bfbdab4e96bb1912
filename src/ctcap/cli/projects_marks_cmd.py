"""``ctcap projects mark``, and the ``--mark``/``--release`` options the projects commands
share: a project's handling mark, and what a release at a level lets out."""

from __future__ import annotations

import click

from .context import Context, pass_context

mark_option = click.option(
    "--mark",
    metavar="LEVEL",
    help="Handling mark, a level of this database's scheme (default: the scheme's default; "
    "`update` and `import` keep a project's mark unless given).",
)
release_option = click.option(
    "--release",
    metavar="LEVEL",
    help="Leave out the projects (and rounds) marked above LEVEL, e.g. TLP:GREEN.",
)


@click.command("mark")
@click.argument("identifier")
@click.argument("level")
@click.option("--actor", help="Who decides it (default as for assessments).")
@pass_context
def projects_mark(context: Context, identifier: str, level: str, actor: str | None) -> None:
    """Set a project's handling mark (an audited change; an unknown level is refused)."""
    from ctcap.config import default_assessor
    from ctcap.storage.handling import mark_scheme
    from ctcap.storage.project_marks import set_project_mark

    from .projects_output import shown

    with context.database().write() as session:
        record = set_project_mark(session, identifier, level, actor=default_assessor(actor))
        label = mark_scheme(session).label(record.mark)
    click.echo(f"project {shown(record.project.identifier)} marked {label}")
