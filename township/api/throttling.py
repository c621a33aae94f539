"""Rate limits for API clients: anonymous clients by address, logged-in users by account."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CurrentRatesMixin:
    """Read the rate from the settings in force, not from those at import time.

    DRF copies DEFAULT_THROTTLE_RATES into a class attribute when it is imported, so a
    changed setting (a test's override_settings) would otherwise never reach the throttle.
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(CurrentRatesMixin, AnonRateThrottle):
    """Clients that are not logged in: DUTYLISTS_API_ANON_RATE per address."""


class LoggedInRateThrottle(CurrentRatesMixin, UserRateThrottle):
    """Logged-in users (staff of the portal): the higher DUTYLISTS_API_USER_RATE per account.

    Anonymous clients are left to AnonymousRateThrottle: DRF's own class would count them by
    address at this rate too, a second limit nobody configured for them.
    """

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None  # not throttled here
        return super().get_cache_key(request, view)
