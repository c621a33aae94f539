"""Login throttling: locked after repeated failures, whatever the password, until the lock is lifted."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.views import LoginView
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dutylists.lockout import LOCKOUT_MESSAGE, client_ip

PASSWORD = "正确的口令-Correct-horse-42"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("zhangsan", password=PASSWORD, is_staff=True)


def _login_urls(patterns=None, prefix: str = "/") -> list[str]:
    """Every URL of the project that shows a login form: the admin's and any LoginView."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _login_urls(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and _is_login_view(entry):
            found.append(route)
    return found


def _is_login_view(entry: URLPattern) -> bool:
    view_class = getattr(entry.callback, "view_class", None)
    return entry.name == "login" or (view_class is not None and issubclass(view_class, LoginView))


def _log_in(client, url: str, password: str, username: str = "zhangsan", **extra):
    return client.post(url, {"username": username, "password": password, "next": "/admin/"}, **extra)


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_admin_login_is_among_the_login_forms_found():
    assert ADMIN_LOGIN in _login_urls()


@pytest.mark.parametrize("url", _login_urls())
def test_a_hundred_wrong_passwords_lock_the_right_one_out(client, editor, url):
    for attempt in range(100):
        _log_in(client, url, f"wrong-{attempt}")
    response = _log_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_lockout_page_says_in_chinese_how_long_and_whom_to_ask(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}")
    page = _log_in(client, ADMIN_LOGIN, PASSWORD).content.decode()
    assert LOCKOUT_MESSAGE.format(username="zhangsan", minutes=30) in page
    assert "30 分钟" in page and "管理员" in page and "axes_reset_username zhangsan" in page
    assert '<html lang="zh-Hans">' in page


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}")
    assert _log_in(client, ADMIN_LOGIN, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_axes_reset_username_lifts_the_lock(client, editor):
    for attempt in range(100):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}")
    call_command("axes_reset_username", "zhangsan", stdout=io.StringIO())
    assert _log_in(client, ADMIN_LOGIN, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_an_administrator_lifts_the_lock_by_deleting_the_attempt_in_the_admin(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}")
    attempt = AccessAttempt.objects.get(username="zhangsan")
    administrator = get_user_model().objects.create_superuser("root", password=PASSWORD)
    admin_client = type(client)()
    admin_client.force_login(administrator)
    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "zhangsan" in changelist.content.decode()
    delete_url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert _log_in(client, ADMIN_LOGIN, PASSWORD).status_code == 302


def test_the_lock_holds_one_username_at_one_address_only(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}", REMOTE_ADDR="203.0.113.7")
    assert _log_in(client, ADMIN_LOGIN, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert _log_in(client, ADMIN_LOGIN, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, ADMIN_LOGIN, f"wrong-{attempt}", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    response = _log_in(client, ADMIN_LOGIN, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.9", "192.0.2.1"),  # no proxy trusted: the header is the client's word
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "10.6.6.6, 198.51.100.9", "198.51.100.9"),  # the left entry was sent by the client
        (2, "10.6.6.6, 198.51.100.9, 192.0.2.50", "198.51.100.9"),
        (1, "", "192.0.2.1"),
    ],
)
def test_the_client_address_is_remote_addr_unless_trusted_proxies_forward_it(
        rf, settings, proxies, forwarded, expected):
    settings.DUTYLISTS_PROXIES = proxies
    request = rf.post(ADMIN_LOGIN, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries(text: str) -> dict[str, str]:
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return dict(pairs)


def test_the_compiled_catalogue_matches_its_source():
    entries = _po_entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert entries and all(catalogue.gettext(msgid) == msgstr for msgid, msgstr in entries.items())


def test_the_admin_shows_the_lockout_records_in_chinese(client, editor):
    _log_in(client, ADMIN_LOGIN, "wrong")
    administrator = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(administrator)
    index = client.get("/admin/").content.decode()
    assert "登录限制" in index and "访问尝试" in index and "访问日志" in index
    assert "Access attempts" not in index and ">Axes<" not in index
    changelist = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "用户名" in changelist and "IP 地址" in changelist and "失败次数" in changelist
    assert "状态" in changelist and "次尝试机会剩余" in changelist
    assert "Failed Logins" not in changelist and ">Status<" not in changelist and "zhangsan" in changelist
