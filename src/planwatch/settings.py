"""Django settings, typed from the environment (PLANWATCH_*).

Every setting a deployment may change is read here through `_env` / `_secret`, with a type and a
default, and is documented in docs/settings.md (tests/store/test_settings_docs.py fails when one
is not). Nothing else in the code reads the environment, so this file is the whole list.

The default installation needs no configuration at all: a per-user data directory holds the
SQLite database (WAL mode, so readers do not block the one writer) and a generated secret key
that survives restarts.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import dj_database_url

from planwatch import logs

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ValueError(f"expected one of {sorted(_TRUE | _FALSE)}")


def _to_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _to_positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


def _env(name: str, default: Any, cast: Callable[[str], Any] = str) -> Any:
    """Read PLANWATCH_* with a type; a value that does not convert stops start-up with its name."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise SystemExit(f"planwatch: bad value for {name}={raw!r} ({exc})") from exc


def _secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name) or None


def default_data_dir() -> Path:
    """The per-user data folder, as platformdirs would choose it, without the dependency."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "planwatch"


def _ensure_dir(path: Path) -> Path:
    """The data directory, created (or narrowed) to mode 0700: it holds password hashes,
    session keys, the secret key and the units' evidence."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path, 0o700)
    return path


def _owner_only(path: Path, mode: int) -> None:
    """chmod `path` to `mode` when it allows more; leave alone what we may not change."""
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)
    except (FileNotFoundError, PermissionError):
        pass


def _sqlite_file(data_dir: Path) -> str:
    """The database file, created empty with mode 0600 before SQLite opens it: SQLite gives
    its -wal and -shm files the database file's mode, so all three stay private."""
    path = _ensure_dir(data_dir) / "planwatch.sqlite3"
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            _owner_only(path.with_name(name), 0o600)
    return str(path)


def _stored_secret_key(data_dir: Path) -> str:
    """Read the generated key, or create it (mode 0600) so sessions survive a restart."""
    path = _ensure_dir(data_dir) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


def _to_seconds(raw: str) -> float:
    value = float(raw)
    if not 0 < value <= 600:
        raise ValueError("expected seconds between 0 and 600")
    return value


def _database(url: str | None, data_dir: Path, busy_timeout: float) -> dict:
    """PostgreSQL (psycopg 3) or SQLite from a URL; by default SQLite in the data directory.

    ``busy_timeout``: how long a request waits for a lock held by another writer before it
    fails as busy (planwatch.busy answers 503 with Retry-After): SQLite's busy timeout,
    PostgreSQL's lock_timeout. Commands wait longer (`DB_COMMAND_BUSY_TIMEOUT`)."""
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        # kept open between requests like PostgreSQL's: opening the file and running the
        # pragmas below cost each request 2.4 ms here, half of a warm dashboard (issue 20)
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_file(data_dir),
            "CONN_MAX_AGE": 60,
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL: readers never wait for the writer; IMMEDIATE: a transaction takes the write lock at
        # its start, so two writers queue instead of failing half-way with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": busy_timeout,
        }
    else:
        options = config.setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c lock_timeout={int(busy_timeout * 1000)}".strip()
        )
    return config


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(_env("PLANWATCH_DATA_DIR", default_data_dir(), Path)).expanduser()

DEBUG = _env("PLANWATCH_DEBUG", False, _to_bool)
SECRET_KEY = _secret("PLANWATCH_SECRET_KEY") or _stored_secret_key(DATA_DIR)
ALLOWED_HOSTS = _env("PLANWATCH_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"], _to_list)
DB_BUSY_TIMEOUT = _env("PLANWATCH_DB_BUSY_TIMEOUT", 2.0, _to_seconds)
DB_COMMAND_BUSY_TIMEOUT = _env("PLANWATCH_DB_COMMAND_BUSY_TIMEOUT", 60.0, _to_seconds)
DATABASES = {"default": _database(_env("PLANWATCH_DATABASE_URL", None), DATA_DIR, DB_BUSY_TIMEOUT)}


