"""Rate limits: anonymous clients by address, logged-in users higher, no escape by header."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db

TINY_RATES = {"anon": "3/minute", "user": "5/minute"}
URL = "/api/categories/"
BASE_DIR = Path(__file__).resolve().parents[3]
# Asks the anonymous throttle about N requests from one address in a fresh Python process, as a
# gunicorn worker would, and prints whether each is allowed.
THROTTLE_IN_A_PROCESS = """
import sys
import django
django.setup()
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from township.api.throttling import AnonymousRateThrottle
request = Request(APIRequestFactory().get("/api/categories/", REMOTE_ADDR="192.0.2.9"))
print(*(AnonymousRateThrottle().allow_request(request, None) for _ in range(int(sys.argv[1]))))
"""


@pytest.fixture
def tiny_rates():
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": TINY_RATES}):
        cache.clear()
        yield


def statuses(client, count: int, **extra) -> list[int]:
    return [client.get(URL, HTTP_ACCEPT="application/json", **extra).status_code for _ in range(count)]


def test_an_anonymous_client_gets_429_once_past_its_rate(client, tiny_rates):
    assert statuses(client, 4) == [200, 200, 200, 429]
    refused = client.get(URL, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_a_logged_in_user_has_the_higher_rate(client, tiny_rates):
    user = get_user_model().objects.create_user("editor", password="x-secret-1")
    client.force_login(user)
    assert statuses(client, 6) == [200] * 5 + [429]


def test_each_address_has_its_own_allowance(client, tiny_rates):
    assert statuses(client, 4, REMOTE_ADDR="192.0.2.1")[-1] == 429
    assert statuses(client, 1, REMOTE_ADDR="192.0.2.2") == [200]


def test_a_forwarded_for_header_does_not_buy_a_fresh_allowance(client, tiny_rates):
    assert statuses(client, 3) == [200] * 3
    assert statuses(client, 1, HTTP_X_FORWARDED_FOR="198.51.100.7") == [429]


@pytest.mark.parametrize("address", ["/api/schema/", "/api/docs/"])
def test_reading_the_schema_and_the_docs_is_not_rate_limited_and_leaves_the_allowance(
        client, tiny_rates, address):
    rate = int(TINY_RATES["anon"].split("/")[0])
    assert [client.get(address).status_code for _ in range(rate + 3)] == [200] * (rate + 3)
    duties = [client.get("/api/duties/", HTTP_ACCEPT="application/json").status_code
              for _ in range(rate + 1)]
    assert duties == [200] * rate + [429]



def allowed_in_a_new_process(requests: int, *, cache_dir: Path) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dutylists.settings",
           "DUTYLISTS_API_ANON_RATE": "3/minute", "DUTYLISTS_CACHE_DIR": str(cache_dir)}
    result = subprocess.run([sys.executable, "-c", THROTTLE_IN_A_PROCESS, str(requests)],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_server_processes_share_one_count_that_outlives_them(tmp_path):
    assert allowed_in_a_new_process(2, cache_dir=tmp_path) == ["True", "True"]
    assert allowed_in_a_new_process(2, cache_dir=tmp_path) == ["True", "False"]


def test_anonymous_clients_are_held_to_the_anonymous_rate_alone(client, bundled_lists, settings):
    # A high anonymous rate and a low logged-in one: an anonymous client is not held to the latter.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "2/minute"}}
    statuses = [client.get("/api/categories/", HTTP_ACCEPT="application/json").status_code for _ in range(5)]
    assert statuses == [200] * 5
