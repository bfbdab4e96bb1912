"""Entry point: ``ctcap``. Errors of the project's own types print one line, no traceback."""

from __future__ import annotations

import sys

import click

from ctcap import __version__

from .assessments_cmd import assessments
from .bundle_cmd import conflicts, export_cmd, import_cmd
from .checklists_cmd import checklists
from .context import Context
from .data_cmd import data
from .db_cmd import audit, db
from .demo_cmd import demo
from .oscal_cmd import checklists_export, checklists_import
from .panel_cmd import panel
from .projects_cmd import projects
from .proposals_cmd import proposals
from .report_cmd import history, report
from .review_cmd import compare, review, team
from .serve_cmd import serve


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctcap")
@click.option(
    "--db",
    "db_option",
    metavar="URL",
    help="SQLAlchemy URL or SQLite file path (default: $CTCAP_DB, else db/ctcap.sqlite).",
)
@click.pass_context
def cli(ctx: click.Context, db_option: str | None) -> None:
    """Score countries' counter-terrorism capacity against policy checklists.

    With no command, opens the assessor's terminal app.
    """
    ctx.obj = Context(db_option)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from .tui_cmd import open_app

        open_app(ctx.obj)


checklists.add_command(checklists_export)
checklists.add_command(checklists_import)
cli.add_command(checklists)
cli.add_command(assessments)
cli.add_command(db)
cli.add_command(audit)
cli.add_command(demo)
cli.add_command(export_cmd)
cli.add_command(import_cmd)
cli.add_command(conflicts)
cli.add_command(report)
cli.add_command(history)
cli.add_command(serve)
cli.add_command(data)
cli.add_command(proposals)
cli.add_command(panel)
cli.add_command(review)
cli.add_command(compare)
cli.add_command(team)
cli.add_command(projects)


def main(argv: list[str] | None = None) -> None:
    from ctcap.errors import CtcapError

    try:
        cli.main(args=argv, prog_name="ctcap", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("ctcap: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CtcapError as exc:
        for line in str(exc).splitlines() or ["error"]:
            click.echo(f"ctcap: {line}" if "ctcap" not in line[:6] else line, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
