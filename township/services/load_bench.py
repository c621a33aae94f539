"""Load on the real web server: gunicorn as `make run` starts it, many connections, a fixed time.

`bench_server` starts the server on a free local port against the current database and cache;
`bench_load` drives it from threads, each with its own keep-alive connection (http.client opens
a new one when the server closes it), and counts every answer that is not a 200 as an error.
The generator runs on the same machine and takes CPU from the server; `LoadFigures` says how
much it used, and how much the server's processes used, so the figures can be read honestly.
"""

from __future__ import annotations

import http.client
import os
import random
import resource
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

from dutylists.serve import gunicorn_command
from township.models import Duty, Township
from township.selectors.common import latest_lists
from township.services.page_bench import search_terms

SERVER_DID_NOT_START = "Web 服务器（gunicorn）未能启动：{reason}"
SERVER_TIMEOUT = "{seconds} 秒内没有应答"
NO_TOWNSHIPS = "数据库中没有已导入清单的乡镇，无从测量；请先导入清单或运行 make_demo_data。"
START_SECONDS = 60
# One address sends every request: the API's per-address limit (60 a minute) would answer most
# of them 429. The limit is still counted in the cache, as in production; only the rate is high.
BENCH_API_RATE = "100000000/minute"
GRACE_SECONDS = 30  # gunicorn's worker timeout: an answer still missing after the deadline and this is an error
UNFINISHED = "结束后 {seconds} 秒仍未应答的请求"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerDidNotStart(Exception):
    """gunicorn exited or did not answer in time; the message holds the end of its log."""


@dataclass
class LoadFigures:
    """What one run measured: answers, latencies, errors, and the CPU the two sides used."""

    mix: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # "404 /townships/1/" or "ConnectionResetError"
    cache_hits: int = 0
    generator_cpu: float = 0.0
    server_cpu: float = 0.0
    closed: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile_ms(self, percent: int) -> float:
        """Nearest-rank percentile of all answers' latencies, in milliseconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return round(ordered[max(1, -(-percent * len(ordered) // 100)) - 1] * 1000, 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The database this process uses (the test database in tests), as DATABASE_URL spells it."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def static_manifest_missing() -> bool:
    """collectstatic has not run: pages would fail to name their hashed static files."""
    return not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists()


def _server_environment() -> dict[str, str]:
    environment = {**os.environ, "DATABASE_URL": _database_url(), "DUTYLISTS_API_ANON_RATE": BENCH_API_RATE,
                   "DUTYLISTS_CACHE_DIR": str(settings.CACHES["default"]["LOCATION"])}
    if static_manifest_missing():
        environment["DJANGO_STATIC_MANIFEST"] = "0"
    return environment


def _wait_until_answering(server: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise ServerDidNotStart(SERVER_DID_NOT_START.format(reason=log.read()[-2000:].strip()))
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            probe.request("GET", "/static/css/site.css")
            probe.getresponse().read()
            probe.close()
            return
        except OSError:
            time.sleep(0.2)
    raise ServerDidNotStart(SERVER_DID_NOT_START.format(reason=SERVER_TIMEOUT.format(seconds=START_SECONDS)))


@dataclass(frozen=True)
class BenchServer:
    """The running server: its port, the gunicorn master's pid, and its log (a temporary file)."""

    port: int
    pid: int
    log: IO[str]

    def log_tail(self, lines: int = 30) -> str:
        """The last lines gunicorn and Django wrote: the traceback behind a 500, a worker timeout."""
        self.log.seek(0)
        return "".join(self.log.readlines()[-lines:])


