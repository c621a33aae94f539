"""The API against its own OpenAPI schema: schemathesis calls every operation in-process.

The schema is the live one (`/api/schema/`), fetched from the WSGI application; each operation
gets a bounded, derandomized run (the same requests every time), all of schemathesis's checks,
and two of the portal's own: error bodies speak Chinese, and a well-formed item search is
refused only for an id that names no record.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from dutylists.wsgi import application
from township.models import Category, Department, Place, Township

pytestmark = pytest.mark.django_db

UNLIMITED = {"anon": "100000/minute", "user": "100000/minute"}
EXAMPLES = 20  # per operation; nine operations take well under a minute
ID_FILTERS = {"place": Place, "township": Township, "category": Category, "department": Department}
CHINESE = re.compile(r"[\u4e00-\u9fff]")

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _data_and_no_rate_limit(bundled_lists, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": UNLIMITED}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go to the WSGI application itself, which closes the connection after each request:
    the test's transaction must outlive them, as Django's own test client arranges."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _messages(body) -> list[str]:
    if isinstance(body, dict):
        return [message for value in body.values() for message in _messages(value)]
    if isinstance(body, list):
        return [message for value in body for message in _messages(value)]
    return [str(body)]


def errors_are_chinese(ctx, response, case) -> None:
    """Every 4xx answer is JSON whose every message is written in Chinese."""
    if 400 <= response.status_code < 500 and response.status_code != 405:
        messages = _messages(response.json())
        assert messages and all(CHINESE.search(message) for message in messages), messages


def ids_that_name_nothing_only(ctx, response, case) -> None:
    """A schema-valid item search answers 400 only for id filters whose id names no record.

    The schema can say an id is a whole number, not which records exist; the 400 that names
    the filter is what the search page and the README promise.
    """
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and response.status_code == 400:
        refused = response.json()
        assert set(refused) <= set(ID_FILTERS), refused
        for name in refused:
            ids = case.query[name] if isinstance(case.query[name], list) else [case.query[name]]  # department: several
            assert ID_FILTERS[name].objects.filter(pk__in=map(int, ids)).count() < len(set(ids)), (name, refused)
    elif positive:
        positive_data_acceptance(ctx, response, case)


def check_refused_only_for_what_the_schema_cannot_say(ctx, response, case) -> None:
    """A schema-valid admission check answers 400 only for what a schema cannot state.

    Which ids name a township or a county with a list, that a task holds more than spaces or
    control characters, and that tasks × townships stay within the bound.
    """
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if not (positive and response.status_code == 400):
        if positive:
            positive_data_acceptance(ctx, response, case)
        return
    refused, body = response.json(), case.body
    assert set(refused) <= {"tasks", "townships", "county"}, refused
    if "tasks" in refused:
        tasks = [task for task in body["tasks"] if task.strip() and task.isprintable()]
        ids = set(body.get("townships") or [])
        assert len(tasks) < len(body["tasks"]) or len(tasks) * max(len(ids), 1) > 4000, (body, refused)
    if "townships" in refused or "county" in refused:  # an id naming nothing, or no list, or no place at all
        ids, county = set(body.get("townships") or []), body.get("county")
        listed = Township.objects.filter(pk__in=ids, lists__isnull=False).distinct().count()
        county_listed = county is not None and Township.objects.filter(
            county_id=county, county__level=Place.Level.COUNTY, lists__isnull=False).exists()
        too_many = len(body["tasks"]) * max(len(ids), 1) > 4000
        assert listed < len(ids) or (not ids and county is None) or (county is not None and not county_listed) \
            or too_many, (body, refused)


# The admission check has a test of its own below. (Its body is the seed of the derandomized
# examples: the body of this one stays as it was, so its operations get the same requests.)
@schema.exclude(path="/api/check/").parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case):
    if case.operation.path == "/api/duties/":
        case.call_and_validate(excluded_checks=[positive_data_acceptance],
                               additional_checks=[errors_are_chinese, ids_that_name_nothing_only])
    else:
        case.call_and_validate(additional_checks=[errors_are_chinese])


@schema.include(path="/api/check/").parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_admission_check_answers_as_its_schema_says(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance],
                           additional_checks=[errors_are_chinese, check_refused_only_for_what_the_schema_cannot_say])
