"""A serving process: its database connections read without parallel workers; start-up objects are frozen;
garbage is collected rarely during a request and once after it."""

from __future__ import annotations

import gc
import weakref

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection, connections
from django.db.backends.signals import connection_created

from dutylists import serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving_process():
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    serving.prepare_serving_process()
    yield frozen
    connection_created.disconnect(dispatch_uid="dutylists.serving.serial_queries")
    request_finished.disconnect(dispatch_uid="dutylists.serving.collect")
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    with connection.cursor() as cursor:
        cursor.execute("RESET max_parallel_workers_per_gather")
        cursor.execute("RESET random_page_cost")


def _setting(wrapper, name: str) -> str:
    with wrapper.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def _parallel_workers(wrapper) -> str:
    return _setting(wrapper, "max_parallel_workers_per_gather")


def test_connections_open_and_new_read_serially(serving_process):
    assert _parallel_workers(connection) == "0"  # the one already open
    fresh = connections.create_connection("default")
    try:
        assert _parallel_workers(fresh) == "0"
    finally:
        fresh.close()


def test_start_up_objects_are_frozen_out_of_collection(serving_process):
    assert gc.get_freeze_count() > serving_process


def test_a_plain_process_keeps_the_servers_parallel_workers():
    fresh = connections.create_connection("default")
    try:
        assert _parallel_workers(fresh) != "0"
    finally:
        fresh.close()


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self):
        self.me = self


def test_young_objects_are_collected_rarely_during_a_request(serving_process):
    assert gc.get_threshold() == (serving.YOUNG_THRESHOLD, *serving.OLDER_THRESHOLDS)
    assert serving.YOUNG_THRESHOLD > 700  # Python's default


def test_a_finished_request_collects_the_garbage_it_left(serving_process):
    cycle = _Cycle()
    left = weakref.ref(cycle)
    del cycle
    assert left() is not None  # reference counting alone cannot free a cycle
    # As Django's test client ends a request: without closing the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)
    assert left() is None


def test_pages_answer_as_before_in_a_serving_process(serving_process, client):
    assert client.get("/").status_code == 200


def test_connections_plan_for_rows_in_memory(serving_process):
    fresh = connections.create_connection("default")
    try:
        for wrapper in (connection, fresh):
            assert float(_setting(wrapper, "random_page_cost")) == 1.1
    finally:
        fresh.close()
