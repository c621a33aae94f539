"""Django settings, read from environment variables with safe defaults for local use.

DUTYLISTS_ENV=production makes DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS mandatory.
DATABASE_URL selects an existing PostgreSQL; without it the embedded server in .data/ is used.
DATABASE_REPLICA_URLS adds read replicas of it (dutylists/routers.py says which reads go there).
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dutylists import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = os.environ.get("DUTYLISTS_ENV", "local") == "production"
# Rendered pages are dropped when their lists change; the lifetime is only a safety net.
PAGE_CACHE_SECONDS = 3600
PAGE_CACHE_ENTRIES = 100_000  # more than the country's townships, so a warm cache is not culled

MISSING_IN_PRODUCTION = "生产环境必须设置环境变量 {name}（DUTYLISTS_ENV=production）。"
INVALID_RATE = (
    "环境变量 {name} 的值 {value!r} 无效：应写成“次数/时间单位”，如 60/minute"
    "（单位 second、minute、hour、day）。"
)
INVALID_PROXY_COUNT = "环境变量 {name} 的值 {value!r} 无效：应为 0 或正整数（网站前面反向代理的层数）。"
INVALID_FLAG = "环境变量 {name} 的值 {value!r} 无效：应为 1（开启）或 0（关闭）。"
INVALID_HSTS_SECONDS = "环境变量 {name} 的值 {value!r} 无效：应为 0 或正整数（HSTS 的有效秒数）。"
INVALID_LOGIN_FAILURE_LIMIT = "环境变量 {name} 的值 {value!r} 无效：应为正整数（同一账号在同一地址允许连续登录失败的次数）。"
INVALID_LOCKOUT_MINUTES = "环境变量 {name} 的值 {value!r} 无效：应为 0 或正整数（登录锁定的分钟数，0 表示直到管理员解锁）。"
INVALID_TIME_ZONE = "环境变量 {name} 的值 {value!r} 无效：应为 IANA 时区名，如 Asia/Shanghai 或 Asia/Urumqi。"


def _env_list(name: str) -> list[str]:
    return [value.strip() for value in os.environ.get(name, "").split(",") if value.strip()]


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(MISSING_IN_PRODUCTION.format(name=name))
    return value


def _local_secret_key() -> str:
    """A key generated once per checkout and kept in the git-ignored .data/ folder."""
    key_file = embedded_db.DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _env_rate(name: str, default: str) -> str:
    """A throttle rate such as 60/minute from the environment, checked now rather than per request."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"\d+/(?:s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(INVALID_RATE.format(name=name, value=value))
    return value


def _env_flag(name: str, default: bool) -> bool:
    """A switch from the environment: 1 or 0, `default` when unset."""
    value = os.environ.get(name, "").strip()
    if value not in ("", "0", "1"):
        raise ImproperlyConfigured(INVALID_FLAG.format(name=name, value=value))
    return value == "1" if value else default


def _env_count(name: str, default: int, invalid: str = INVALID_PROXY_COUNT, least: int = 0) -> int:
    """A whole number (`least` or more) from the environment; `invalid` says what it should be."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < least:
        raise ImproperlyConfigured(invalid.format(name=name, value=value))
    return int(value)


def _env_time_zone(name: str, default: str) -> str:
    """An IANA time zone from the environment, checked now so that a typo stops start-up."""
    value = os.environ.get(name, "").strip() or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(INVALID_TIME_ZONE.format(name=name, value=value)) from None
    return value


def cache_settings(environ: dict[str, str] | os._Environ = os.environ) -> dict:
    """CACHES: files in DUTYLISTS_CACHE_DIR (default .data/cache) that every server process shares."""
    location = environ.get("DUTYLISTS_CACHE_DIR", "").strip() or str(embedded_db.DATA_DIR / "cache")
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    # Rendered pages in a folder of their own: tens of thousands of them (the file cache culls a
    # third of its files past MAX_ENTRIES) must not push the rate-limit counts out.
    pages = {"BACKEND": backend, "LOCATION": str(Path(location) / "pages"), "TIMEOUT": PAGE_CACHE_SECONDS,
             "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES}}
    return {"default": {"BACKEND": backend, "LOCATION": location}, "pages": pages}


def database_settings(environ: dict[str, str] | os._Environ = os.environ) -> dict:
    """DATABASES['default']: DATABASE_URL when set, otherwise the embedded server."""
    url = environ.get("DATABASE_URL", "").strip()
    config = dj_database_url.parse(url) if url else embedded_db.connection_settings()
    # Web workers keep their connection between requests (a new one costs 6–11 ms a page);
    # it is checked before reuse, so a restarted server costs one failed ping, not an error page.
    config["CONN_MAX_AGE"] = int(environ.get("DUTYLISTS_CONN_MAX_AGE", "60"))
    config["CONN_HEALTH_CHECKS"] = True
    return config


def replica_settings(environ: dict[str, str] | os._Environ = os.environ) -> dict:
    """DATABASES entries replica1, replica2, … for the URLs in DATABASE_REPLICA_URLS (comma-separated)."""
    urls = [url.strip() for url in environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
    replicas = {}
    for number, url in enumerate(urls, start=1):
        # Parsed exactly as DATABASE_URL is, with the same connection options.
        replica = database_settings({**environ, "DATABASE_URL": url})
        # Tests create no database of their own on a replica: it reads the primary's test database.
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{number}"] = replica
    return replicas


if PRODUCTION:
    SECRET_KEY = _required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(MISSING_IN_PRODUCTION.format(name="DJANGO_ALLOWED_HOSTS"))
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
    ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver"]

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1" and not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dutylists.apps.LoginLockoutConfig",  # django-axes, named in Chinese
    "township",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dutylists.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lock-out page
]

ROOT_URLCONF = "dutylists.urls"
WSGI_APPLICATION = "dutylists.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_settings()}
# Two test runs against one server (a developer's and a helper's) each need their own test database.
if os.environ.get("DUTYLISTS_TEST_DATABASE"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DUTYLISTS_TEST_DATABASE"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replicas: without DATABASE_REPLICA_URLS there is one database and no router, as before.
_replicas = replica_settings()
DATABASES.update(_replicas)
if _replicas:
    DATABASE_ROUTERS = ["dutylists.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "dutylists.routers.ReplicaReadsMiddleware")
# After a write, the user's next pages read the primary this long (replicas may lag behind).
DUTYLISTS_REPLICA_STICKY_SECONDS = int(os.environ.get("DUTYLISTS_REPLICA_STICKY_SECONDS", "10"))

# The cache holds the API's rate-limit counts (DRF's throttles). Django's default keeps it in each
# process's memory: every gunicorn worker (`make run` starts two) would count on its own, and a
# restart would forget. Files are shared by every process on the machine and survive restarts;
# unlike a DatabaseCache they need no table and add no queries to each API request. Several
# machines serving one address count separately unless DUTYLISTS_CACHE_DIR is a folder they share.
CACHES = cache_settings()
# Township, item and home pages answered from the "pages" cache for visitors who are not logged in
# (township/views/caching.py); DUTYLISTS_PAGE_CACHE=0 renders every page afresh.
DUTYLISTS_PAGE_CACHE = _env_flag("DUTYLISTS_PAGE_CACHE", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): every login (the admin's, and any form that calls authenticate()
# with the request) is refused after DUTYLISTS_LOGIN_FAILURE_LIMIT failures of one username from one
# address, even with the right password, for DUTYLISTS_LOGIN_LOCKOUT_MINUTES (0: until unlocked). By
# username and address together, so that nobody locks a colleague out from elsewhere. An
# administrator unlocks in the admin (登录限制 → 访问尝试) or with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses a locked-out login before the check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_count("DUTYLISTS_LOGIN_FAILURE_LIMIT", 5, INVALID_LOGIN_FAILURE_LIMIT, least=1)
_LOCKOUT_MINUTES = _env_count("DUTYLISTS_LOGIN_LOCKOUT_MINUTES", 30, INVALID_LOCKOUT_MINUTES)
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a few typos before a good login are forgotten
AXES_CLIENT_IP_CALLABLE = "dutylists.lockout.client_ip"  # REMOTE_ADDR unless behind trusted proxies
AXES_LOCKOUT_CALLABLE = "dutylists.lockout.lockout_response"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # Chinese for django-axes's admin pages, which ship none
# Every time shown (admin revisions, import records, catalogue builds) is in this zone; stored in UTC.
TIME_ZONE = _env_time_zone("DUTYLISTS_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if os.environ.get("DJANGO_STATIC_MANIFEST", "1") == "1"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded files go to a temporary file past this size; the import form enforces its own limit (30 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# An upload's parse runs in a child process with these limits, well inside gunicorn's 30 s
# timeout (the preview and the confirm each parse once); scans and large files that need more
# are imported with `import_list`, which the message says.
DUTYLISTS_UPLOAD_PARSE_SECONDS = float(os.environ.get("DUTYLISTS_UPLOAD_PARSE_SECONDS", "20"))
DUTYLISTS_UPLOAD_PARSE_MEMORY_MB = int(os.environ.get("DUTYLISTS_UPLOAD_PARSE_MEMORY_MB", "1536"))
# OCR reads about a page in 5 s: a web upload reads scans this short; longer ones go to import_list.
DUTYLISTS_UPLOAD_SCAN_PAGES = int(os.environ.get("DUTYLISTS_UPLOAD_SCAN_PAGES", "3"))
# A search export holds at most this many items, so that it is always written whole well inside
# gunicorn's 30 s; broader searches are asked to narrow their filters. Measured on the 2-core
# machine under load: the workbook writes about 1,400 items/s (92,794 items: 67 s), CSV about
# 6,500/s (14 s), so 15,000 items take about 11 s as xlsx and 2-3 s as CSV.
DUTYLISTS_EXPORT_MAX_ROWS = int(os.environ.get("DUTYLISTS_EXPORT_MAX_ROWS", "15000"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS. In production the portal is reached over HTTPS, through a reverse proxy that terminates
# TLS in front of gunicorn (which speaks plain HTTP): every http:// request is redirected to https://,
# cookies are sent over HTTPS only, and HSTS makes browsers refuse plain HTTP to this host for
# DUTYLISTS_HSTS_SECONDS (a year, as the HSTS preload list asks) and its subdomains, so that no
# one on the network can strip TLS or read a session cookie. `preload` by itself changes nothing:
# it lets the domain's owner submit it to browsers' built-in list. Locally (`make run` on
# http://127.0.0.1:8000) all of this is off; DUTYLISTS_HTTPS=1 turns it on and =0 off whatever the
# environment (=0 in production only for a closed network without TLS: `check --deploy` then warns).
HTTPS = _env_flag("DUTYLISTS_HTTPS", PRODUCTION)
DUTYLISTS_PROXIES = _env_count("DUTYLISTS_API_PROXIES", 0)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _env_count("DUTYLISTS_HSTS_SECONDS", 365 * 24 * 3600, INVALID_HSTS_SECONDS)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if DUTYLISTS_PROXIES:
        # gunicorn trusts X-Forwarded-Proto from a proxy on this machine by itself; one elsewhere
        # is believed only when DUTYLISTS_API_PROXIES says the portal stands behind proxies.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The read-only JSON API under /api/ (township/api/).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "township.api.pagination.PageNumbers",
    "DEFAULT_THROTTLE_CLASSES": [
        "township.api.throttling.AnonymousRateThrottle",
        "township.api.throttling.LoggedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _env_rate("DUTYLISTS_API_ANON_RATE", "60/minute"),
        "user": _env_rate("DUTYLISTS_API_USER_RATE", "600/minute"),
    },
    # Clients are told apart by address; X-Forwarded-For is believed only behind this many
    # proxies, so that nobody escapes the limit by sending the header themselves.
    "NUM_PROXIES": DUTYLISTS_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "township.api.schema.PortalAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "乡镇履职事项清单 API",
    "DESCRIPTION": (
        "JSON 接口：各乡镇（街道）及其清单版本、履职事项（与检索页相同的筛选条件）、"
        "上级部门和事项类别（只读），以及事项准入核查（POST /api/check/）。所有列表分页返回；未登录的访问按 IP 限制频率。"
        "清单原文是数据而非标记：客户端显示时须自行转义。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SORT_OPERATIONS": False,  # townships, items, departments, categories: the order of /api/
    # Swagger UI's files come from the drf-spectacular-sidecar package, served by the portal.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No online validator: nothing the docs page shows may come from outside the portal.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",  # the default
        "township.api.schema.drop_docstring_descriptions",
        "township.api.schema.add_error_responses",
    ],
}
