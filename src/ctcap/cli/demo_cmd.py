"""``ctcap demo``: fictional demonstration data, or a bulk synthetic portfolio."""

from __future__ import annotations

import click

from .context import Context, pass_context
from .output import echo


@click.command()
@click.option("--countries", type=click.IntRange(1, 249), help="Bulk portfolio: this many.")
@click.option("--rounds", type=click.IntRange(1, 100), help="Bulk portfolio: rounds each.")
@click.option("--seed", type=int, default=2010, show_default=True, help="Random seed.")
@click.option(
    "--projects", type=click.IntRange(0, 1_000_000), default=0, help="Bulk: synthetic projects."
)
@pass_context
def demo(
    context: Context, countries: int | None, rounds: int | None, seed: int, projects: int
) -> None:
    """Load synthetic demonstration data (fictional countries, several rounds).

    With --countries and --rounds, build a bulk synthetic portfolio for benchmarks
    instead (real ISO codes, every assessment marked synthetic).
    """
    from .context import bundled_checklists

    checklists = bundled_checklists()
    database = context.database()
    if countries is None and rounds is None:
        from ctcap.demo.projects import build_demo_projects
        from ctcap.demo.story import NOT_IN_DEMO as SKIP
        from ctcap.demo.story import build_demo

        summary = build_demo(database, checklists, seed=seed)
        added = build_demo_projects(database, [c for c in checklists if c.id not in SKIP])
        echo(
            f"synthetic demo data: {summary.countries} fictional countries, "
            f"{summary.assessments} assessments, {summary.answers} answers, "
            f"{added} projects added"
        )
        return
    from ctcap.demo.portfolio import build_portfolio
    from ctcap.demo.story import NOT_IN_DEMO

    real = [c for c in checklists if c.id not in NOT_IN_DEMO]
    result = build_portfolio(
        database, real, countries=countries or 195, rounds=rounds or 1, seed=seed
    )
    made = 0
    if projects:
        from ctcap.demo.portfolio import FIRST_YEAR
        from ctcap.demo.projects import build_synthetic_projects
        from ctcap.storage.countries import iso_countries

        codes = list(iso_countries())[: countries or 195]
        made = build_synthetic_projects(
            database, real, codes, projects, FIRST_YEAR, rounds or 1, seed
        )
    echo(
        f"synthetic portfolio: {result.countries} countries, {result.assessments} "
        f"assessments, {result.answers} answers, {made} projects"
    )
