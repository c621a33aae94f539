"""Shared set-up for the API's tests: a fresh rate-limit count for every test."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Requests of earlier tests must not count against this one's rate limit."""
    cache.clear()
    yield
    cache.clear()
