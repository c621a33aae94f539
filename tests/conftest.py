"""Test-suite set-up: a real PostgreSQL (DATABASE_URL, or the embedded server) for every run."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Start the embedded server before pytest-django creates the test database."""
    if not os.environ.get("DATABASE_URL"):
        from dutylists import embedded_db

        embedded_db.start_for_this_process()


@pytest.fixture(autouse=True)
def _plain_static_storage(request: pytest.FixtureRequest) -> None:
    """Tests render templates without running collectstatic first."""
    if not request.config.pluginmanager.hasplugin("django"):
        return  # pure parser tests may run with `-p no:django`
    settings = request.getfixturevalue("settings")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


FIXTURES_DIR = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def bundled_lists(db) -> None:
    """The four bundled lists, imported with import_list as `make run` does."""
    import io

    from django.core.management import call_command

    paths = sorted(str(path) for path in FIXTURES_DIR.glob("*.txt"))
    call_command("import_list", *paths, stdout=io.StringIO())
