"""The template filter that finds an item's 少见 mark on a township's page."""

from __future__ import annotations

from township.selectors.catalogue import RareMark, TownshipCatalogue
from township.templatetags.catalogue import rare_mark


def test_a_rare_item_gets_its_mark_and_any_other_item_none():
    mark = RareMark(entry_id=7, townships=1)
    catalogue = TownshipCatalogue(built=True, covers_version=True, rare={42: mark})
    assert rare_mark(catalogue, 42) is mark
    assert rare_mark(catalogue, 43) is None
    assert rare_mark(None, 42) is None  # a page rendered without the catalogue
