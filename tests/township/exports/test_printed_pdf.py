"""What the workbooks print: converted to PDF by LibreOffice headless and read back with pdftotext.

LibreOffice draws nothing of a cell's text below its row's height, so a step that is in the
PDF's text was printed. `-raw` keeps the text in the order it was drawn, cell by cell, so a
wrapped step reads as one run once the line breaks are taken out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook

from importers.layouts.xlsx.format import PART_COLUMNS
from importers.records import PART_BASIC
from township.exports import duty_list_as_xlsx
from township.exports.xlsx import workbook_title
from township.models import Duty, Step

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                       reason="LibreOffice (soffice) and poppler's pdftotext are needed to print"),
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "print"
CONVERT_TIMEOUT = 240  # seconds: LibreOffice's first start in a new profile takes a few
FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")  # pdftotext may drop the spaces


def printed(workbook: Path) -> tuple[str, list[str]]:
    """(the PDF's text in drawing order, its pages as laid out) for a workbook LibreOffice printed."""
    folder = workbook.parent
    profile = folder / "soffice-profile"  # its own profile: another soffice running cannot block it
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), str(workbook)]
    subprocess.run(command, check=True, capture_output=True, timeout=CONVERT_TIMEOUT)
    pdf = workbook.with_suffix(".pdf")
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, timeout=60)
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return raw.stdout.decode(), layout.stdout.decode().split("\f")[:-1]


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def longest_coordinating_item() -> Duty:
    """The coordinating item with the most steps in the bundled lists (the first such, by id)."""
    return (Duty.objects.filter(kind=Duty.Kind.COORDINATING).annotate(steps=Count("blocks__steps"))
            .order_by("-steps", "pk").select_related("duty_list__township").first())


@pytest.fixture
def printed_township(bundled_lists, tmp_path):
    """(the longest coordinating item, its workbook's title, the PDF's raw text, its pages)."""
    duty = longest_coordinating_item()
    workbook = tmp_path / "清单.xlsx"
    duty_list_as_xlsx(duty.duty_list, workbook)
    return (duty, workbook_title(duty.duty_list), *printed(workbook))


def test_every_step_of_the_longest_coordinating_item_is_printed(printed_township, tmp_path):
    duty, _, raw, _ = printed_township
    steps = list(Step.objects.filter(block__duty=duty).order_by("block__side", "block__position", "position"))
    assert len(steps) > 20  # long enough to need more than one printed row
    text = unspaced(raw)
    missing = [step.text for step in steps if unspaced(step.text) not in text]
    assert missing == []
    last = unspaced(steps[-1].text)
    shown = [number for number, page in enumerate(raw.split("\f"), start=1) if last in unspaced(page)]
    assert shown
    save_pictures(tmp_path / "清单.pdf", range(shown[0] - 1, shown[0] + 1), "township-longest-item")


def save_pictures(pdf: Path, numbers: range, name: str) -> None:
    """Pictures of these pages under test-artifacts/print/, to look at what was printed."""
    if not shutil.which("pdftoppm"):
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    command = ["pdftoppm", "-png", "-r", "80", "-f", str(max(numbers[0], 1)), "-l", str(numbers[-1]),
               str(pdf), str(ARTIFACTS / name)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def test_every_page_has_its_number_the_page_count_and_the_township_in_the_footer(printed_township):
    duty, title, _, pages = printed_township
    assert duty.duty_list.township.name in title
    for number, page in enumerate(pages, start=1):
        footer = [line for line in page.splitlines() if line.strip()][-1]
        assert FOOTER.search(footer).groups() == (str(number), str(len(pages)))
        assert title in footer


def test_the_header_row_is_printed_again_on_the_second_page(printed_township):
    _, title, _, pages = printed_township
    headings = [column.heading for column in PART_COLUMNS[PART_BASIC]]
    second = pages[1]
    assert title not in second.splitlines()[0]  # the title row is on the first page only
    header = next(line for line in second.splitlines() if line.strip())
    assert all(heading in header for heading in headings)  # the first sheet printed: the basic items


def test_the_search_workbook_prints_every_result_on_landscape_pages_with_the_header_again(
        client, bundled_lists, tmp_path):
    params = {"q": "消防"}
    response = client.get(reverse("township:search_xlsx"), params)
    workbook = tmp_path / "检索结果.xlsx"
    workbook.write_bytes(b"".join(response.streaming_content))
    raw, pages = printed(workbook)
    names = [row[6] for row in load_workbook(workbook)["检索结果"].iter_rows(min_row=3, values_only=True)]
    assert names and all(unspaced(name) in unspaced(raw) for name in names)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert FOOTER.search(lines[-1]).groups() == (str(number), str(len(pages)))
    # The page starts with the header row (a wrapped heading takes a line above and below it).
    top = unspaced("".join([line for line in pages[1].splitlines() if line.strip()][:3]))
    assert all(heading in top for heading in ("乡镇（街道）", "序号", "事项名称", "上级部门职责", "备注"))
    pdf = workbook.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, timeout=60).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points



def cell_lines(workbook: Path, sheet: str) -> list[tuple[int, str, str]]:
    """(row, column heading, line) for every line of text of every body cell of `sheet`."""
    rows = list(load_workbook(workbook)[sheet].iter_rows(values_only=True))
    headings, body = rows[1], rows[2:]
    return [(number, heading, line) for number, row in enumerate(body, start=3)
            for heading, value in zip(headings, row) if value is not None
            for line in str(value).split("\n") if line.strip()]


def test_every_line_of_every_cell_of_a_search_export_of_long_items_is_printed(client, bundled_lists, tmp_path):
    duty = longest_coordinating_item()
    params = {"township": duty.duty_list.township_id, "kind": Duty.Kind.COORDINATING}
    response = client.get(reverse("township:search_xlsx"), params)
    workbook = tmp_path / "检索结果.xlsx"
    workbook.write_bytes(b"".join(response.streaming_content))
    raw, _ = printed(workbook)
    text = unspaced(raw)
    lines = cell_lines(workbook, "检索结果")
    assert len({row for row, _, _ in lines}) > 20
    clipped = [(row, heading, line) for row, heading, line in lines if unspaced(line) not in text]
    assert clipped == []
