"""Settings: database choice and production safeguards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from dutylists import embedded_db
from dutylists.settings import INVALID_PROXY_COUNT, INVALID_RATE, cache_settings, database_settings

BASE_DIR = Path(__file__).resolve().parents[2]


def test_database_url_wins_over_the_embedded_server():
    config = database_settings({"DATABASE_URL": "postgres://alice:secret@db.example:6543/lists"})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example", 6543, "lists", "alice")


def test_without_database_url_the_embedded_server_is_used_over_a_unix_socket():
    config = database_settings({})
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == str(embedded_db.socket_dir())
    assert config["HOST"].startswith("/") and config["PORT"] == ""


@pytest.mark.parametrize("environ", [{}, {"DATABASE_URL": "postgres://alice:secret@db.example:6543/lists"}])
def test_web_workers_keep_their_connection_and_check_it_before_reuse(environ):
    config = database_settings(environ)
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)
    assert database_settings({**environ, "DUTYLISTS_CONN_MAX_AGE": "0"})["CONN_MAX_AGE"] == 0


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs against DATABASE_URL")
def test_the_embedded_server_listens_on_its_socket_in_data_dir():
    assert embedded_db.is_running()
    assert (embedded_db.socket_dir() / ".s.PGSQL.5432").is_socket()
    assert django_settings.DATABASES["default"]["HOST"] == str(embedded_db.socket_dir())


@pytest.mark.parametrize(
    "environment, missing",
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_key_and_hosts(environment, missing):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(environment, DUTYLISTS_ENV="production")
    result = subprocess.run(
        [sys.executable, "-c", "import dutylists.settings"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert f"生产环境必须设置环境变量 {missing}" in result.stderr


def test_production_starts_with_secret_key_and_hosts():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DUTYLISTS_ENV="production", DJANGO_SECRET_KEY="x" * 50,
               DJANGO_ALLOWED_HOSTS="lists.example.cn")
    code = "import dutylists.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True)
    assert result.stdout.strip() == "False ['lists.example.cn']", result.stderr


def _settings_in_subprocess(code: str, **environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUTYLISTS_API_", "DUTYLISTS_CACHE_"))}
    env.update(environment)
    return subprocess.run([sys.executable, "-c", f"import dutylists.settings as s; {code}"],
                          cwd=BASE_DIR, env=env, capture_output=True, text=True)


def test_api_rate_limits_and_proxies_come_from_the_environment():
    result = _settings_in_subprocess(
        "r = s.REST_FRAMEWORK; print(r['DEFAULT_THROTTLE_RATES'], r['NUM_PROXIES'])",
        DUTYLISTS_API_ANON_RATE="20/hour", DUTYLISTS_API_USER_RATE="1000/day", DUTYLISTS_API_PROXIES="1")
    assert result.stdout.strip() == "{'anon': '20/hour', 'user': '1000/day'} 1", result.stderr


def test_api_defaults_trust_no_forwarded_for_header():
    result = _settings_in_subprocess("print(s.REST_FRAMEWORK['NUM_PROXIES'])")
    assert result.stdout.strip() == "0", result.stderr


@pytest.mark.parametrize("name, value, message", [
    ("DUTYLISTS_API_ANON_RATE", "60 per minute", INVALID_RATE),
    ("DUTYLISTS_API_USER_RATE", "600/fortnight", INVALID_RATE),
    ("DUTYLISTS_API_PROXIES", "-1", INVALID_PROXY_COUNT),
])
def test_a_malformed_api_setting_stops_start_up_naming_the_variable(name, value, message):
    result = _settings_in_subprocess("pass", **{name: value})
    assert result.returncode != 0
    assert message.format(name=name, value=value) in result.stderr


FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


def test_the_cache_is_files_in_the_data_dir_that_every_process_shares():
    result = _settings_in_subprocess("c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])")
    assert result.stdout.split() == [FILE_CACHE, str(embedded_db.DATA_DIR / "cache")], result.stderr


@pytest.mark.parametrize("environment, location", [
    ({}, str(embedded_db.DATA_DIR / "cache")),
    ({"DUTYLISTS_CACHE_DIR": " "}, str(embedded_db.DATA_DIR / "cache")),
    ({"DUTYLISTS_CACHE_DIR": "/srv/dutylists/cache"}, "/srv/dutylists/cache"),
])
def test_the_cache_folder_can_be_moved_by_the_environment(environment, location):
    assert cache_settings(environment) == {"default": {"BACKEND": FILE_CACHE, "LOCATION": location}}
