"""Read replicas: web pages read from a replica, everything that writes stays on the primary.

The rules, smallest first:
- Only requests that ReplicaReadsMiddleware lets through read from a replica. Management
  commands, the shell, migrations and anything else outside a request use the primary: they are
  the writers (import_list, build_catalogue), and they read back what they have just written.
- A request is pinned to the primary from the start when it may write (POST, PUT, PATCH, DELETE),
  when it is the admin (editors must see their own edits at once), or when the browser carries
  the cookie set after a write (below).
- A request that writes anyway (a session saved on login, a GET that records something) is
  pinned from its first write on, so that it reads back its own rows.
- A read inside a transaction on the primary stays on the primary: it belongs to that
  transaction's snapshot. (This also keeps Django's TestCase, whose tests each run inside one
  transaction, reading what the test wrote.)
- A streamed response (a large export) reads while it is sent, after the request has ended:
  from the primary.
- After a write the response sets a short-lived cookie, so that the next pages the user sees
  (the redirect after saving, the list just imported) are read from the primary while the
  replicas may still be catching up (replication lag, normally well under a second).
"""

from __future__ import annotations

import contextvars
import random
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_PREFIX = "replica"
# Set on a response whose request wrote; the next requests read from the primary while it lasts.
PRIMARY_COOKIE = "dutylists_primary"
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class _RequestReads:
    """What the router knows of the request being served in this context."""

    pinned: bool
    wrote: bool = False


# None outside a request: then every read goes to the primary.
_current: contextvars.ContextVar[_RequestReads | None] = contextvars.ContextVar(
    "dutylists_request_reads", default=None
)


def replica_aliases() -> list[str]:
    """The configured replicas' aliases (replica1, replica2, …), none without DATABASE_REPLICA_URLS."""
    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


class PrimaryReplicaRouter:
    """Send reads of unpinned requests to a random replica; writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str:
        """A replica when the request may read one, otherwise the primary."""
        state = _current.get()
        replicas = replica_aliases()
        if state is None or state.pinned or state.wrote or not replicas:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db in replicas:
            return instance._state.db  # an object's related rows from the replica it came from
        return random.choice(replicas)

    def db_for_write(self, model, **hints) -> str:
        """Always the primary; the request reads from the primary from now on."""
        state = _current.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        """Every alias holds the same rows."""
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        """Only the primary is migrated; replicas follow it by streaming replication."""
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Decide per request whether its reads may go to a replica, and keep users who wrote on the primary.

    Put first in MIDDLEWARE so that it also sees the session saved on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.sticky_seconds = settings.DUTYLISTS_REPLICA_STICKY_SECONDS
        self.secure_cookie = settings.SESSION_COOKIE_SECURE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _RequestReads(pinned=self._pinned(request))
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.wrote or request.method in WRITING_METHODS:
            response.set_cookie(PRIMARY_COOKIE, "1", max_age=self.sticky_seconds,
                                secure=self.secure_cookie, httponly=True, samesite="Lax")
        return response

    @staticmethod
    def _pinned(request: HttpRequest) -> bool:
        return (
            request.method in WRITING_METHODS
            or request.path_info.startswith("/admin/")
            or PRIMARY_COOKIE in request.COOKIES
        )