@contextmanager
def bench_server() -> Iterator[BenchServer]:
    """Run gunicorn as `make run` does, on a free port; stop it afterwards."""
    port = _free_port()
    # No access log (it would cost the server time), and no control socket: the one in the user's
    # home belongs to a `make run` server that may be running beside the measurement.
    command = [*gunicorn_command(f"127.0.0.1:{port}", access_log=False), "--no-control-socket"]
    log = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a full pipe would stop the server
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=_server_environment(),
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        _wait_until_answering(server, port, log)
        yield BenchServer(port=port, pid=server.pid, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, and cutime, cstime: workers that gunicorn replaced count in the master's.
    return sum(int(value) for value in fields[11:15]) / _CLOCK_TICKS


def _server_processes(master: int) -> list[int]:
    """The gunicorn master and its workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    found = children.read_text().split() if children.exists() else []
    return [master, *(int(pid) for pid in found)]


def _server_cpu(master: int) -> float:
    return sum(_process_cpu(pid) for pid in _server_processes(master))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_urls(*, mix: str, townships: int, seed: int = 13) -> list[tuple[str, str]]:
    """(kind, path) pairs to draw from: township pages only, or township pages, searches and the API."""
    ids = list(Township.objects.filter(lists__in=latest_lists()).values_list("pk", flat=True).distinct())
    if not ids:
        raise LookupError(NO_TOWNSHIPS)
    chosen = random.Random(seed).sample(ids, min(townships, len(ids)))
    pages = [("乡镇页", f"/townships/{pk}/") for pk in chosen]
    if mix == "township":
        return pages
    names = list(Duty.objects.filter(duty_list__in=latest_lists(), duty_list__township_id__in=chosen[:20])
                 .values_list("name", flat=True)[:400])
    terms = [term for kind, term in search_terms(names, None).items() if "6" not in kind]
    searches = [("搜索", f"/search/?{urlencode({'q': term})}") for term in terms]
    api = [("API", f"/api/duties/?township={pk}") for pk in chosen]
    # A third of each: every township page and API call differs; searches repeat a few keywords.
    return [entry for trio in zip(pages, api, searches * (len(pages) // max(len(searches), 1) + 1))
            for entry in trio]


def _record(figures: LoadFigures, lock: threading.Lock, kind: str, path: str, started: float,
            status: int | str, hit: bool) -> None:
    elapsed = time.perf_counter() - started
    with lock:
        if figures.closed:
            return  # answered after the run was counted
        figures.latencies.append(elapsed)
        figures.by_kind[kind] += 1
        figures.cache_hits += hit
        if status != 200:
            figures.errors[f"{status} {kind} {path}" if isinstance(status, int) else f"{status} {kind}"] += 1


def _drive(port: int, urls: list[tuple[str, str]], start: int, deadline: float,
           figures: LoadFigures, lock: threading.Lock) -> None:
    """One connection: request the URLs in turn from `start` until the deadline."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    index = start
    while time.monotonic() < deadline:
        kind, path = urls[index % len(urls)]
        index += 1
        started = time.perf_counter()
        try:
            client.request("GET", path, headers={"Host": "127.0.0.1"})
            response = client.getresponse()
            response.read()
            status, hit = response.status, response.getheader("X-Page-Cache") == "hit"
        except (OSError, http.client.HTTPException) as error:
            client.close()  # the next request opens a new connection
            status, hit = type(error).__name__, False
        _record(figures, lock, kind, path, started, status, hit)
    client.close()


def bench_load(*, port: int, server_pid: int, urls: list[tuple[str, str]], mix: str,
               connections: int, seconds: float) -> LoadFigures:
    """Drive the server with `connections` threads for `seconds`; return what they measured."""
    figures, lock = LoadFigures(mix=mix, seconds=seconds), threading.Lock()
    deadline = time.monotonic() + seconds
    cpu_before, server_before, began = _own_cpu(), _server_cpu(server_pid), time.monotonic()
    threads = [threading.Thread(target=_drive, daemon=True,
                                args=(port, urls, number * len(urls) // connections, deadline, figures, lock))
               for number in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline + GRACE_SECONDS - time.monotonic()))
    with lock:
        figures.closed = True
        unfinished = sum(thread.is_alive() for thread in threads)
        if unfinished:
            figures.errors[UNFINISHED.format(seconds=GRACE_SECONDS)] += unfinished
    figures.seconds = time.monotonic() - began
    figures.generator_cpu = _own_cpu() - cpu_before
    figures.server_cpu = _server_cpu(server_pid) - server_before
    return figures