def _caches(url: str | None, data_dir: Path) -> dict:
    """The caches every server process shares (evaluations, the claims of a computation; page
    parts are kept per process, web/page_parts.py).

    By default diskcache's Django backend in the data directory: SQLite files beside the
    database, shared by every worker process of `planwatch serve` on this machine, with an atomic
    `add` (the claim that lets one process compute while the others wait: Django's file cache
    checks then writes, so two processes could both claim). Its writes never take the database's
    write lock. Several machines share one Redis through PLANWATCH_CACHE_URL (redis://…, needs
    the `redis` package). Keys carry the plan's data version, so a stale entry is never read."""
    if url:
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        return {
            "default": {**backend, "KEY_PREFIX": "planwatch"},
            "evaluation": {**backend, "KEY_PREFIX": "planwatch-evaluation", "TIMEOUT": None},
        }
    folder = _ensure_dir(data_dir) / "cache"
    shared = {"BACKEND": "diskcache.DjangoCache", "OPTIONS": {"size_limit": 2**30}, "SHARDS": 4}
    return {
        "default": {**shared, "LOCATION": str(folder / "default")},
        "evaluation": {**shared, "LOCATION": str(folder / "evaluation"), "TIMEOUT": None},
    }


CACHES = _caches(_env("PLANWATCH_CACHE_URL", None), DATA_DIR)

INSTALLED_APPS = [
    # Django's admin with planwatch's site: entry decided by allowed(user, "admin"), lock-out on login.
    "planwatch.accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "planwatch.plans",
    "planwatch.units",
    "planwatch.indicators",
    "planwatch.accounts",
    "planwatch.audit",
    "planwatch.reporting",
    "planwatch.tasks",  # 具体任务 and 政策措施: proposals, review, computed status (issue 12)
    "planwatch.index",  # 统计评价体系: the composite development index (docs/index.md)
    "planwatch.responsibilities",  # 责任分解: lead units per article and target, proposals, export
    "planwatch.supervision",  # 督办 items, lights, 问责 ledger (docs/supervision.md)
    "planwatch.projects",  # 重点项目台账: ledger import/export, monthly reports, computed lights (docs/projects.md)
    "planwatch.problems",  # 问题 loop: 提出 → 受理 → 协调 → 解决 → 反馈 → 销号, meetings (docs/problems.md)
    "planwatch.assessment",  # 考核: schemes, scorecards, 征求意见 and appeals, 公布 (docs/assessment.md)
    "planwatch.reports",  # progress reports (DOCX), briefs and Excel ledgers (docs/reports.md)
    "planwatch.api",  # the JSON API: templates and vendored swagger-ui for /api/v1/docs
    "planwatch.backup",  # `planwatch backup` / `restore` (docs/operations.md)
    "planwatch.web",  # the site: pages, base template, static css/js, `serve` and `demo`
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "planwatch.busy.SessionMiddleware",  # Django's; a busy database does not lose the page
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "planwatch.audit.middleware.AuditContextMiddleware",
    "planwatch.accounts.middleware.PasswordChangeRequiredMiddleware",
    "planwatch.web.races.UniqueRaceMiddleware",  # a page's write lost to an equal row: 409, not 500
    "planwatch.busy.BusyDatabaseMiddleware",  # a view that meets a held lock: 503, not 500
]

