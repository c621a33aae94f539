"""PDFs printed by LibreOffice from the Word documents in `documents`, made once per test run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.importers.layouts.pdf import documents

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NEEDS_SOFFICE = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: test PDFs are printed from Word files with it"
)
# LibreOffice (7.4 and later) takes PDF export options as JSON after the filter name.
PASSWORD_EXPORT = "pdf:writer_pdf_Export:" + json.dumps({
    "EncryptFile": {"type": "boolean", "value": "true"},
    "DocumentOpenPassword": {"type": "string", "value": "secret"},
})
# No open password, but copying and editing need the owner's ("permissions") password.
RESTRICTED_EXPORT = "pdf:writer_pdf_Export:" + json.dumps({
    "RestrictPermissions": {"type": "boolean", "value": "true"},
    "PermissionPassword": {"type": "string", "value": "owner"},
    "EnableCopyingOfContent": {"type": "boolean", "value": "false"},
})


def source(name: str, content: bytes) -> SimpleNamespace:
    """A stand-in for importers.sources.Source until it lands."""
    return SimpleNamespace(name=name, content=content, sha256="", text=None, encoding=None)


def convert(paths: list[Path], outdir: Path, profile: Path, target: str = "pdf") -> None:
    """Print Word files to PDF with LibreOffice, in its own profile so parallel runs don't collide."""
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *map(str, paths)],
        check=True, capture_output=True, timeout=240,
    )


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every document in `documents.DOCUMENTS` as PDF bytes, plus "encrypted" (an open password)
    and "restricted" (portrait_basic with copying forbidden by an owner password)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("soffice-profile")
    paths = []
    for name, build in documents.DOCUMENTS.items():
        build().save(folder / f"{name}.docx")
        paths.append(folder / f"{name}.docx")
    convert(paths, folder, profile)
    found = {path.stem: path.read_bytes() for path in folder.glob("*.pdf")}
    documents.password_protected().save(folder / "encrypted.docx")
    for name, docx, target in (("encrypted", "encrypted.docx", PASSWORD_EXPORT),
                               ("restricted", "portrait_basic.docx", RESTRICTED_EXPORT)):
        (folder / name).mkdir()
        convert([folder / docx], folder / name, profile, target=target)
        found[name] = (folder / name / docx.replace(".docx", ".pdf")).read_bytes()
    return found
