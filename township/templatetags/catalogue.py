"""Template filters for the catalogue's marks on a township's page."""

from __future__ import annotations

from django import template

from township.selectors.catalogue import RareMark, TownshipCatalogue

register = template.Library()


@register.filter
def rare_mark(catalogue: TownshipCatalogue | None, duty_id: int) -> RareMark | None:
    """The 少见 mark of an item (its entry and townships), or None when it is not rare."""
    if catalogue is None:
        return None
    return catalogue.rare.get(duty_id)
