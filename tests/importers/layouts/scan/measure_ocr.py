"""Measure OCR engines on real Chinese table-cell lines; not a test, not run in CI.

Lines are cut from pages of `fixtures/documents/002_xianbaibazha.pdf` rendered at 150 dpi, at the
boxes pdfplumber gives for each text line of each table cell; the PDF's text layer is the truth.
Three conditions: the clean render; the page "scanned" (specks, blur, JPEG, as `make_scans.py`
does, without the skew so the boxes still fit); the scanned page with a red seal over the table
(only the lines the seal touches). Engines: PP-OCRv4 via `importers.layouts.scan.ocr`, and
Debian's tesseract 5 with chi_sim (`apt-get install tesseract-ocr tesseract-ocr-chi-sim`), run
once over a list of all line images so its model loads once.

    PYTHONPATH=. .venv/bin/python tests/importers/layouts/scan/measure_ocr.py [--lines 200]
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
from PIL import Image
from rapidfuzz.distance import Levenshtein

from importers.layouts.scan import ocr
from importers.layouts.scan.lines import split_lines

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "fixtures" / "documents"))
import make_scans  # noqa: E402

PDF = ROOT / "fixtures" / "documents" / "002_xianbaibazha.pdf"
# A spread over the three parts: basic (portrait), coordinating (landscape), taken back.
PAGES = (4, 5, 6, 7, 9, 12, 16, 21, 27, 33, 38, 43, 45, 47)
SCALE = make_scans.DPI / 72
MARGIN = 2  # pixels kept around pdfplumber's character boxes


@dataclass
class Line:
    """One line of a table cell: where it is and what it says."""

    page: int
    box: tuple[int, int, int, int]  # pixels at 150 dpi
    cell: tuple[int, int, int, int]
    truth: str


def table_lines(pdf: pdfplumber.PDF, number: int) -> list[Line]:
    """Every text line inside the table cells of one page, with its box in pixels."""
    page = pdf.pages[number - 1]
    found = []
    for table in page.find_tables():
        for cell in table.cells:
            cell_px = tuple(int(v * SCALE) for v in cell)
            for line in page.filter(_centred_in(cell)).extract_text_lines():
                truth = "".join(line["text"].split())
                if truth and line["bottom"] - line["top"] >= 6:
                    box = (line["x0"], line["top"], line["x1"], line["bottom"])
                    box_px = tuple(int(round(v * SCALE)) for v in box)
                    found.append(Line(number, box_px, cell_px, truth))
    return found


def _centred_in(cell):
    """A filter keeping the characters whose centre lies in the cell (a cell's first line pokes
    above its box by the font's ascent, so pdfplumber's within_bbox loses it)."""
    x0, top, x1, bottom = cell

    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return False
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return x0 <= x <= x1 and top <= y <= bottom

    return keep


def crop(page: np.ndarray, box: tuple[int, int, int, int], margin: int = MARGIN) -> np.ndarray:
    """The box cut from the page with a margin."""
    left, top, right, bottom = box
    return page[max(0, top - margin) : bottom + margin, max(0, left - margin) : right + margin]


def scanned(page, rng, seal_at=None) -> np.ndarray:
    """The page specked, blurred and JPEG'd (no skew), optionally with a seal; BGR."""
    if seal_at is not None:
        page = make_scans.stamped(page, seal_at, rng)
    page = make_scans.degraded(page, rng, skew=False)
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=75)
    return np.array(Image.open(buffer).convert("RGB"))[:, :, ::-1].copy()


def scores(truths: list[str], texts: list[str]) -> dict:
    """Exact lines; exact with punctuation width folded; exact letters; character accuracy."""
    clean = ["".join(t.split()) for t in texts]
    fold = lambda t: unicodedata.normalize("NFKC", t)  # noqa: E731
    letters = lambda t: "".join(ch for ch in t if ch.isalnum())  # noqa: E731
    errors = sum(Levenshtein.distance(t, c) for t, c in zip(truths, clean))
    return {
        "exact": sum(t == c for t, c in zip(truths, clean)),
        "exact_folded": sum(fold(t) == fold(c) for t, c in zip(truths, clean)),
        "exact_without_punctuation": sum(letters(t) == letters(c) for t, c in zip(truths, clean)),
        "char_accuracy": 1 - errors / sum(len(t) for t in truths),
        "n": len(truths),
    }


def run_rapidocr(images, threads=2):
    """PP-OCRv4 over all images; texts, per-line confidences (min, mean) and seconds per line."""
    ocr.INTRA_OP_THREADS = threads
    ocr._config.cache_clear()
    ocr._recogniser.cache_clear()
    ocr.recognise_line(images[0])  # load the model outside the timing
    start = time.perf_counter()
    results = ocr._recognised(images)
    elapsed = (time.perf_counter() - start) / len(images)
    texts = [reading.text for reading in results]
    minimum = [float(r.probabilities.min()) if r.probabilities.size else 0.0 for r in results]
    mean = [float(r.probabilities.mean()) if r.probabilities.size else 0.0 for r in results]
    return texts, minimum, mean, elapsed


