"""The review queue: editors clear what the importer flagged."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from township.models import ReviewFlag


def review_flags_mark_reviewed(*, flags: QuerySet[ReviewFlag], user) -> int:
    """Mark the open flags among `flags` as reviewed by `user` now; return how many."""
    return flags.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now(), reviewed_by=user)
