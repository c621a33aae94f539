"""Test helpers about the database as a whole: a checksum that shows whether anything was written."""

from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager

from django.db import connection, transaction


def township_checksum() -> str:
    """A digest of every row of every township table: equal before and after means nothing written."""
    from django.apps import apps

    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_app_config("township").get_models():
            if model._meta.proxy:
                continue
            buffer = io.StringIO()
            cursor.cursor.copy_expert(f'COPY (SELECT * FROM "{model._meta.db_table}" ORDER BY 1) TO STDOUT', buffer)
            digest.update(buffer.getvalue().encode())
    return digest.hexdigest()


def _township_tables() -> list[str]:
    from django.apps import apps

    return [model._meta.db_table for model in apps.get_app_config("township").get_models() if not model._meta.proxy]


@contextmanager
def committed_for_a_while():
    """Rows written inside are committed, and deleted again on the way out (ids past those before).

    For a module whose tests all read the same loaded list: loading it once and rolling each
    test back is many times faster than loading it per test. Foreign keys are checked at commit,
    so the rows go table by table in any order.
    """
    with connection.cursor() as cursor:
        last_ids = {}
        for table in _township_tables():
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            last_ids[table] = cursor.fetchone()[0]
    try:
        yield
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, last in last_ids.items():
                cursor.execute(f'DELETE FROM "{table}" WHERE id > %s', [last])
