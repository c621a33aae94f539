"""importers/ is a pure library below township/: no module of it imports township or Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

IMPORTERS = Path(__file__).resolve().parents[2] / "importers"
FORBIDDEN = ("township", "django", "dutylists", "rest_framework")


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(IMPORTERS.rglob("*.py")), ids=lambda path: str(path.relative_to(IMPORTERS)))
def test_no_importer_module_reaches_the_portal_or_the_orm(path):
    reached = [name for name in _imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert not reached, f"{path.name} imports {reached}: importers/ must stay a pure library"
