"""`make run`: start the database, prepare the portal, serve it with gunicorn until Ctrl-C.

Prepares on every start (each step is quick when there is nothing to do): migrations, static
files, the bundled lists when the database holds none, and an administrator account the first
time, whose random password is printed once, last, when the server answers (after the import's
output, so that it does not scroll away).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIND = os.environ.get("DUTYLISTS_BIND", "127.0.0.1:8000")
ADMIN_USERNAME = "admin"
# DUTYLISTS_HTTPS (on by default in production) redirects every http:// request to https://.
HTTPS_NOTE = (
    "已开启 HTTPS（DUTYLISTS_HTTPS）：http:// 的请求都会被重定向到 https://，"
    "请经终止 TLS 的反向代理访问；在没有 TLS 的内网上以 DUTYLISTS_HTTPS=0 启动。"
)
CHANGE_PASSWORD_HINT = (
    f"忘记密码时，在项目目录中运行 .venv/bin/python manage.py changepassword {ADMIN_USERNAME} 设置新密码。"
)
SERVER_START_SECONDS = 30


def _prepare() -> str | None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return prepare_data(BASE_DIR / "fixtures")


def prepare_data(fixtures: Path) -> str | None:
    """Load the bundled lists and create the administrator; return its new password, unprinted."""
    _load_bundled_lists(fixtures)
    return _ensure_administrator()


def _load_bundled_lists(fixtures: Path) -> None:
    from django.core.management import call_command, get_commands

    from township.models import DutyList

    if DutyList.objects.exists() or "import_list" not in get_commands():
        return
    lists = sorted(str(path) for path in fixtures.glob("*.txt"))
    if lists:
        print(f"首次启动：导入 fixtures/ 中的 {len(lists)} 份清单…", flush=True)
        call_command("import_list", *lists)
        if "build_catalogue" in get_commands():
            call_command("build_catalogue")  # the township pages' 少见 marks and county gaps


def _ensure_administrator() -> str | None:
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(ADMIN_USERNAME, email="", password=password)
    return password


def startup_notice(bind: str, *, password: str | None, https: bool, running: bool = True) -> str:
    """What `make run` prints once the server answers: the address, then any new password, last."""
    lines = []
    if running:
        lines.append(f"门户已启动：http://{bind}/ （管理后台 /admin/，按 Ctrl-C 停止）")
    if running and https:
        lines.append(HTTPS_NOTE)
    # The account exists now: its password is shown even when the server failed to start.
    if password:
        banner = "=" * 60
        lines += [banner, "已创建管理员账号（此密码只显示这一次，请妥善保存）：",
                  f"  用户名：{ADMIN_USERNAME}", f"  密码：{password}", CHANGE_PASSWORD_HINT, banner]
    return "\n".join(lines)


def _https() -> bool:
    from django.conf import settings

    return settings.HTTPS


def gunicorn_command(bind: str, *, access_log: bool = True) -> list[str]:
    """The web server `make run` starts (bench_load starts the same one on a port of its own)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [str(gunicorn), "dutylists.wsgi:application", "--bind", bind, "--workers", "2",
            *(["--access-logfile", "-"] if access_log else []), "--graceful-timeout", "5"]


def _wait_until_listening(server: subprocess.Popen, bind: str) -> None:
    # gunicorn logs its start-up lines as it boots; the notice is to come after them.
    host, _, port = bind.rpartition(":")
    deadline = time.monotonic() + SERVER_START_SECONDS
    while server.poll() is None and time.monotonic() < deadline and port.isdigit():
        try:
            socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def _serve(password: str | None) -> int:
    server = subprocess.Popen(gunicorn_command(BIND), cwd=BASE_DIR)
    try:
        _wait_until_listening(server, BIND)
        notice = startup_notice(BIND, password=password, https=_https(), running=server.poll() is None)
        print(notice, flush=True)
        return server.wait()
    except KeyboardInterrupt:
        # The terminal sent SIGINT to gunicorn too; give it time to finish its requests.
        server.send_signal(signal.SIGTERM)
        return server.wait()


def main() -> int:
    """Run the portal; stop the web server and the embedded database on exit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dutylists.settings")
    sys.path.insert(0, str(BASE_DIR))
    from dutylists import embedded_db

    embedded = not os.environ.get("DATABASE_URL")
    if embedded:
        embedded_db.start()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return _serve(_prepare())
    except KeyboardInterrupt:
        return 0
    finally:
        if embedded:
            embedded_db.stop()
            print("数据库已停止。", flush=True)


if __name__ == "__main__":
    sys.exit(main())
