"""The one call after any change to published lists: everything derived from them follows it.

Imports, admin edits and deletions, reverts and department merges call `lists_changed` inside
their own transaction, so what is derived (the catalogue, the statistics summaries, the cached
pages) is never stale and never needs a shell; a new derived view adds itself here, not at every
caller.
"""

from __future__ import annotations

from typing import Iterable

from township.services.catalogue import catalogue_update
from township.services.summaries import summaries_refresh
from township.services.page_cache import page_cache_invalidate


def lists_changed(*, township_ids: Iterable[int], edited: Iterable[int] = ()) -> None:
    """Bring what is derived from these townships' lists up to date; `edited` items were corrected."""
    township_ids = set(township_ids)
    if not township_ids:
        return
    catalogue_update(township_ids=township_ids, edited=edited)
    summaries_refresh(township_ids=township_ids)
    # Every cached page, not only these townships': each township page counts the catalogue's
    # townships and marks items rare by other townships' lists, and the home page counts items.
    page_cache_invalidate(township_ids=township_ids)
