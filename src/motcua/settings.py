"""Django settings for motcua, read from the environment (public contract, ARCHITECTURE.md).

MOTCUA_DATA_DIR       where the embedded database, files and keys live (default ./var)
MOTCUA_DATABASE_URL   a database URL; default SQLite (WAL) in the data dir
MOTCUA_PROVINCE       the province this installation serves (default "25", Phú Thọ)
MOTCUA_SECRET_KEY     Django's secret key (default: a random key kept in the data dir)
MOTCUA_DEBUG          "1"/"true" turns debug on
MOTCUA_ALLOWED_HOSTS  comma-separated host names
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", "var")).resolve()

DEBUG = _env_bool("MOTCUA_DEBUG", default=False)


def _secret_key() -> str:
    """MOTCUA_SECRET_KEY, else a random key kept in the data dir (created on first start).

    Several app processes of one installation share the data dir, hence the same key.
    """
    from_env = os.environ.get("MOTCUA_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

MOTCUA_PROVINCE = os.environ.get("MOTCUA_PROVINCE", "25").strip().zfill(2)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "motcua.core",
    "motcua.units",
    "motcua.accounts",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.signing",
    "motcua.notifications",
    "motcua.citizens",
    "motcua.portal",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "motcua.core.request_address.RequestAddressMiddleware",
]

ROOT_URLCONF = "motcua.urls"

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

WSGI_APPLICATION = "motcua.wsgi.application"


def _database_config() -> dict:
    url = os.environ.get("MOTCUA_DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
        elif "postgresql" in config["ENGINE"] and _env_bool(
            "MOTCUA_DATABASE_PREPARE", default=False
        ):
            # Opt-in: server-side parameters, and statements prepared once per connection
            # after their third run. Off by default: a prepared statement's generic plan
            # cannot match the partial indexes of open dossiers (`state IN ($1, ...)`), so
            # the work queues are planned with their values on each run.
            config.setdefault("OPTIONS", {}).update(
                {"server_side_binding": True, "prepare_threshold": 3}
            )
        if "postgresql" in config["ENGINE"]:
            # No JIT compilation: the application's statements read a page or a row by
            # index, and PostgreSQL compiled any whose estimated cost passed its threshold,
            # a fixed 0.1-0.4 s (docs/performance.md). `options` in the URL's query adds to it.
            options = config.setdefault("OPTIONS", {})
            options["options"] = f"-c jit=off {options.get('options', '')}".strip()
        return dict(config)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "motcua.sqlite3",
        "OPTIONS": dict(_SQLITE_OPTIONS),
        # Tests use a file, not memory: the browser tests' live server then opens its own
        # connections per thread instead of sharing one in-memory connection across threads.
        "TEST": {"NAME": str(DATA_DIR / "test_motcua.sqlite3")},
    }


_SQLITE_INIT = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
    "PRAGMA busy_timeout=20000;"
)
# WAL lets readers work while one writer commits; IMMEDIATE avoids the "database is locked"
# failure when a deferred transaction tries to upgrade to a write.
_SQLITE_OPTIONS = {"init_command": _SQLITE_INIT, "transaction_mode": "IMMEDIATE", "timeout": 20}

DATABASES = {"default": _database_config()}
# The name-search index carries the folded name as a non-key column (INCLUDE) on PostgreSQL
# for index-only scans; SQLite builds it without, on purpose (docs/adr/0004-name-word-index.md).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"

# The largest file an officer may attach to a dossier, in megabytes (dossiers.actions.attachments).
MOTCUA_MAX_UPLOAD_MB = float(os.environ.get("MOTCUA_MAX_UPLOAD_MB", "10"))
# The youngest a parent may be at the child's birth (years): a plausibility check of the
# e-forms (catalog.eforms.plausibility_errors), not law.
MOTCUA_MIN_PARENT_AGE = int(os.environ.get("MOTCUA_MIN_PARENT_AGE", "12"))

# The address citizens reach this installation at, printed in QR codes on signed results.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000/")
# Public signature verification: requests per IP address per minute.
MOTCUA_VERIFY_PER_MINUTE = int(os.environ.get("MOTCUA_VERIFY_PER_MINUTE", "30"))
# Agency seal (issue 4): the forms (among 01..06) the province has the receiving agency sign
# before serving them, comma-separated, e.g. "01,02,03"; empty = off. The agency key's PKCS#12
# passphrase or PKCS#11 PIN comes only from the environment; empty = agency signing unavailable
# (forms are served unsigned). docs/guides/signing.md.
MOTCUA_SIGN_FORMS = os.environ.get("MOTCUA_SIGN_FORMS", "")
MOTCUA_AGENCY_KEY_PASSPHRASE = os.environ.get("MOTCUA_AGENCY_KEY_PASSPHRASE", "")
# Offline counter: how old a device's receipt time may be at sync, how far ahead its clock may
# run, and for how many working days ahead a device may lease dossier numbers.
MOTCUA_OFFLINE_WINDOW_HOURS = float(os.environ.get("MOTCUA_OFFLINE_WINDOW_HOURS", "72"))
MOTCUA_OFFLINE_CLOCK_SKEW_SECONDS = float(
    os.environ.get("MOTCUA_OFFLINE_CLOCK_SKEW_SECONDS", "300")
)
MOTCUA_OFFLINE_LEASE_WORKING_DAYS = int(os.environ.get("MOTCUA_OFFLINE_LEASE_WORKING_DAYS", "5"))
# How many numbers the offline page leases for a day: the officer's busiest day of the last
# HISTORY_DAYS working days, at least MIN and at most MAX (docs/guides/offline.md).
MOTCUA_OFFLINE_LEASE_HISTORY_DAYS = int(os.environ.get("MOTCUA_OFFLINE_LEASE_HISTORY_DAYS", "10"))
MOTCUA_OFFLINE_LEASE_MIN = int(os.environ.get("MOTCUA_OFFLINE_LEASE_MIN", "5"))
MOTCUA_OFFLINE_LEASE_MAX = int(os.environ.get("MOTCUA_OFFLINE_LEASE_MAX", "50"))
# SMS gateway (HTTP provider); without a URL messages are only written to the console log.
MOTCUA_SMS_URL = os.environ.get("MOTCUA_SMS_URL", "")
MOTCUA_SMS_TOKEN = os.environ.get("MOTCUA_SMS_TOKEN", "")

# Background work (outbox deliveries...) through Django's tasks API on the database: no broker.
# `uv run motcua db_worker` runs the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (one-time codes, notifications) through SMTP: MOTCUA_SMTP_HOST / _PORT / _USER /
# _PASSWORD / _TLS; MOTCUA_EMAIL_BACKEND may name another Django backend (e.g. the console
# backend for a trial). Tests replace it with the in-memory backend.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "OPTIONS": (
            {
                "host": os.environ.get("MOTCUA_SMTP_HOST", "localhost"),
                "port": int(os.environ.get("MOTCUA_SMTP_PORT", "25")),
                "username": os.environ.get("MOTCUA_SMTP_USER", ""),
                "password": os.environ.get("MOTCUA_SMTP_PASSWORD", ""),
                "use_tls": _env_bool("MOTCUA_SMTP_TLS"),
            }
            if "MOTCUA_EMAIL_BACKEND" not in os.environ
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("MOTCUA_EMAIL_FROM", "motcua@localhost")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:staff_home"

# Login lock-out: after this many failed attempts in a row the account is locked for
# LOGIN_LOCK_MINUTES (accounts.actions.record_login_failure).
LOGIN_MAX_FAILURES = int(os.environ.get("MOTCUA_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("MOTCUA_LOGIN_LOCK_MINUTES", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
