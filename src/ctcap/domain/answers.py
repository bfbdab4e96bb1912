"""What an assessor can answer for an item: a level of the scale, or a special answer."""

from __future__ import annotations

from enum import StrEnum

from ctcap.errors import InvalidAnswerError

from .model import Scale


class Special(StrEnum):
    """Answers that are not levels. Both count as answered; neither is the lowest level."""

    NOT_APPLICABLE = "na"
    NO_INFORMATION = "unknown"


# A level value, or a special answer. An unanswered item has no entry at all.
Response = int | Special

SPECIAL_LABELS = {Special.NOT_APPLICABLE: "N/A", Special.NO_INFORMATION: "No information"}
_SPECIAL_ALIASES = {
    "na": Special.NOT_APPLICABLE,
    "n/a": Special.NOT_APPLICABLE,
    "x": Special.NOT_APPLICABLE,
    "unknown": Special.NO_INFORMATION,
    "?": Special.NO_INFORMATION,
    "ni": Special.NO_INFORMATION,
}


def parse_response(text: str, scale: Scale) -> Response:
    """Parse what a user typed (``3``, ``na``, ``unknown``) against a scale."""
    key = text.strip().lower()
    if key in _SPECIAL_ALIASES:
        return _SPECIAL_ALIASES[key]
    try:
        value = int(key)
    except ValueError:
        pass
    else:
        if value in scale.values:
            return value
    allowed = ", ".join(str(v) for v in scale.values)
    raise InvalidAnswerError(
        f"level {text!r} is not on scale {scale.id!r}: use one of {allowed}, na or unknown"
    )


def response_label(response: Response | None, scale: Scale) -> str:
    if response is None:
        return "Unanswered"
    if isinstance(response, Special):
        return SPECIAL_LABELS[response]
    return f"{response} {scale.level(response).label}"
