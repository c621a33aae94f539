"""Search documents: the one an import writes with the row is the one a recompute gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from township.models import Duty
from township.search import WEIGHT_LABELS, WEIGHT_NAME, WEIGHT_TEXTS
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
        ("工伤认定调查", WEIGHT_NAME), ("民生服务", WEIGHT_LABELS), ("县人社局", WEIGHT_LABELS),
        ("县人力资源和社会保障局", WEIGHT_LABELS), ("县财政局", WEIGHT_LABELS), ("县医保局", WEIGHT_LABELS),
        ("由县人社局负责", WEIGHT_TEXTS), ("报送材料", WEIGHT_TEXTS),
    ]
