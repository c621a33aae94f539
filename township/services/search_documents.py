"""Search documents: the per-item tsvector, built from an item's values at import and again after edits.

Both paths go through `duty_search_segments`, which takes plain values (the item's name, its
category, its department names, its texts) in document order, so that a document written with
the row at import is the very document a later recompute gives for the same item.
"""

from __future__ import annotations

from typing import Iterable

from django.db.models import QuerySet

from township.models import Duty, DutyDepartment, ReclaimedMethod, Step
from township.search import WEIGHT_CATEGORY, WEIGHT_DEPARTMENTS, WEIGHT_NAME, WEIGHT_TEXTS, document_literal

SEARCH_DOCUMENT_BATCH = 1000


def duty_search_segments(*, name: str, category: str, departments: Iterable[tuple[str, str | None]],
                         texts: Iterable[str]) -> list[tuple[str, str]]:
    """One item's (text, weight) segments: name, category, departments by position, then texts in order.

    `departments` holds (name as published, canonical name or None) pairs; `texts` the steps
    (by side, block, position) followed by the handling methods.
    """
    segments = [(name, WEIGHT_NAME), (category, WEIGHT_CATEGORY)]
    for published, canonical in departments:
        # The canonical name too, so that "县人力资源和社会保障局" finds an item published as "县人社局".
        names = [published] if canonical in (None, published) else [published, canonical]
        segments += [(department, WEIGHT_DEPARTMENTS) for department in names]
    segments += [(text, WEIGHT_TEXTS) for text in texts]
    return segments


def duty_search_document(*, name: str, category: str, departments: Iterable[tuple[str, str | None]],
                         texts: Iterable[str]) -> str:
    """One item's search document as tsvector text, to store in `Duty.search_document` as it is.

    PostgreSQL reads the text with the tsvector input syntax when it is inserted or updated: no
    parser or dictionary rewrites the tokens, and the import's INSERT stays plain values.
    """
    return document_literal(duty_search_segments(name=name, category=category, departments=departments, texts=texts))


def _stored_values(duty_ids: Iterable[int] | QuerySet) -> dict[int, dict]:
    """{item id: duty_search_segments keyword arguments} read in four queries."""
    values: dict[int, dict] = {}
    for duty_id, name, category in Duty.objects.filter(pk__in=duty_ids).values_list(
        "pk", "name", "category__name"
    ):
        values[duty_id] = {"name": name, "category": category, "departments": [], "texts": []}
    ids = list(values)
    links = DutyDepartment.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, published, canonical in links.values_list("duty_id", "name_as_published", "department__name"):
        values[duty_id]["departments"].append((published, canonical))
    steps = Step.objects.filter(block__duty_id__in=ids).order_by(
        "block__duty_id", "block__side", "block__position", "position"
    )
    for duty_id, text in steps.values_list("block__duty_id", "text"):
        values[duty_id]["texts"].append(text)
    methods = ReclaimedMethod.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, text in methods.values_list("duty_id", "text"):
        values[duty_id]["texts"].append(text)
    return values


def duty_search_document_refresh(*, duty_ids: Iterable[int] | QuerySet) -> int:
    """Recompute the search document of the given items (ids or an id queryset); return how many.

    Five queries for up to SEARCH_DOCUMENT_BATCH items: four reads and one bulk UPDATE. An
    import writes the document with the row instead (see imports.loader).
    """
    documents = [Duty(pk=duty_id, search_document=duty_search_document(**values))
                 for duty_id, values in _stored_values(duty_ids).items()]
    Duty.objects.bulk_update(documents, ["search_document"], batch_size=SEARCH_DOCUMENT_BATCH)
    return len(documents)
