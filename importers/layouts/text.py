"""What every text layout shares: reading a decoded Source into items plus the 说明 before them."""

from __future__ import annotations

from collections.abc import Callable

from importers.preamble import parse_preamble, preamble_issues
from importers.records import ParsedItems, Reading


def text_reading(parse_text: Callable[..., ParsedItems], source) -> Reading:
    """A text layout's items, with the preamble and its contradictions read from the same text."""
    items = parse_text(source.text, source=source.name)
    remarks = tuple(preamble_issues(source.text, source=source.name))
    return Reading(items=items, preamble=parse_preamble(source.text), remarks=remarks)
