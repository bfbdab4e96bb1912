"""Entry point: ``ctcap``. Errors of the project's own types print one line, no traceback."""

from __future__ import annotations

import os
import sys

import click

from ctcap import __version__
from ctcap.text import shown_line

from .assessments_cmd import assessments
from .assessments_show_cmd import assessments_show
from .bundle_cmd import conflicts, export_cmd, import_cmd
from .checklists_cmd import checklists
from .context import Context
from .data_cmd import data
from .db_cmd import audit, db
from .demo_cmd import demo
from .keys_cmd import keys
from .marks_cmd import assessments_mark, evidence, marks
from .oscal_cmd import checklists_export, checklists_import
from .output import fail_line
from .panel_cmd import panel
from .projects_cmd import projects
from .proposals_cmd import proposals
from .report_cmd import history, report
from .review_cmd import compare, review, team
from .serve_cmd import serve
from .treaty_cmd import assessments_treaty


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctcap")
@click.option(
    "--db",
    "db_option",
    metavar="URL",
    help="SQLAlchemy URL or SQLite file path (default: $CTCAP_DB, else db/ctcap.sqlite).",
)
@click.option(
    "--db-init-foreign",
    "allow_foreign",
    is_flag=True,
    help="Add ctcap's tables to a database that has other tables and no ctcap schema.",
)
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, allow_foreign: bool) -> None:
    """Score countries' counter-terrorism capacity against policy checklists.

    With no command, opens the assessor's terminal app.
    """
    ctx.obj = Context(db_option, allow_foreign)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from .tui_cmd import open_app

        open_app(ctx.obj)


assessments.add_command(assessments_show)
assessments.add_command(assessments_treaty)
assessments.add_command(assessments_mark)
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
cli.add_command(keys)
cli.add_command(marks)
cli.add_command(evidence)


def _undecodable(argv: list[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps such bytes as surrogates)."""
    for index, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raw = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {index} is not valid UTF-8 text: {shown_line(raw, 60)}"
    return None


def _usage_line(exc: click.UsageError) -> str:
    if exc.ctx is None:
        return f"ctcap: {exc.format_message()}"
    path = exc.ctx.command_path
    command = path.removeprefix("ctcap").strip()
    return f"ctcap: {command + ': ' if command else ''}{exc.format_message()} (see `{path} -h`)"


def main(argv: list[str] | None = None) -> None:
    """Run ``ctcap``: every failure is one line on stderr (several for a list of problems),
    every printed character guarded (``ctcap.text``), never a traceback."""
    from ctcap.errors import CtcapError

    args = sys.argv[1:] if argv is None else argv
    if (bad := _undecodable(args)) is not None:
        fail_line(f"ctcap: {bad}")
        sys.exit(1)
    try:
        cli.main(args=args, prog_name="ctcap", standalone_mode=False)
    except click.exceptions.Abort:
        fail_line("ctcap: aborted")
        sys.exit(1)
    except click.UsageError as exc:
        fail_line(_usage_line(exc))
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        fail_line(f"ctcap: {exc.format_message()}")
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CtcapError as exc:
        for line in str(exc).splitlines() or ["error"]:
            fail_line(f"ctcap: {line}" if "ctcap" not in line[:6] else line)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, and never a secret from a traceback
        if os.environ.get("CTCAP_DEBUG"):
            raise
        fail_line(f"ctcap: internal error ({type(exc).__name__}); CTCAP_DEBUG=1 shows where")
        sys.exit(1)
