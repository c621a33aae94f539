"""Settings: database choice and production safeguards."""

from __future__ import annotations

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from dutylists import embedded_db
from dutylists.settings import (
    INVALID_FLAG,
    INVALID_LOCKOUT_MINUTES,
    INVALID_LOGIN_FAILURE_LIMIT,
    INVALID_PROXY_COUNT,
    INVALID_RATE,
    INVALID_TIME_ZONE,
    cache_settings,
    database_settings,
)

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
    ("DUTYLISTS_HTTPS", "yes", INVALID_FLAG),
    ("DUTYLISTS_LOGIN_FAILURE_LIMIT", "0", INVALID_LOGIN_FAILURE_LIMIT),
    ("DUTYLISTS_LOGIN_LOCKOUT_MINUTES", "half an hour", INVALID_LOCKOUT_MINUTES),
    ("DUTYLISTS_TIME_ZONE", "Asia/Beijing", INVALID_TIME_ZONE),
    ("DUTYLISTS_TIME_ZONE", "../etc/passwd", INVALID_TIME_ZONE),
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
    caches = cache_settings(environment)
    assert caches["default"] == {"BACKEND": FILE_CACHE, "LOCATION": location}
    # Pages in a folder of their own inside it, so that culling pages never drops rate-limit counts.
    assert caches["pages"]["BACKEND"] == FILE_CACHE and caches["pages"]["LOCATION"] == f"{location}/pages"


def _production(**environment: str) -> dict[str, str]:
    """This process's environment as production: a real-looking key and host, nothing of ours else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUTYLISTS_"))}
    env.update(DUTYLISTS_ENV="production", DJANGO_SETTINGS_MODULE="dutylists.settings",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="lists.example.cn")
    env.update(environment)
    return env


DEPLOY_CHECKS = (
    "import django; django.setup(); from django.core.checks import run_checks; "
    "print([m.id for m in run_checks(include_deployment_checks=True)])"
)


def _deploy_check_ids(env: dict[str, str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", DEPLOY_CHECKS], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_under_production_settings():
    assert _deploy_check_ids(_production()) == []


def test_production_without_https_is_what_check_deploy_warns_about():
    ids = _deploy_check_ids(_production(DUTYLISTS_HTTPS="0"))
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(ids)


def test_production_redirects_to_https_and_sends_hsts_for_a_year():
    code = ("print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "s.SESSION_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))")
    result = subprocess.run([sys.executable, "-c", f"import dutylists.settings as s; {code}"],
                            cwd=BASE_DIR, env=_production(), capture_output=True, text=True)
    assert result.stdout.split() == ["True", "31536000", "True", "True", "None"], result.stderr


def test_https_behind_declared_proxies_believes_their_forwarded_proto():
    result = subprocess.run(
        [sys.executable, "-c", "import dutylists.settings as s; print(s.SECURE_PROXY_SSL_HEADER)"],
        cwd=BASE_DIR, env=_production(DUTYLISTS_API_PROXIES="1"), capture_output=True, text=True)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr


def test_make_run_serves_plain_http_locally():
    result = _settings_in_subprocess(
        "print(getattr(s, 'SECURE_SSL_REDIRECT', False), getattr(s, 'SECURE_HSTS_SECONDS', 0))",
        DUTYLISTS_ENV="local", DUTYLISTS_HTTPS="")
    assert result.stdout.split() == ["False", "0"], result.stderr


def test_login_lockout_limits_come_from_the_environment():
    code = "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS)"
    defaults = _settings_in_subprocess(code, DUTYLISTS_LOGIN_FAILURE_LIMIT="",
                                       DUTYLISTS_LOGIN_LOCKOUT_MINUTES="")
    assert defaults.stdout.strip() == "5 0:30:00 [['username', 'ip_address']]", defaults.stderr
    changed = _settings_in_subprocess(code, DUTYLISTS_LOGIN_FAILURE_LIMIT="10",
                                      DUTYLISTS_LOGIN_LOCKOUT_MINUTES="0")
    assert changed.stdout.strip() == "10 None [['username', 'ip_address']]", changed.stderr


@pytest.mark.parametrize("value, zone", [("", "Asia/Shanghai"), ("Asia/Urumqi", "Asia/Urumqi")])
def test_times_are_local_shanghai_time_unless_the_environment_names_a_zone(value, zone):
    result = _settings_in_subprocess("print(s.TIME_ZONE, s.USE_TZ)", DUTYLISTS_TIME_ZONE=value)
    assert result.stdout.split() == [zone, "True"], result.stderr
