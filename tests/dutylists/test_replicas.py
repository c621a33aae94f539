"""Read replicas: a real streaming replica of the embedded server serves the portal's pages."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dutylists import embedded_db
from dutylists.routers import (
    PRIMARY_COOKIE, PrimaryReplicaRouter, ReplicaReadsMiddleware, replica_aliases,
)
from dutylists.settings import replica_settings
from township.models import Place, Township

BASE_DIR = Path(__file__).resolve().parents[2]
FIXTURE_002 = BASE_DIR / "fixtures" / "002_fe4ab73d7f7b2358.txt"  # 先拜巴扎镇
REPLICA_PORT = 5433  # on the replica's own socket folder, so it never meets the primary's 5432
REPLICATION_TIMEOUT = 30.0


@pytest.mark.parametrize(
    "urls, expected",
    [
        ("", {}),
        (" , ", {}),
        ("postgres://reader@r1.example:5433/lists", {"replica1": ("r1.example", 5433, "lists")}),
        ("postgres://reader@r1.example/lists, postgres://reader@r2.example:6432/lists",
         {"replica1": ("r1.example", "", "lists"), "replica2": ("r2.example", 6432, "lists")}),
    ],
)
def test_replica_urls_become_replica_aliases_that_mirror_default_in_tests(urls, expected):
    replicas = replica_settings({"DATABASE_REPLICA_URLS": urls})
    assert {alias: (db["HOST"], db["PORT"], db["NAME"]) for alias, db in replicas.items()} == expected
    for replica in replicas.values():
        assert replica["ENGINE"] == "django.db.backends.postgresql"
        assert replica["TEST"] == {"MIRROR": "default"}


def _settings_in_subprocess(environment: dict[str, str]) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
    env.update(environment)
    code = ("from dutylists import settings as s; "
            "print(sorted(s.DATABASES)); print(getattr(s, 'DATABASE_ROUTERS', [])); print(s.MIDDLEWARE[0])")
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, check=True)
    return result.stdout.splitlines()


def test_without_replicas_there_is_one_database_and_no_router():
    databases, routers, first_middleware = _settings_in_subprocess({})
    assert databases == "['default']" and routers == "[]"
    assert "routers" not in first_middleware


def test_with_replicas_the_router_and_its_middleware_are_installed_first():
    urls = "postgres://reader@r1.example/lists,postgres://reader@r2.example/lists"
    databases, routers, first_middleware = _settings_in_subprocess({"DATABASE_REPLICA_URLS": urls})
    assert databases == "['default', 'replica1', 'replica2']"
    assert routers == "['dutylists.routers.PrimaryReplicaRouter']"
    assert first_middleware == "dutylists.routers.ReplicaReadsMiddleware"


def test_only_the_primary_is_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "township") is True
    assert router.allow_migrate("replica1", "township") is False


# --- a real streaming replica -------------------------------------------------------------


def _as_server_user(args: list[str]) -> subprocess.CompletedProcess:
    # As root the embedded server runs as its own system user; its replica must too.
    return subprocess.run(args, user=embedded_db._run_as(), check=True, capture_output=True, text=True)


def _start_replica(folder: Path) -> None:
    """Copy the running primary with pg_basebackup (-R: as a standby of it) and start the copy."""
    _as_server_user([
        embedded_db._bin("pg_basebackup"), "-D", str(folder / "pg"), "-R", "--checkpoint=fast",
        "-h", str(embedded_db.socket_dir()), "-U", embedded_db.SUPERUSER,
    ])
    (folder / "run").mkdir()
    shutil.chown(folder / "run", user=embedded_db._run_as() or os.getuid())
    options = f"-c listen_addresses='' -k {folder / 'run'} -p {REPLICA_PORT}"
    try:
        _as_server_user([embedded_db._bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(folder / "pg"),
                         "-l", str(folder / "replica.log"), "-o", options])
    except subprocess.CalledProcessError as error:
        log = (folder / "replica.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"The replica failed to start:\n{error.stderr}\n{log}") from error


@pytest.fixture(scope="module")
def streaming_replica():
    """A hot standby of the embedded server in a temporary folder: yields its socket folder."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set: only the embedded server is replicated by this test")
    basebackup = embedded_db._bin("pg_basebackup")
    if not Path(basebackup).exists():
        pytest.skip(f"no pg_basebackup at {basebackup}: cannot make a replica")
    # Not under pytest's tmp_path: that is private to root, and the server's user must own the folder.
    folder = Path(tempfile.mkdtemp(prefix="dutylists-replica-"))
    try:
        if embedded_db._run_as():
            shutil.chown(folder, user=embedded_db._run_as())
        _start_replica(folder)
        yield folder / "run"
    finally:
        try:
            if (folder / "pg" / "postmaster.pid").exists():
                _as_server_user([embedded_db._bin("pg_ctl"), "stop", "-w", "-m", "fast",
                                 "-D", str(folder / "pg")])
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def replica_alias(streaming_replica, django_db_setup):
    """The alias replica1 on the replica's copy of this run's test database.

    Module-scoped so that it exists before each test's database access is set up: a test may only
    use the aliases it names (REPLICA_TEST below), and only existing ones can be named. Replicas
    configured by DATABASE_REPLICA_URLS (test mirrors of default) stand aside meanwhile, so that
    the router has only this one to choose.
    """
    configured = {alias: _forget_alias(alias) for alias in replica_aliases()}  # DATABASE_REPLICA_URLS
    primary = connections[DEFAULT_DB_ALIAS].settings_dict  # its NAME is the test database's by now
    # MIRROR: the test case must not flush or reset the replica (it is read-only) after a test.
    connections.settings["replica1"] = {
        **primary, "HOST": str(streaming_replica), "PORT": str(REPLICA_PORT),
        "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
    }
    try:
        yield "replica1"
    finally:
        _forget_alias("replica1")
        connections.settings.update(configured)


