"""How a process that serves pages is set up: garbage collected between requests, queries serial, rows in memory."""

import gc

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.signals import connection_created

# A page's queries read a few thousand rows at most and stop at a limit; started in parallel
# workers, each paid the workers' start before its first row. At 1 M items the first 1,001 items
# of a search took 21 ms through a parallel index scan, 0.5 ms through the same scan alone, and
# a 2-core server answering 64 connections has no idle core to give them anyway.
SERIAL_QUERIES = "SET max_parallel_workers_per_gather = 0"
# A page reads rows the server holds in memory, where looking one up through an index costs about
# what reading the next one does: PostgreSQL's advice for memory and SSDs (1.1), not its default
# for spinning disks (4). At 4 the planner joined a township page's 322 department links by
# hashing all 45,134 departments (14 ms at 1 M items, and growing with the country) instead of
# looking each one up (0.5 ms).
INDEX_LOOKUPS = "SET random_page_cost = 1.1"

# Allocations between two collections of the youngest generation (Python's default: 700). A page
# allocates some 100,000 objects, many in reference cycles (model instances and their prefetch
# caches): collected every 700 while the page is built, those still in use were promoted, and
# died in the oldest generation, whose collections then took 30-70 ms in one request out of
# five or so. Collected rarely during a request and once after it, they die young.
YOUNG_THRESHOLD = 100_000
# Young collections before one of the middle generation, and middle ones before one of the oldest.
OLDER_THRESHOLDS = (20, 100)
# The generations collected once a response has been sent: the request's own objects.
AFTER_REQUEST = 1


def prepare_serving_process() -> None:
    """Set up this process to serve pages: called by the WSGI entry point and by bench_pages."""
    _freeze_startup_objects()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    request_finished.connect(_collect_request_garbage, dispatch_uid="dutylists.serving.collect")
    connection_created.connect(_serial_queries, dispatch_uid="dutylists.serving.serial_queries")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:  # opened before: set it up as a new one would be
            _serial_queries(sender=type(connection), connection=connection)


def _freeze_startup_objects() -> None:
    """Keep what start-up loaded (modules, URL patterns, templates) out of every garbage collection.

    A full collection walks every tracked object; in a loaded Django process most of them are
    start-up's and never die. Measured at 1 M items, the collections a page's allocations set off
    made the search page's p95 twice its median (155 ms against 63 ms); frozen, 81 ms.
    """
    gc.collect()
    gc.freeze()


def _collect_request_garbage(**kwargs) -> None:
    """Collect what the finished request left in cycles (1-2 ms at 1 M items), before it grows old.

    Measured on the search page at 1 M items: with Python's default thresholds, 2-4 ms of
    collections a request and a 30-70 ms one every few requests; this way 1-2 ms every
    request and none longer.
    """
    gc.collect(AFTER_REQUEST)


def _serial_queries(sender, connection, **kwargs) -> None:
    with connection.cursor() as cursor:
        cursor.execute(SERIAL_QUERIES)
        cursor.execute(INDEX_LOOKUPS)
