"""The Jinja2 environment the HTML reports render in, with the formats' filters.

Autoescaping is on: rationales and evidence are user input, and whatever markup they
contain appears as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ...model import Handling
from ..colours import colour_for_score, text_colour
from ..panel_text import (
    alpha_interval,
    alpha_value,
    short_answer,
    signed,
    signed_steps,
    spread_text,
    within_one_text,
)
from ..text import (
    SYNTHETIC_NOTICE,
    cap_reason,
    format_change,
    format_percent,
    format_score,
    trend_arrow,
)

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        score=format_score,
        change=format_change,
        percent=format_percent,
        arrow=trend_arrow,
        ink=text_colour,
        score_colour=colour_for_score,
        cap_reason=cap_reason,
        # The panel reports (agreement, self against external):
        alpha=alpha_value,
        interval=alpha_interval,
        short=short_answer,
        signed=signed,
        steps=signed_steps,
        spread=spread_text,
        within=within_one_text,
    )
    return env


# TLP 2.0's colours (FIRST): the label's colour on black; a ministry's own levels: white.
TLP_COLOURS = {
    "TLP:RED": "#FF2B2B",
    "TLP:AMBER": "#FFC000",
    "TLP:AMBER+STRICT": "#FFC000",
    "TLP:GREEN": "#33FF00",
    "TLP:CLEAR": "#FFFFFF",
}


def render(template: str, *, handling: Handling, **context: Any) -> str:
    """``template`` with the handling mark the base template puts on every page."""
    return (
        environment()
        .get_template(template)
        .render(
            notice=SYNTHETIC_NOTICE,
            handling=handling,
            handling_colour=TLP_COLOURS.get(handling.label, "#FFFFFF"),
            **context,
        )
    )