def _forget_alias(alias: str) -> dict:
    """Close and remove a connection alias; its settings, to put back later."""
    connections[alias].close()
    del connections[alias]
    return connections.settings.pop(alias)


# Rows the replica is to serve must be committed on the primary: transactional tests.
REPLICA_TEST = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, "replica1"])


@pytest.fixture
def replica1(replica_alias, settings):
    """The replica's connection, with the router and its middleware on as DATABASE_REPLICA_URLS sets them."""
    settings.DATABASE_ROUTERS = ["dutylists.routers.PrimaryReplicaRouter"]
    settings.MIDDLEWARE = ["dutylists.routers.ReplicaReadsMiddleware", *settings.MIDDLEWARE]
    return connections[replica_alias]


def _wait_for_replay(replica) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + REPLICATION_TIMEOUT
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, f"副本 {REPLICATION_TIMEOUT} 秒内未追上主库"
            time.sleep(0.05)


def _queries_per_alias(client, url: str) -> tuple:
    """GET url; the response and how many queries went to the primary and to replica1."""
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica1"]) as replica:
        response = client.get(url)
    return response, len(primary), len(replica)


@REPLICA_TEST
def test_the_replica_is_a_hot_standby_of_the_embedded_server(replica1):
    with replica1.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        assert cursor.fetchone() == (True, connections["default"].settings_dict["NAME"])


@REPLICA_TEST
def test_a_township_page_is_read_from_the_replica_after_the_import_replicates(replica1, client):
    call_command("import_list", str(FIXTURE_002), stdout=io.StringIO())  # committed on the primary
    township = Township.objects.get(name="先拜巴扎镇")
    _wait_for_replay(replica1)

    response, on_primary, on_replica = _queries_per_alias(client, township.get_absolute_url())

    assert response.status_code == 200
    assert "先拜巴扎镇" in response.content.decode()
    assert on_replica > 0 and on_primary == 0
    assert PRIMARY_COOKIE not in response.cookies


@REPLICA_TEST
def test_after_a_write_the_user_reads_the_primary_until_the_cookie_expires(replica1, client):
    call_command("import_list", str(FIXTURE_002), stdout=io.StringIO())
    url = Township.objects.get(name="先拜巴扎镇").get_absolute_url()
    get_user_model().objects.create_superuser("editor", password="Ceshi-mima-2025")

    # Logging in writes the session and last_login: the response pins the user to the primary.
    login = client.post("/admin/login/", {"username": "editor", "password": "Ceshi-mima-2025"})
    assert login.status_code == 302 and login.cookies[PRIMARY_COOKIE]["max-age"] > 0
    response, on_primary, on_replica = _queries_per_alias(client, url)
    assert response.status_code == 200 and on_primary > 0 and on_replica == 0

    # The admin always reads the primary, cookie or not.
    client.cookies.pop(PRIMARY_COOKIE)
    response, on_primary, on_replica = _queries_per_alias(client, "/admin/")
    assert response.status_code == 200 and on_primary > 0 and on_replica == 0

    # Once the cookie has expired the same user's pages (session included) come from the replica.
    client.cookies.pop(PRIMARY_COOKIE, None)
    _wait_for_replay(replica1)
    response, on_primary, on_replica = _queries_per_alias(client, url)
    assert response.status_code == 200 and on_primary == 0 and on_replica > 0
    assert "先拜巴扎镇" in response.content.decode()



def _county_names_after_adding(name: str) -> HttpResponse:
    """A view that writes in a GET and reads the row back, as a page that records something would."""
    Place.objects.create(name=name, level=Place.Level.COUNTY)
    return HttpResponse("、".join(Place.objects.values_list("name", flat=True)))


@REPLICA_TEST
def test_a_get_that_writes_reads_its_own_row_back_from_the_primary(replica1):
    middleware = ReplicaReadsMiddleware(lambda request: _county_names_after_adding("于田县"))
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(replica1) as replica:
        response = middleware(RequestFactory().get("/"))
    assert response.content.decode() == "于田县"
    assert len(primary) == 2 and len(replica) == 0
    assert response.cookies[PRIMARY_COOKIE]["max-age"] > 0
