"""How a serving process treats its memory: start-up's objects are frozen out of garbage collection."""

import gc


def freeze_startup_objects() -> None:
    """Keep what start-up loaded (modules, URL patterns, templates) out of every garbage collection.

    A full collection walks every tracked object; in a loaded Django process most of them are
    start-up's and never die. Measured at 1 M items, the collections a page's allocations set off
    made the search page's p95 twice its median (155 ms against 63 ms); frozen, 81 ms.
    """
    gc.collect()
    gc.freeze()
