"""Test-suite set-up: a real PostgreSQL (DATABASE_URL, or the embedded server) for every run."""

from __future__ import annotations

import io
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


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Rate-limit counts in a folder of this test run, not in the .data/cache that `make run` uses."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.test import override_settings

    from dutylists.settings import cache_settings

    folder = tmp_path_factory.mktemp("cache")
    with override_settings(CACHES=cache_settings({"DUTYLISTS_CACHE_DIR": str(folder)})):
        yield


@pytest.fixture(autouse=True)
def _page_cache_off(request: pytest.FixtureRequest) -> None:
    """Pages rendered afresh: tests write rows directly (no lists_changed) and then read the page again.

    tests/township/views/test_caching.py turns the cache on, starting empty: the rows of the last
    test were rolled back, its cached pages were not.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.core.cache import caches

    request.getfixturevalue("settings").DUTYLISTS_PAGE_CACHE = False
    caches["pages"].clear()


FIXTURES_DIR = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures"
# Rows of every township table after the first real import of the bundled lists, per table.
_BUNDLED_ROWS: dict[str, str] = {}


def _township_tables() -> list[str]:
    from django.apps import apps

    models = apps.get_app_config("township").get_models()
    return [model._meta.db_table for model in models if not model._meta.proxy]


def _snapshot_bundled_rows() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in _township_tables():
            buffer = io.StringIO()
            cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            _BUNDLED_ROWS[table] = buffer.getvalue()


def _restore_bundled_rows() -> None:
    """Copy the snapshot back in (foreign keys are deferred) and move the id sequences past it."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, rows in _BUNDLED_ROWS.items():
            cursor.cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.StringIO(rows))
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )
            # Fresh statistics, or the planner takes the tables for empty and picks nested loops.
            cursor.execute(f'ANALYZE "{table}"')


@pytest.fixture
def bundled_lists(db) -> None:
    """The four bundled lists, imported with import_list as `make run` does.

    The first test that asks imports them for real; later tests get the same rows copied in,
    which takes a fraction of the time.
    """
    from django.core.management import call_command

    if _BUNDLED_ROWS:
        _restore_bundled_rows()
        return
    paths = sorted(str(path) for path in FIXTURES_DIR.glob("*.txt"))
    call_command("import_list", *paths, stdout=io.StringIO())
    _snapshot_bundled_rows()
