"""Real item names from the bundled lists, parsed without the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.pipeline import Given, parse_source
from importers.records import PARTS, ParsedList
from importers.sources import place_from_values, read_metadata, read_source

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


@pytest.fixture(scope="session")
def bundled_parsed() -> dict[str, ParsedList]:
    """{township name: parsed list} for the four bundled lists, parsed as import_list would."""
    parsed = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        metadata = read_metadata(path)  # the .meta.toml beside a list that does not name its place
        given = Given(place=place_from_values(metadata), published=metadata.get("published"))
        result, _ = parse_source(read_source(path), given=given)
        parsed[result.preamble.place.township] = result
    return parsed


def names(parsed: ParsedList, part: str) -> list[str]:
    """The item names of one part of a parsed list, in published order."""
    assert part in PARTS
    return [item.name for item in getattr(parsed.items, part)]