def run_tesseract(images):
    """Tesseract chi_sim, one process over a list of line images (psm 7: one line each)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, image in enumerate(images):
            path = Path(folder) / f"{index:04d}.png"
            gray = ocr.ink_gray(image)
            cv2.imwrite(str(path), cv2.copyMakeBorder(gray, *(10,) * 4, cv2.BORDER_CONSTANT, value=255))
            paths.append(str(path))
        listing = Path(folder) / "list.txt"
        listing.write_text("\n".join(paths) + "\n")
        start = time.perf_counter()
        output = subprocess.run(
            ["tesseract", str(listing), "stdout", "-l", "chi_sim", "--psm", "7"],
            capture_output=True, text=True, check=True, env={"OMP_THREAD_LIMIT": "2", "PATH": "/usr/bin"},
        ).stdout
        elapsed = (time.perf_counter() - start) / len(images)
    texts = output.split("\f")[: len(images)]
    return texts, elapsed


def confidence_table(truths, texts, confidences, label):
    """For thresholds: share of wrong lines flagged and of right lines flagged needlessly."""
    wrong = [c for t, x, c in zip(truths, texts, confidences) if "".join(x.split()) != t]
    right = [c for t, x, c in zip(truths, texts, confidences) if "".join(x.split()) == t]
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
        caught = sum(c < threshold for c in wrong)
        needless = sum(c < threshold for c in right)
        print(f"  {label} < {threshold}: flags {caught}/{len(wrong)} wrong lines, {needless}/{len(right)} right ones")


def split_agreement(sample: list[Line], every_line: list[Line], pages: dict) -> None:
    """How often split_lines finds all the lines of a sampled line's cell, and what they read."""
    wanted = {(line.page, line.cell) for line in sample}
    cells: dict = {}
    for line in every_line:
        if (line.page, line.cell) in wanted:
            cells.setdefault((line.page, line.cell), []).append(line)
    agree, truths, images = 0, [], []
    for (page, cell), cell_lines in cells.items():
        left, top, right, bottom = cell
        inset = 3  # cut inside the ruling, as a cell finder does
        found = split_lines(pages[page][top + inset : bottom - inset, left + inset : right - inset])
        if len(found) == len(cell_lines):
            agree += 1
            truths += [l.truth for l in sorted(cell_lines, key=lambda l: l.box[1])]
            images += found
    print(f"split_lines: right line count in {agree}/{len(cells)} cells")
    texts, *_ = run_rapidocr(images)
    print("  rapidocr on split lines:", scores(truths, texts))


def gray_comparison(lines, pages_sealed, seals) -> None:
    """Lines under the seal: the max over channels against plain luminance."""
    touched = [l for l in lines if l.page in seals and _touches(l.box, seals[l.page])]
    truths = [l.truth for l in touched]
    images = [crop(pages_sealed[l.page], l.box) for l in touched]
    luminance = [cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) for image in images]
    for label, batch in (("max over channels", images), ("luminance", luminance)):
        texts, *_ = run_rapidocr(batch)
        print(f"  sealed lines, {label}:", scores(truths, texts))


def _touches(box, centre, radius=int(21 / 25.4 * make_scans.DPI)) -> bool:
    """Whether a box meets the seal's disc."""
    x = min(max(centre[0], box[0]), box[2])
    y = min(max(centre[1], box[1]), box[3])
    return (x - centre[0]) ** 2 + (y - centre[1]) ** 2 <= radius**2


def main() -> None:
    """Cut the lines, run both engines on them, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200, help="how many lines to sample")
    args = parser.parse_args()
    rng = np.random.default_rng(make_scans.SEED)
    with pdfplumber.open(PDF) as pdf:
        candidates = [line for number in PAGES for line in table_lines(pdf, number)]
    sample = random.Random(12).sample(candidates, min(args.lines, len(candidates)))
    rendered = make_scans.rendered_pages(PDF)
    clean = {n: np.array(rendered[n - 1])[:, :, ::-1].copy() for n in PAGES}
    noisy = {n: scanned(rendered[n - 1], rng) for n in PAGES}
    seals = {n: _seal_centre(sample, n, rng) for n in PAGES}
    sealed = {n: scanned(rendered[n - 1], rng, seals[n]) for n in PAGES}
    truths = [line.truth for line in sample]
    print(f"{len(sample)} lines from {len(PAGES)} pages, {sum(map(len, truths))} characters")
    for condition, pages in (("clean", clean), ("scanned", noisy)):
        images = [crop(pages[line.page], line.box) for line in sample]
        for threads in (1, 2):
            texts, minimum, mean, seconds = run_rapidocr(images, threads)
            print(f"{condition} rapidocr ({threads} thread):", scores(truths, texts), f"{seconds:.4f} s/line")
        confidence_table(truths, texts, minimum, "min char prob")
        confidence_table(truths, texts, mean, "mean char prob")
        if shutil.which("tesseract"):
            texts, seconds = run_tesseract(images)
            print(f"{condition} tesseract chi_sim:", scores(truths, texts), f"{seconds:.4f} s/line")
    gray_comparison(sample, sealed, seals)
    split_agreement(sample, candidates, noisy)


def _seal_centre(sample: list[Line], number: int, rng) -> tuple[int, int]:
    """A seal over some sampled line of the page (so each page has lines under a seal)."""
    lines = [line for line in sample if line.page == number] or [Line(number, (600, 800, 600, 800), (0,) * 4, "")]
    line = lines[int(rng.integers(len(lines)))]
    return int(line.box[0] + rng.integers(-60, 60)), int(line.box[1] + rng.integers(-60, 60))


if __name__ == "__main__":
    main()
