"""The known layouts, in detection order, and how a text's layout is recognised."""

from __future__ import annotations

from types import ModuleType

from importers.layouts import flowed, markdown, tabbed

# Most distinctive first: pipe tables and tab-separated rows are unambiguous; the
# layout-preserving text layout is what remains when neither is present.
LAYOUTS: tuple[ModuleType, ...] = (markdown, tabbed, flowed)


def layout_names() -> list[str]:
    """The names `--layout` accepts, in detection order."""
    return [layout.NAME for layout in LAYOUTS]


def layout_named(name: str) -> ModuleType | None:
    """The layout module called `name`, or None."""
    return next((layout for layout in LAYOUTS if layout.NAME == name), None)


def detect_layout(text: str) -> ModuleType | None:
    """The first layout whose detect() accepts the text, or None when none does."""
    return next((layout for layout in LAYOUTS if layout.detect(text)), None)