ROOT_URLCONF = "planwatch.urls"
WSGI_APPLICATION = "planwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# --- Accounts and security (docs/security.md): 等保 2.0 password, lock-out and session rules ---
AUTHENTICATION_BACKENDS = ["planwatch.accounts.backends.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

LOCKOUT_ATTEMPTS = _env("PLANWATCH_LOCKOUT_ATTEMPTS", 5, _to_positive_int)
LOCKOUT_MINUTES = _env("PLANWATCH_LOCKOUT_MINUTES", 15, _to_positive_int)
PASSWORD_MIN_LENGTH = _env("PLANWATCH_PASSWORD_MIN_LENGTH", 10, _to_positive_int)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django.request to standard error, refused requests as one line each (planwatch/logs.py).
LOGGING = logs.LOGGING

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "planwatch.accounts.validators.NameInPasswordValidator"},
    {
        "NAME": "planwatch.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "planwatch.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle time-out: a request pushes the expiry SESSION_MINUTES further, saving the session at most
# once every SESSION_REFRESH_SECONDS when nothing else in it changed (planwatch.busy's
# SessionMiddleware: a page that only reads writes nothing), so a session ends between
# SESSION_MINUTES less a minute and SESSION_MINUTES after the last request; closing the browser
# ends it too. Sessions live in the database, so a lock or a deleted user ends them for real.
SESSION_MINUTES = _env("PLANWATCH_SESSION_MINUTES", 30, _to_positive_int)
SESSION_COOKIE_AGE = SESSION_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # pages put the token in the form (and a <meta> for htmx), never JS cookies
# A refused token answers the site's Chinese page (JSON under /api/), not Django's English one.
CSRF_FAILURE_VIEW = "planwatch.web.errors.csrf_failure"

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
HTTPS = _env("PLANWATCH_HTTPS", False, _to_bool)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp 4 format. Nothing inline: scripts and styles are files under static/ (no CDN, no nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = _env("PLANWATCH_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = _ensure_dir(DATA_DIR / "static")
# whitenoise serves the apps' static/ folders straight from the finders, so `planwatch serve` works
# without a collectstatic step (a few hundred files; indexed once at start-up); DEBUG re-reads files
# on every request. When the WSGI application starts, web/static_files.py collects them into
# STATIC_ROOT with hashed names and gzip copies (once per change of the package's files), which
# whitenoise serves compressed with a year's `immutable` cache header.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "planwatch.web.static_files.Storage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reporting reminders by e-mail. Without an SMTP host, mail is written to the `planwatch.mail`
# log instead (a closed network often has no mail relay; the in-app notifications still work).
EMAIL_HOST = _env("PLANWATCH_SMTP_HOST", "")
EMAIL_PORT = _env("PLANWATCH_SMTP_PORT", 25, int)
EMAIL_HOST_USER = _env("PLANWATCH_SMTP_USER", "")
EMAIL_HOST_PASSWORD = _secret("PLANWATCH_SMTP_PASSWORD") or ""
EMAIL_USE_TLS = _env("PLANWATCH_SMTP_TLS", False, _to_bool)
DEFAULT_FROM_EMAIL = _env("PLANWATCH_MAIL_FROM", "planwatch@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "planwatch.reporting.mail.LogEmailBackend"
)

# Upload limits of the reporting cycle: evidence files, and Excel workbooks (packed and unpacked,
# the second against zip bombs).
REPORTING_EVIDENCE_MAX_MB = _env("PLANWATCH_EVIDENCE_MAX_MB", 20, int)
REPORTING_WORKBOOK_MAX_MB = _env("PLANWATCH_WORKBOOK_MAX_MB", 10, int)
REPORTING_WORKBOOK_MAX_UNPACKED_MB = _env("PLANWATCH_WORKBOOK_MAX_UNPACKED_MB", 200, int)
# A plan document uploaded on the 导入计划 page (larger ones: `planwatch import-plan` on the server).
PLAN_UPLOAD_MAX_MB = _env("PLANWATCH_PLAN_UPLOAD_MAX_MB", 20, int)

# The date pages and the API evaluate as of when none is asked for (default: today). Statuses
# after a plan's end are verdicts, so replaying a past date is how a finished plan is shown in
# progress (`planwatch demo` sets it to its demo data's date for an ended plan).
EVALUATION_DATE = _env("PLANWATCH_EVALUATION_DATE", None, date.fromisoformat)

# 发文机关 at the end of a generated report and the 填报单位 of a plan-wide ledger, unless the
# office types another when generating (docs/reports.md).
REPORT_ISSUER = _env("PLANWATCH_REPORT_ISSUER", "领导小组办公室")
