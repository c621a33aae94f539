"""Scanned lists through import_list: OCR of real page images, every doubtful item flagged with its image.

The pages are the committed scans of list 002 (fixtures/documents/scans/: specks, blur, JPEG, a
stamp), bound into an image-only PDF here: the 说明 page, a basic page, a coordinating page and
the last taken-back page with the stamp.
"""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from tests.township.database import township_checksum
from township.models import DutyList, ReviewFlag

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).resolve().parents[4] / "fixtures" / "documents"
SCANS = DOCUMENTS / "scans"
PAGES = ("002_p02_notes.png", "002_p04_basic.jpg", "002_p10_coordinating.jpg", "002_p47_stamp.jpg")
PLACE = ("--county", "于田县", "--township", "先拜巴扎镇", "--published", "2025-07")


def scanned_pdf(tmp_path: Path, names=PAGES) -> Path:
    """The committed page images bound into one PDF without a text layer, as a scanner makes it."""
    pages = [Image.open(SCANS / name).convert("L") for name in names]
    path = tmp_path / "先拜巴扎镇扫描件.pdf"
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    return path


def same_name(read: str, published: str) -> bool:
    """Equal but for punctuation width and spaces."""
    def plain(text: str) -> str:
        return unicodedata.normalize("NFKC", text).replace(" ", "")
    return plain(read) == plain(published)


def test_a_scanned_list_imports_and_every_name_not_read_exactly_is_flagged(tmp_path):
    out = io.StringIO()
    call_command("import_list", str(scanned_pdf(tmp_path)), *PLACE, stdout=out)
    report = out.getvalue()
    assert "版式 扫描件（文字识别）（scan）" in report.splitlines()[0]
    version = DutyList.objects.get()
    assert (version.stated_basic, version.stated_coordinating, version.stated_reclaimed) == (116, 98, 41)
    assert (version.stated_departments_coordinating, version.stated_departments_reclaimed) == (37, 16)
    expected = {item["seq"]: item["name"] for item in json.loads(
        (DOCUMENTS / "expected" / "002_xianbaibazha.json").read_text(encoding="utf-8"))["basic"]}
    basic = list(version.duties.filter(kind="basic").order_by("seq"))
    assert [duty.seq for duty in basic] == list(range(1, len(basic) + 1)) and len(basic) >= 25
    flagged = set(ReviewFlag.objects.filter(duty__in=basic).values_list("duty_id", flat=True))
    unflagged_misreads = [(duty.seq, duty.name) for duty in basic
                          if not same_name(duty.name, expected[duty.seq]) and duty.pk not in flagged]
    assert unflagged_misreads == []
    pictured = ReviewFlag.objects.filter(duty_list=version, reason=ReviewFlag.Reason.OCR_DOUBTFUL)
    assert pictured.exists() and all(bytes(flag.image).startswith(b"\x89PNG") for flag in pictured)


def test_one_scanned_page_is_no_whole_list_and_writes_nothing(tmp_path):
    path = tmp_path / "一页.jpg"
    path.write_bytes((SCANS / "002_p04_basic.jpg").read_bytes())
    before = township_checksum()
    with pytest.raises(CommandError, match=r"一页\.jpg: 未找到配合履职事项清单的表格"):
        call_command("import_list", str(path), *PLACE, stdout=io.StringIO())
    assert township_checksum() == before
