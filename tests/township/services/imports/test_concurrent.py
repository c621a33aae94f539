"""Two imports of one file at once: the second reports "unchanged", never a duplicate-key error.

Real threads, each with its own connection to the real database: the first import stays
uncommitted until the second is seen waiting on the row the first inserted, then commits; the
second must then see the first's version, as if the two had come one after the other.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from township.models import DutyList, ImportRecord

pytestmark = pytest.mark.django_db(transaction=True)

LIST_002 = "fixtures/002_fe4ab73d7f7b2358.txt"
NEW_MONTH = "--published=2026-01"  # a month of a loaded township: only the version row collides
WAIT_SECONDS = 30


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def _in_thread(work, outcome: dict, key: str) -> threading.Thread:
    def run() -> None:
        try:
            outcome[key] = work()
        except Exception as error:  # noqa: BLE001 — the test reports whatever the thread met
            outcome[key] = error
        finally:
            connections.close_all()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _import(hold: threading.Event | None = None) -> str:
    """import_list of the same file for a new month; with `hold`, committed only once it is set."""
    out = io.StringIO()
    with transaction.atomic():
        call_command("import_list", LIST_002, NEW_MONTH, stdout=out)
        if hold is not None:
            assert hold.wait(WAIT_SECONDS)
    return out.getvalue()


def test_two_imports_of_one_file_at_once_leave_one_version_and_report_unchanged():
    call_command("import_list", LIST_002, stdout=io.StringIO())
    hold, outcome = threading.Event(), {}
    first = _in_thread(lambda: _import(hold), outcome, "first")
    deadline = time.monotonic() + WAIT_SECONDS
    while not _first_wrote() and time.monotonic() < deadline and first.is_alive():
        time.sleep(0.05)
    second = _in_thread(_import, outcome, "second")
    while not _waiting_on_a_lock() and time.monotonic() < deadline and second.is_alive():
        time.sleep(0.05)
    hold.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)
    assert "已导入为新版本" in outcome["first"], outcome["first"]
    assert not isinstance(outcome["second"], Exception), outcome["second"]
    assert "与已导入的同一文件相同，未作任何改动" in outcome["second"]
    assert DutyList.objects.filter(published__year=2026).count() == 1
    assert ImportRecord.objects.filter(published__year=2026).count() == 1


def _first_wrote() -> bool:
    """Whether the first import holds its new version row (uncommitted, so seen as a lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                       "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
                       [DutyList._meta.db_table])
        return cursor.fetchone()[0] > 0
