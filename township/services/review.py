"""The review queue: editors clear what the importer flagged."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from township.models import ReviewFlag
from township.services.page_cache import page_cache_invalidate


def review_flags_mark_reviewed(*, flags: QuerySet[ReviewFlag], user) -> int:
    """Mark the open flags among `flags` as reviewed by `user` now; return how many."""
    marked = flags.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now(), reviewed_by=user)
    if marked:
        page_cache_invalidate()  # the 待核对 marks on township and item pages
    return marked
