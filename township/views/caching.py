"""`cached_page`: a page rendered once for visitors who are not logged in, until its lists change.

    @cached_page(scope="global")                  # home and place pages: any change drops them
    @cached_page(township_kwarg="township_id")    # also dropped when that township changes

The key is the scheme, host, path and query string plus the generations of the page's scopes
(township/services/page_cache.py), so a change anywhere drops the pages that showed it without
finding them. Only anonymous GET requests answered 200 are stored; a request carrying a session
cookie (an editor, logged in) is rendered afresh and never stored, nor is a page holding a CSRF
token or setting a cookie, nor, with read replicas, a page rendered in the first seconds after a
change (the replica it was read from may not have the change yet). The middleware still runs on a cached answer (security headers, CSP).
"""

from __future__ import annotations

import functools
import hashlib
from typing import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from township.services.page_cache import (
    GLOBAL_SCOPE, PAGE_CACHE, generation_age, page_cache_generations, township_scope,
)

CACHE_HEADER = "X-Page-Cache"  # hit or miss: for the load measurement and for anyone debugging


def _cacheable_request(request: HttpRequest) -> bool:
    return (settings.DUTYLISTS_PAGE_CACHE and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


def _replicas_may_lag(generations: tuple[str, ...]) -> bool:
    """Just after a change a replica may not have it yet: a page read from it must not be stored.

    Replicas are trusted to catch up within DUTYLISTS_REPLICA_STICKY_SECONDS, as the router does.
    """
    return (bool(settings.DATABASE_ROUTERS)  # set only when DATABASE_REPLICA_URLS names replicas
            and generation_age(generations) < settings.DUTYLISTS_REPLICA_STICKY_SECONDS)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 page the same for every anonymous visitor."""
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and not getattr(getattr(request, "session", None), "accessed", False)
            and not response.has_header("Vary"))


def _key(request: HttpRequest, generations: tuple[str, ...]) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{':'.join(generations)}:{hashlib.sha256(address.encode()).hexdigest()}"


def _answer(stored: tuple[str, bytes]) -> HttpResponse:
    content_type, content = stored
    response = HttpResponse(content, content_type=content_type)
    response[CACHE_HEADER] = "hit"
    return response


def cached_page(*, scope: str = GLOBAL_SCOPE, township_kwarg: str | None = None) -> Callable:
    """Serve the view from the page cache under the global generation and, if named, its township's."""
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            scopes = [scope] + ([township_scope(kwargs[township_kwarg])] if township_kwarg else [])
            generations = page_cache_generations(scopes)
            key, cache = _key(request, generations), caches[PAGE_CACHE]
            stored = cache.get(key)
            if stored is not None:
                return _answer(stored)
            response = view(request, *args, **kwargs)
            if _storable(request, response) and not _replicas_may_lag(generations):
                cache.set(key, (response["Content-Type"], response.content))
                response[CACHE_HEADER] = "miss"
            return response
        return wrapper
    return decorate
