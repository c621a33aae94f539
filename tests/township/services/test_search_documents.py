"""Search documents: the one an import writes with the row is the one a recompute gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from township.models import Duty
from township.search import WEIGHT_CATEGORY, WEIGHT_DEPARTMENTS, WEIGHT_NAME, WEIGHT_TEXTS
from township.services.search_documents import duty_search_document_refresh, duty_search_segments

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
BUNDLED = sorted(path.name for path in FIXTURES.glob("*.txt"))


def _stored_documents() -> dict[int, str]:
    return dict(Duty.objects.annotate(text=Cast("search_document", TextField())).values_list("pk", "text"))


@pytest.mark.parametrize("file_name", BUNDLED)
def test_the_document_written_at_import_is_the_one_a_recompute_gives(file_name):
    call_command("import_list", str(FIXTURES / file_name), stdout=io.StringIO())
    imported = _stored_documents()
    assert len(imported) > 200 and all(imported.values())  # every item has a document, none empty

    assert duty_search_document_refresh(duty_ids=list(imported)) == len(imported)

    recomputed = _stored_documents()
    differing = [pk for pk in imported if imported[pk] != recomputed[pk]]
    assert differing == []


def test_segments_come_name_category_departments_then_texts():
    segments = duty_search_segments(name="工伤认定调查", category="民生服务",
                                    departments=[("县人社局", "县人力资源和社会保障局"), ("县财政局", None),
                                                 ("县医保局", "县医保局")],
                                    texts=["由县人社局负责", "报送材料"])
    assert segments == [
        ("工伤认定调查", WEIGHT_NAME), ("民生服务", WEIGHT_CATEGORY), ("县人社局", WEIGHT_DEPARTMENTS),
        ("县人力资源和社会保障局", WEIGHT_DEPARTMENTS), ("县财政局", WEIGHT_DEPARTMENTS), ("县医保局", WEIGHT_DEPARTMENTS),
        ("由县人社局负责", WEIGHT_TEXTS), ("报送材料", WEIGHT_TEXTS),
    ]


def test_the_migration_moves_a_category_to_its_own_weight_exactly_as_a_recompute_writes_it(bundled_lists):
    """Migration 0013 rewrites documents written before, when the category shared B with the departments."""
    from importlib import import_module

    from django.db import connection

    from township.search import document_literal

    reweight = import_module("township.migrations.0013_search_category_weight").REWEIGHT
    current = _stored_documents()
    # The documents as the earlier code wrote them: the category weighted as the departments are.
    for duty_id in list(current)[:300]:
        duty = Duty.objects.select_related("category").get(pk=duty_id)
        old = [(text, WEIGHT_DEPARTMENTS if weight == WEIGHT_CATEGORY else weight)
               for text, weight in _segments_of(duty)]
        Duty.objects.filter(pk=duty_id).update(search_document=document_literal(old))
    assert _stored_documents() != current
    with connection.cursor() as cursor:
        cursor.execute(reweight, {"old": WEIGHT_DEPARTMENTS, "new": WEIGHT_CATEGORY})
    assert _stored_documents() == current


def _segments_of(duty: Duty) -> list[tuple[str, str]]:
    departments = [(link.name_as_published, link.department.name if link.department else None)
                   for link in duty.duty_departments.select_related("department").order_by("position")]
    texts = [step.text for block in duty.blocks.order_by("side", "position") for step in block.steps.order_by("position")]
    texts += [method.text for method in duty.methods.order_by("position")]
    return duty_search_segments(name=duty.name, category=duty.category.name, departments=departments, texts=texts)
