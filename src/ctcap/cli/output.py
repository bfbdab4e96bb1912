"""Small output helpers shared by the commands. Everything printed goes through the text
guard (``ctcap.text``): stored text is shown, never obeyed by the terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ctcap.text import for_terminal, json_for_terminal, shown_line

STDOUT = "-"  # `-o -`: standard output


def echo(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text that may hold stored or hostile text; lines and tabs are kept."""
    click.echo(for_terminal(str(text)), err=err, nl=nl)


def echo_line(text: object, *, err: bool = False) -> None:
    """Print one line: newlines and tabs in stored text are shown (␊ ␉), not obeyed."""
    click.echo(shown_line(str(text)), err=err)


def fail_line(text: str) -> None:
    """One line on stderr: newlines and tabs in it are shown, not obeyed."""
    click.echo(shown_line(text), err=True)


def emit_json(value: Any) -> None:
    click.echo(json_for_terminal(json.dumps(value, indent=2, ensure_ascii=False, default=str)))


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[shown_line(str(c)) for c in headers]] + [
        [("" if c is None else shown_line(str(c))) for c in r] for r in rows
    ]
    widths = [max(len(row[n]) for row in cells) for n in range(len(headers))]
    for index, row in enumerate(cells):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            click.echo("  ".join("-" * w for w in widths))


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def is_stdout(output: Path | str | None) -> bool:
    return output is not None and str(output) == STDOUT


def write_stdout(data: str | bytes, fmt: str) -> None:
    """A document on standard output (no -o, or `-o -`).

    JSON keeps its value (controls become \\u escapes); Markdown is always guarded; other
    text is guarded on a terminal and written exactly into a pipe; binary data goes into
    a pipe or file only, never onto a terminal.
    """
    from ctcap.errors import CtcapError

    terminal = sys.stdout.isatty()
    if isinstance(data, bytes):
        if terminal:
            raise CtcapError(f"--format {fmt} is a binary file: give -o FILE, or pipe `-o -`")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if fmt == "json":
        data = json_for_terminal(data)
    elif fmt == "md" or terminal:
        data = for_terminal(data)
    click.echo(data, nl=False)


def write_output(output: Path | str, data: str | bytes, fmt: str) -> Path | None:
    """``-o FILE`` (atomic, owner-only, never through a device or link) or ``-o -``.

    Returns the file written, or None for standard output.
    """
    if is_stdout(output):
        write_stdout(data, fmt)
        return None
    from ctcap.outfile import write_file

    return write_file(Path(output), data)


def emit_report(
    data: str | bytes,
    fmt: str,
    output: Path | None,
    what: str,
    synthetic: bool,
    handling: str = "",
) -> None:
    """A rendered report: to ``-o FILE`` (saying so, with its handling mark, marked when
    synthetic) or stdout."""
    if output is None:
        write_stdout(data, fmt)
        return
    written = write_output(output, data, fmt)
    if written is not None:
        from ctcap.text import shown_line

        marked = f" [{shown_line(handling)}]" if handling else ""
        flag = " [SYNTHETIC DATA]" if synthetic else ""
        echo(f"wrote {what} to {written} ({fmt}){marked}{flag}")


def check_binary_output(fmt: str, output: Path | None) -> None:
    """XLSX is a binary file: refused onto a terminal before any work is done."""
    from ctcap.errors import CtcapError

    if fmt == "xlsx" and output is None:
        raise CtcapError("--format xlsx writes a binary file: give -o FILE (or `-o -` to pipe it)")


def report_format_option() -> Any:
    """``--format`` of a report: one of ``reports.formats.FORMATS``, Markdown by default."""
    from ctcap.reports.formats import FORMATS  # light: no renderer is imported here

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="md",
        show_default=True,
        help="md, html, json and csv go to stdout without -o; xlsx needs -o.",
    )


def output_option(what: str, *, required: bool = False) -> Any:
    """``-o/--output``: a file written owner-only and atomically, or `-` for stdout."""
    return click.option(
        "-o",
        "--output",
        required=required,
        type=click.Path(allow_dash=True, path_type=Path),  # ctcap.outfile checks it
        help=f"Write {what} to FILE (mode 0600, replaced atomically), or `-` for stdout.",
    )
