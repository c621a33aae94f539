"""Measure reading a whole scanned list against its expected items; not a test, not run in CI.

Issue 12's figures: items found in the right part with the right 序号, names exact (NFKC, spaces
removed: punctuation width does not count), department lists exact, inexact names left
unflagged (must be 0), the stated counts of the 说明, seconds a page and peak memory.

    .venv/bin/python fixtures/documents/make_scans.py --source fixtures/documents/002_xianbaibazha.pdf --pdf /tmp/scan002.pdf
    PYTHONPATH=. .venv/bin/python tests/importers/layouts/scan/measure_scan.py /tmp/scan002.pdf \
        fixtures/documents/expected/002_xianbaibazha.json [--misses]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from importers.layouts.scan import pages as scan_pages  # noqa: E402
from importers.pipeline import Given, parse_source  # noqa: E402
from importers.records import Place  # noqa: E402
from importers.sources import source_from_bytes  # noqa: E402

PARTS = ("basic", "coordinating", "reclaimed")


def norm(text: str) -> str:
    """Text as compared: NFKC (full- and half-width punctuation alike), without any space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def measure(pdf: Path, expected: dict) -> dict:
    """Parse the scan and compare it with the expected list; the figures as a dict."""
    content = pdf.read_bytes()
    place = expected["place"]
    given = Given(place=Place(county=place["county"], township=place["township"]), published=expected["published"])
    pages = scan_pages.scan_pages(content, source=pdf.name).count
    started = time.perf_counter()
    parsed, _issues = parse_source(source_from_bytes(content, name=pdf.name), given=given)
    seconds = time.perf_counter() - started
    figures = {"layout": parsed.layout, "pages": pages, "seconds_per_page": round(seconds / pages, 2),
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    found = seqs = names = unflagged = departments = department_lists = extra = 0
    misses = []
    for part in PARTS:
        got = {}
        for item in getattr(parsed.items, part):
            got.setdefault(item.seq, item)
        wanted = {entry["seq"]: entry for entry in expected[part]}
        extra += len(set(got) - set(wanted))
        for seq, entry in wanted.items():
            item = got.get(seq)
            seqs += 1
            if item is None:
                misses.append((part, seq, "missing", entry["name"], ""))
                continue
            found += 1
            flags = [flag.code for flag in item.flags]
            if norm(item.name) == norm(entry["name"]):
                names += 1
            else:
                unflagged += not flags
                misses.append((part, seq, "name" + ("" if flags else " UNFLAGGED"), entry["name"], item.name))
            if part != "basic":
                department_lists += 1
                if [norm(d) for d in item.departments] == [norm(d) for d in entry["departments"]]:
                    departments += 1
                else:
                    misses.append((part, seq, "departments", "、".join(entry["departments"]),
                                   "、".join(item.departments)))
    stated = parsed.preamble.stated
    figures.update({
        "found": f"{found}/{seqs}", "extra_seqs": extra, "names_exact": f"{names}/{seqs}",
        "departments_exact": f"{departments}/{department_lists}", "inexact_unflagged": unflagged,
        "flagged_items": sum(bool(item.flags) for part in PARTS for item in getattr(parsed.items, part)),
        "stated_counts": dict(stated.counts) == expected["stated"]["counts"],
        "stated_departments": dict(stated.departments) == expected["stated"]["departments"],
    })
    return {"figures": figures, "misses": misses}


def main() -> None:
    """Print the figures (and with --misses every difference) of one scanned list."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("expected", type=Path)
    parser.add_argument("--misses", action="store_true", help="print every item that differs")
    arguments = parser.parse_args()
    result = measure(arguments.pdf, json.loads(arguments.expected.read_text(encoding="utf-8")))
    if arguments.misses:
        for part, seq, what, want, got in result["misses"]:
            print(f"{part} {seq} {what}\n  want {want}\n  got  {got}")
    print(json.dumps(result["figures"], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
