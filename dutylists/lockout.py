"""Login throttling (django-axes): who a login attempt comes from, and the Chinese lock-out page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from axes.helpers import get_client_username, get_cool_off, get_failure_limit

LOCKOUT_TEMPLATE = "account_locked.html"
LOCKOUT_MESSAGE = (
    "登录失败次数过多，账号“{username}”已在此地址暂时锁定：请 {minutes} 分钟后再试"
    "（锁定期间每再试一次都会重新计时），或请本门户的管理员在管理后台解锁。"
)
# DUTYLISTS_LOGIN_LOCKOUT_MINUTES=0: no cool-off, the lock lasts until an administrator lifts it.
PERMANENT_LOCKOUT_MESSAGE = (
    "登录失败次数过多，账号“{username}”已在此地址锁定：请本门户的管理员在管理后台解锁。"
)


def client_ip(request: HttpRequest) -> str | None:
    """The address failed logins are counted against: REMOTE_ADDR, unless trusted proxies say otherwise.

    `make run` serves gunicorn directly, so REMOTE_ADDR is the client. Behind DUTYLISTS_API_PROXIES
    reverse proxies (the same count the API's rate limits trust), the client is the address the
    outermost of them appended to X-Forwarded-For; anything further left was sent by the client
    and could be forged to escape the lock.
    """
    proxies = settings.DUTYLISTS_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    """How long a lock lasts, in whole minutes (at least one)."""
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out login gets (HTTP 429): for how long, and whom to ask to unlock it."""
    minutes = cool_off_minutes(request)
    username = get_client_username(request, credentials) or ""
    message = LOCKOUT_MESSAGE if minutes else PERMANENT_LOCKOUT_MESSAGE
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": minutes,
        "message": message.format(username=username, minutes=minutes),
    }
    return render(request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
