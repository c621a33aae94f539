"""Search documents: the per-item tsvector recomputed after imports and edits."""

from __future__ import annotations

from typing import Iterable

from django.contrib.postgres.search import SearchVectorField
from django.db.models import QuerySet, Value
from django.db.models.functions import Cast

from township.models import Duty, DutyDepartment, ReclaimedMethod, Step
from township.search import WEIGHT_LABELS, WEIGHT_NAME, WEIGHT_TEXTS, document_literal

SEARCH_DOCUMENT_BATCH = 1000


def _search_segments(duty_ids: Iterable[int] | QuerySet) -> dict[int, list[tuple[str, str]]]:
    """{item id: [(text, weight), …]} read in four queries: names, departments, steps, methods."""
    segments: dict[int, list[tuple[str, str]]] = {}
    for duty_id, name, category in Duty.objects.filter(pk__in=duty_ids).values_list(
        "pk", "name", "category__name"
    ):
        segments[duty_id] = [(name, WEIGHT_NAME), (category, WEIGHT_LABELS)]
    ids = list(segments)
    links = DutyDepartment.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, published, canonical in links.values_list(
        "duty_id", "name_as_published", "department__name"
    ):
        # The canonical name too, so that "县人力资源和社会保障局" finds an item published as "县人社局".
        names = [published] if canonical in (None, published) else [published, canonical]
        segments[duty_id] += [(name, WEIGHT_LABELS) for name in names]
    steps = Step.objects.filter(block__duty_id__in=ids).order_by(
        "block__duty_id", "block__side", "block__position", "position"
    )
    for duty_id, text in steps.values_list("block__duty_id", "text"):
        segments[duty_id].append((text, WEIGHT_TEXTS))
    methods = ReclaimedMethod.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, text in methods.values_list("duty_id", "text"):
        segments[duty_id].append((text, WEIGHT_TEXTS))
    return segments


def duty_search_document_refresh(*, duty_ids: Iterable[int] | QuerySet) -> int:
    """Recompute the search document of the given items (ids or an id queryset); return how many.

    Five queries for up to SEARCH_DOCUMENT_BATCH items: four reads and one bulk UPDATE.
    """
    documents = [
        Duty(pk=duty_id, search_document=Cast(Value(document_literal(parts)), SearchVectorField()))
        for duty_id, parts in _search_segments(duty_ids).items()
    ]
    Duty.objects.bulk_update(documents, ["search_document"], batch_size=SEARCH_DOCUMENT_BATCH)
    return len(documents)
