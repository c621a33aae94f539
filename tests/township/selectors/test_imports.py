"""township.filters and the selectors never import each other in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
SELECTORS = BASE_DIR / "township" / "selectors"
FILTERS = BASE_DIR / "township" / "filters.py"


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Every module a file imports (`from a.b import c` gives a.b and a.b.c), anywhere or at top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    modules: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def test_filters_build_on_the_shared_reads_alone():
    selectors = {name for name in imported_modules(FILTERS) if name.startswith("township.selectors")}
    assert {name for name in selectors if not name.startswith("township.selectors.common")} == set()


def test_the_selectors_package_imports_only_the_shared_reads():
    assert {name for name in imported_modules(SELECTORS / "__init__.py") if name.startswith("township")} <= {
        "township.selectors.common"} | {f"township.selectors.common.{name}" for name in (
            "SEARCH_ORDER", "latest_list_subquery", "latest_lists", "open_flag_exists")}


@pytest.mark.parametrize("path", sorted(SELECTORS.glob("*.py")), ids=lambda path: path.name)
def test_no_selector_hides_an_import_of_the_filters_inside_a_function(path):
    anywhere = {name for name in imported_modules(path) if name.startswith("township.filters")}
    assert anywhere <= imported_modules(path, top_level_only=True)


@pytest.mark.parametrize("order", [
    ("township.filters", "township.selectors.search", "township.selectors.api"),
    ("township.selectors.search", "township.filters"),
    ("township.selectors.api", "township.filters"),
    ("township.selectors", "township.filters"),
])
def test_filters_and_selectors_import_in_any_order_in_a_fresh_interpreter(order):
    script = "import django; django.setup()\n" + "".join(f"import {module}\n" for module in order)
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, capture_output=True, text=True,
                            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "dutylists.settings"})
    assert result.returncode == 0, result.stderr
