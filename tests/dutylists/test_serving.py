"""A serving process: its database connections read without parallel workers; start-up objects are frozen."""

from __future__ import annotations

import gc

import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created

from dutylists import serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving_process():
    frozen = gc.get_freeze_count()
    serving.prepare_serving_process()
    yield frozen
    connection_created.disconnect(dispatch_uid="dutylists.serving.serial_queries")
    gc.unfreeze()
    with connection.cursor() as cursor:
        cursor.execute("RESET max_parallel_workers_per_gather")


def _parallel_workers(wrapper) -> str:
    with wrapper.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


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
