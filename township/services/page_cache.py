"""Generations of the page cache: a page is stored under the generations it was rendered at.

There is one generation for everything (the home page, place pages, and the catalogue's marks
that every township page shows) and one per township. Invalidating writes a new, never-seen
value instead of counting up: the file cache has no atomic increment across processes, and two
workers counting from the same number at once would leave one change unnoticed. A page cached
under an old generation is never read again and expires with the cache's lifetime.
"""

from __future__ import annotations

import secrets
import time
from typing import Iterable

from django.core.cache import caches
from django.db import transaction

PAGE_CACHE = "pages"  # the CACHES alias: a folder of its own under DUTYLISTS_CACHE_DIR
GLOBAL_SCOPE = "global"
_GENERATION_KEY = "generation:{scope}"


def township_scope(township_id: int) -> str:
    """The generation name of one township's pages."""
    return f"township:{int(township_id)}"


def _fresh() -> str:
    """A new generation: when it was made (for generation_age) and random bits, never seen before."""
    return f"{time.time():.3f}-{secrets.token_hex(6)}"


def generation_age(generations: Iterable[str]) -> float:
    """Seconds since the newest of these generations was made."""
    made = [float(generation.split("-", 1)[0]) for generation in generations]
    return time.time() - max(made, default=0.0)


def page_cache_generations(scopes: Iterable[str]) -> tuple[str, ...]:
    """The current generation of each scope, in order; a missing one is started afresh."""
    scopes = list(scopes)
    cache = caches[PAGE_CACHE]
    keys = [_GENERATION_KEY.format(scope=scope) for scope in scopes]
    found = cache.get_many(keys)
    generations = []
    for key in keys:
        if key not in found:
            # Evicted or never set: a new value is as safe as a bump. add() keeps a concurrent one.
            cache.add(key, _fresh(), timeout=None)
            found[key] = cache.get(key) or _fresh()
        generations.append(found[key])
    return tuple(generations)


def _bump(scopes: list[str]) -> None:
    caches[PAGE_CACHE].set_many({_GENERATION_KEY.format(scope=scope): _fresh() for scope in scopes}, timeout=None)


def page_cache_invalidate(*, township_ids: Iterable[int] = (), everything: bool = True) -> None:
    """Drop the cached pages of these townships (and, with `everything`, every page) now and on commit.

    Now: a page rendered while the change is being written is stored under a generation that
    the commit replaces. On commit: what was rendered from the old rows meanwhile is dropped.
    A rolled-back change costs one cache miss per page and nothing else.
    """
    scopes = [township_scope(township_id) for township_id in set(township_ids)]
    if everything:
        scopes.append(GLOBAL_SCOPE)
    if not scopes:
        return
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def page_cache_invalidate_on_change(sender, **kwargs) -> None:
    """Signal receiver: a place, township, version, profile, department or category saved or deleted.

    Renaming a place in the admin, say, changes pages without going through `lists_changed`.
    """
    page_cache_invalidate()
