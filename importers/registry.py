"""Every layout a list can come in, in detection order, and how a file's layout is recognised.

Each layout is one module (or package) with NAME, LABEL, DESCRIPTION, `detect(source)` and
`parse(source) -> Reading`; adding a format is one new module and one line in LAYOUTS.
"""

from __future__ import annotations

from types import ModuleType

from importers.layouts import docx, flowed, markdown, pdf, pdftext, scan, sheet, tabbed, xlsx

# Most distinctive first, as in tablib: the portal's own workbook before any other workbook;
# documents by their bytes (a PDF without a text layer is a scan); then pipe tables and tab-separated rows, which are unambiguous;
# side-by-side PDF text, whose header rows stand apart by runs of spaces; the layout-preserving
# text layout is what remains when none is present.
LAYOUTS: tuple[ModuleType, ...] = (xlsx, sheet, docx, scan, pdf, markdown, tabbed, pdftext, flowed)


def layout_names() -> list[str]:
    """The names `--layout` accepts, in detection order."""
    return [layout.NAME for layout in LAYOUTS]


def layout_named(name: str) -> ModuleType | None:
    """The layout module called `name`, or None."""
    return next((layout for layout in LAYOUTS if layout.NAME == name), None)


def detect_layout(source) -> ModuleType | None:
    """The first layout whose detect() accepts the source, or None when none does."""
    return next((layout for layout in LAYOUTS if layout.detect(source)), None)


def label_of(name: str) -> str:
    """The Chinese name of the layout called `name` (the name itself when unknown)."""
    layout = layout_named(name)
    return layout.LABEL if layout is not None else name
