"""`make run`'s preparation: the bundled lists first, the new administrator's password printed last."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from dutylists import serve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BIND = "127.0.0.1:8000"


@pytest.fixture
def one_bundled_list(tmp_path: Path) -> Path:
    """A fixtures folder holding one of the bundled lists (with its metadata)."""
    for path in FIXTURES.glob("004_*"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.django_db
def test_preparation_imports_the_lists_and_returns_the_new_password_without_printing_it(
        one_bundled_list, capsys):
    password = serve.prepare_data(one_bundled_list)
    printed = capsys.readouterr().out
    assert "首次启动：导入 fixtures/ 中的 1 份清单" in printed
    assert password and password not in printed
    administrator = get_user_model().objects.get(username=serve.ADMIN_USERNAME)
    assert administrator.is_superuser and administrator.check_password(password)
    assert serve.prepare_data(one_bundled_list) is None  # the next start creates no account


@pytest.mark.parametrize("https", [True, False])
def test_the_password_and_how_to_change_it_are_the_last_lines_printed(https):
    lines = serve.startup_notice(BIND, password="s3cret", https=https).splitlines()
    assert lines[0].startswith(f"门户已启动：http://{BIND}/")
    assert (serve.HTTPS_NOTE in lines) is https
    assert lines[-3:] == ["  密码：s3cret", serve.CHANGE_PASSWORD_HINT, "=" * 60]
    assert "manage.py changepassword admin" in serve.CHANGE_PASSWORD_HINT


def test_the_password_is_shown_even_when_the_server_failed_to_start():
    lines = serve.startup_notice(BIND, password="s3cret", https=False, running=False).splitlines()
    assert "  密码：s3cret" in lines
    assert not any(line.startswith("门户已启动") for line in lines)


def test_without_a_new_account_only_the_address_is_printed():
    assert serve.startup_notice(BIND, password=None, https=False).splitlines() == [
        f"门户已启动：http://{BIND}/ （管理后台 /admin/，按 Ctrl-C 停止）"]
