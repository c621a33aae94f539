"""The known layouts, in detection order, and how a text's layout is recognised."""

from __future__ import annotations

from types import ModuleType

from importers.layouts import flowed, markdown, tabbed, xlsx

# Most distinctive first: pipe tables and tab-separated rows are unambiguous; the
# layout-preserving text layout is what remains when neither is present.
LAYOUTS: tuple[ModuleType, ...] = (markdown, tabbed, flowed)
# Layouts that read a workbook's bytes (parse_workbook) rather than decoded text (detect/parse).
WORKBOOK_LAYOUTS: tuple[ModuleType, ...] = (xlsx,)


def layout_names() -> list[str]:
    """The names `--layout` accepts: the text layouts in detection order, then the workbook ones."""
    return [layout.NAME for layout in LAYOUTS + WORKBOOK_LAYOUTS]


def layout_named(name: str) -> ModuleType | None:
    """The layout module called `name`, or None."""
    return next((layout for layout in LAYOUTS + WORKBOOK_LAYOUTS if layout.NAME == name), None)


def detect_layout(text: str) -> ModuleType | None:
    """The first layout whose detect() accepts the text, or None when none does."""
    return next((layout for layout in LAYOUTS if layout.detect(text)), None)
