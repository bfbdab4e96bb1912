"""``ctcap demo``: fictional demonstration data, or a bulk synthetic portfolio."""

from __future__ import annotations

import click

from .context import Context, pass_context
from .output import echo


@click.command()
@click.option("--countries", type=click.IntRange(1, 249), help="Bulk portfolio: this many.")
@click.option("--rounds", type=click.IntRange(1, 100), help="Bulk portfolio: rounds each.")
@click.option("--seed", type=int, default=2010, show_default=True, help="Random seed.")
@pass_context
def demo(context: Context, countries: int | None, rounds: int | None, seed: int) -> None:
    """Load synthetic demonstration data (fictional countries, several rounds).

    With --countries and --rounds, build a bulk synthetic portfolio for benchmarks
    instead (real ISO codes, every assessment marked synthetic).
    """
    from .context import bundled_checklists

    checklists = bundled_checklists()
    database = context.database()
    if countries is None and rounds is None:
        from ctcap.demo.story import build_demo

        summary = build_demo(database, checklists, seed=seed)
        echo(
            f"synthetic demo data: {summary.countries} fictional countries, "
            f"{summary.assessments} assessments, {summary.answers} answers added"
        )
        return
    from ctcap.demo.portfolio import build_portfolio
    from ctcap.demo.story import NOT_IN_DEMO

    real = [c for c in checklists if c.id not in NOT_IN_DEMO]
    result = build_portfolio(
        database, real, countries=countries or 195, rounds=rounds or 1, seed=seed
    )
    echo(
        f"synthetic portfolio: {result.countries} countries, {result.assessments} "
        f"assessments, {result.answers} answers"
    )
