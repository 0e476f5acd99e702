"""Django settings for motcua, read from the environment (public contract, ARCHITECTURE.md).

MOTCUA_DATA_DIR       where the embedded database, files and keys live (default ./var)
MOTCUA_DATABASE_URL   a database URL; default SQLite (WAL) in the data dir
MOTCUA_PROVINCE       the province this installation serves (default "25", Phú Thọ)
MOTCUA_SECRET_KEY     Django's secret key (default: a random key kept in the data dir)
MOTCUA_DEBUG          "1"/"true" turns debug on
MOTCUA_ALLOWED_HOSTS  comma-separated host names, besides the public URL's host
MOTCUA_PUBLIC_URL     the address citizens reach the site at (https://motcua.example.gov.vn/):
                      allowed host, trusted CSRF origin, every absolute link and QR code;
                      https turns on secure cookies, HSTS and the HTTPS redirect
MOTCUA_AUDIT_KEY / MOTCUA_AUDIT_KEY_FILE  the key sealing the event chains each day (outside
                      the database); MOTCUA_AUDIT_SEALS where the seals are appended
MOTCUA_TRUSTED_PROXIES comma-separated addresses/networks of the reverse proxies whose
                      X-Forwarded-For / X-Forwarded-Proto are believed (core.proxies)
docs/reference/settings.md lists every variable.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", "var")).resolve()
# The data dir holds the database, the uploads and the keys: readable by the service user
# only (issue 24, part 8). Made so when this makes it; one that exists keeps its mode (the
# service manager's, deploy/systemd: StateDirectoryMode=0700).
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _private_file(path: Path) -> None:
    """Create the empty file `path` readable by its owner only, if it is not there: an empty
    file is an empty SQLite database, and SQLite gives its -wal and -shm files the database
    file's mode, so none of them is ever readable by others."""
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


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

        DATA_DIR.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(PRIVATE_FILE_MODE)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
# A key made on first start is fine for one process; several processes (or machines) need
# the same key from the environment (motcua.core.checks).
MOTCUA_SECRET_KEY_GENERATED = not os.environ.get("MOTCUA_SECRET_KEY", "").strip()

# The key of the daily seal of the dossiers' event chains (dossiers.sealing, invariant 1): kept
# outside the database, so that whoever can write the database cannot forge a seal.
# MOTCUA_AUDIT_KEY (the key itself) or MOTCUA_AUDIT_KEY_FILE (a file holding it, readable by
# the service user only); else a random key made in the data dir, refused in production
# (core.checks). The seals are appended to MOTCUA_AUDIT_SEALS (JSON lines).
MOTCUA_AUDIT_KEY = os.environ.get("MOTCUA_AUDIT_KEY", "").strip()
MOTCUA_AUDIT_KEY_FILE = Path(
    os.environ.get("MOTCUA_AUDIT_KEY_FILE", "").strip() or DATA_DIR / "audit_key"
)
MOTCUA_AUDIT_KEY_GENERATED = not (
    MOTCUA_AUDIT_KEY or os.environ.get("MOTCUA_AUDIT_KEY_FILE", "").strip()
)
MOTCUA_AUDIT_SEALS = Path(
    os.environ.get("MOTCUA_AUDIT_SEALS", "").strip() or DATA_DIR / "audit" / "seals.jsonl"
)

# The address citizens reach this installation at: printed in QR codes on signed results and
# in every absolute link (core.public_url). Required outside a demo: `motcua serve` refuses a
# missing or loopback one (core.checks); tests and `motcua demo` run on the default.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "").strip() or "http://127.0.0.1:8000/"
_PUBLIC = urlsplit(MOTCUA_PUBLIC_URL)
PUBLIC_HTTPS = _PUBLIC.scheme == "https"

ALLOWED_HOSTS = list(
    dict.fromkeys(
        [
            *([_PUBLIC.hostname] if _PUBLIC.hostname else []),
            *(
                host.strip()
                for host in os.environ.get(
                    "MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver"
                ).split(",")
                if host.strip()
            ),
        ]
    )
)
# The public URL's origin: a form posted from it passes Django's CSRF origin check even when
# the proxy in front speaks another scheme or port to the app.
CSRF_TRUSTED_ORIGINS = [f"{_PUBLIC.scheme}://{_PUBLIC.netloc}"] if _PUBLIC.netloc else []
# Reverse proxies whose X-Forwarded-For / -Proto are believed (core.proxies); nobody by default.


def _trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in os.environ.get("MOTCUA_TRUSTED_PROXIES", "").split(","):
        if not entry.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"MOTCUA_TRUSTED_PROXIES: '{entry.strip()}' không phải địa chỉ IP hay dải mạng "
                "(ví dụ 127.0.0.1 hoặc 10.0.0.0/24)."
            ) from error
    return networks


MOTCUA_TRUSTED_PROXIES = _trusted_proxies()
# Who may read /readyz (core.health): the monitoring's addresses or networks, loopback by
# default; anyone else gets 404. The task worker and the outbox are not ready when their
# oldest waiting item is this many seconds past its time.
MOTCUA_MONITOR_ADDRESSES = [
    ipaddress.ip_network(entry.strip(), strict=False)
    for entry in os.environ.get("MOTCUA_MONITOR_ADDRESSES", "127.0.0.1,::1").split(",")
    if entry.strip()
]
MOTCUA_READY_TASK_DELAY_S = int(os.environ.get("MOTCUA_READY_TASK_DELAY_S", "300"))
MOTCUA_READY_OUTBOX_DELAY_S = int(os.environ.get("MOTCUA_READY_OUTBOX_DELAY_S", "900"))

MOTCUA_PROVINCE = os.environ.get("MOTCUA_PROVINCE", "25").strip().zfill(2)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "motcua.civilreg",
    "motcua.portal",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    # first: the client's address and scheme, from a trusted proxy only (core.proxies)
    "motcua.core.proxies.TrustedProxyMiddleware",
    # the request's id on every log line, and one line per request (core.logs)
    "motcua.core.logs.RequestLogMiddleware",
    # each request's latency and database time, by view, for /metrics (core.metrics)
    "motcua.core.metrics.MetricsMiddleware",
    # a body larger than MOTCUA_MAX_REQUEST_MB is refused (413) before it is read (core.inputs)
    "motcua.core.inputs.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session's second step (django-otp)
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # officials of the roles below reach nothing but the code page until they give a code
    "motcua.accounts.twofactor.TwoFactorMiddleware",
    "motcua.core.request_address.RequestAddressMiddleware",
    # control characters and invisible-only values refused in every input, naming the field
    # (core.inputs); after the session and the user (its page is the site's page), before
    # any view
    "motcua.core.inputs.InputTextMiddleware",
    # last: turns django-axes' lock-out into the Vietnamese lock-out page (accounts.lockout)
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked (username, address) pair before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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


def _database_config(variable: str = "MOTCUA_DATABASE_URL") -> dict:
    url = os.environ.get(variable, "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
            if str(config["NAME"]) and str(config["NAME"]) != ":memory:":
                _private_file(Path(config["NAME"]))
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
    _private_file(DATA_DIR / "motcua.sqlite3")
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
# An optional read replica of PostgreSQL (streaming replication): reports and exports that
# tolerate a few seconds of lag read from it (core.replica.lag_tolerant), everything else
# from the primary. Never migrated (it follows the primary); tests mirror it on the primary.
if os.environ.get("MOTCUA_REPLICA_URL", "").strip():
    DATABASES["replica"] = {**_database_config("MOTCUA_REPLICA_URL"), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["motcua.core.replica.ReplicaRouter"]
# The name-search index carries the folded name as a non-key column (INCLUDE) on PostgreSQL
# for index-only scans; SQLite builds it without, on purpose (docs/adr/0004-name-word-index.md).
# security.W021 (HSTS preload): see SECURE_HSTS_PRELOAD.
SILENCED_SYSTEM_CHECKS = ["models.W040", "security.W021"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Officials' passwords (accounts.actions, the admin, `motcua officials set-password`): at least
# MOTCUA_PASSWORD_MIN_LENGTH characters, not like the username or name, not a common password,
# not only digits. Django's own validators, in Vietnamese (accounts.passwords for the length).
MOTCUA_PASSWORD_MIN_LENGTH = int(os.environ.get("MOTCUA_PASSWORD_MIN_LENGTH", "12"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "motcua.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": MOTCUA_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
# Where `collectstatic` (and `motcua serve`) gathers the static files for the proxy: outside the
# data dir in production (deploy/: /var/cache/motcua/static), so that nginx may read them
# without reading the data dir's files and keys.
STATIC_ROOT = Path(os.environ.get("MOTCUA_STATIC_ROOT", "").strip() or DATA_DIR / "static")
MEDIA_ROOT = DATA_DIR / "files"


# Files (attachments, citizens' drafts, signed results; issue 23 part 4): the local disk under
# MEDIA_ROOT by default; an S3-compatible store through django-storages when MOTCUA_S3_BUCKET is
# set. The objects stay private (no ACL, signed URLs only) and reach users only through
# motcua's views, never a bucket URL. `file_overwrite` off: a name already taken is never
# replaced (content addressing already skips stored digests; anything else keeps its copy).
# The keys stay on the local disk ($MOTCUA_DATA_DIR/keys) whatever the store.
def file_storage(env: Mapping[str, str]) -> dict:
    """The default storage's STORAGES entry from MOTCUA_S3_* in `env` (tests pass their own)."""

    def get(name: str) -> str | None:
        return env.get(f"MOTCUA_S3_{name}", "").strip() or None

    bucket = get("BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    endpoint = get("ENDPOINT_URL")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": get("REGION"),
            # none: boto3's own chain (AWS_* variables, ~/.aws, an instance role)
            "access_key": get("ACCESS_KEY"),
            "secret_key": get("SECRET_KEY"),
            "location": (get("PREFIX") or "").strip("/"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
            # a store of one's own (MinIO, Ceph) answers at one host: bucket in the path
            "addressing_style": get("ADDRESSING_STYLE") or ("path" if endpoint else None),
            # a file read larger than this spills from memory to a temporary file
            "max_memory_size": 16 * 1024 * 1024,
            "client_config": Config(
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 3}
            ),
        },
    }


# Uploads on the local disk (attachments, drafts, signed results) and their folders: the
# service user's only (issue 24, part 8). The static files are public and read by nginx,
# another user: their storage keeps the usual modes.
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIR_MODE
STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}

# The largest file an officer may attach to a dossier, in megabytes (dossiers.actions.attachments).
MOTCUA_MAX_UPLOAD_MB = float(os.environ.get("MOTCUA_MAX_UPLOAD_MB", "10"))
# The largest request body, in megabytes: the proxy's `client_max_body_size` (deploy/nginx, 25m)
# said again here, so that a process reached without the proxy refuses the same from the
# Content-Length before reading (core.inputs.RequestSizeMiddleware, 413); 0 = no limit here.
# Django itself keeps at most 2.5 MB of a request in memory (DATA_UPLOAD_MAX_MEMORY_SIZE for
# the non-file fields, FILE_UPLOAD_MAX_MEMORY_SIZE before a file goes to a temporary file).
MOTCUA_MAX_REQUEST_MB = float(os.environ.get("MOTCUA_MAX_REQUEST_MB", "25"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The youngest a parent may be at the child's birth (years): a plausibility check of the
# e-forms (catalog.eforms.plausibility_errors), not law.
MOTCUA_MIN_PARENT_AGE = int(os.environ.get("MOTCUA_MIN_PARENT_AGE", "12"))

# Public dossier lookup (`/tra-cuu/`, `GET /api/v1/public/dossiers/{code}`): lookups per IP
# address per minute, counted in the shared cache; 0 turns the limit off (the bench, whose
# thousands of lookups come from one address).
MOTCUA_LOOKUP_PER_MINUTE = int(os.environ.get("MOTCUA_LOOKUP_PER_MINUTE", "60"))
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

# `motcua serve` (gunicorn): the address it listens on (the proxy forwards to it), its worker
# processes and threads, and how long a request may take (a signed PDF, an Excel export) before
# its worker is restarted. Each is also an option of the command (docs/reference/cli.md).
MOTCUA_BIND = os.environ.get("MOTCUA_BIND", "127.0.0.1:8000")
MOTCUA_WORKERS = int(os.environ.get("MOTCUA_WORKERS", "2"))
MOTCUA_THREADS = int(os.environ.get("MOTCUA_THREADS", "4"))
MOTCUA_TIMEOUT = int(os.environ.get("MOTCUA_TIMEOUT", "120"))

# Background work (outbox deliveries...) through Django's tasks API on the database: no broker.
# `motcua worker` runs the queue.
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

# HTTPS (the public URL's scheme): cookies only over HTTPS, HSTS, plain HTTP redirected
# (nginx redirects first; /healthz stays reachable over HTTP for a local monitor).
SESSION_COOKIE_SECURE = PUBLIC_HTTPS
CSRF_COOKIE_SECURE = PUBLIC_HTTPS
SECURE_SSL_REDIRECT = PUBLIC_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("MOTCUA_HSTS_SECONDS", "31536000" if PUBLIC_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a browser-list submission the province decides for its own domain (the site
# usually runs on a subdomain, which the list does not take): off unless asked, and Django's
# reminder about it (security.W021) silenced in SILENCED_SYSTEM_CHECKS.
SECURE_HSTS_PRELOAD = _env_bool("MOTCUA_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (Django's own): every script, style, font and image comes from this
# site (no CDN, no inline code); `data:` images for the QR codes drawn in the browser.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:staff_home"

# Login lock-out (django-axes, accounts.lockout): this many failed logins in a row for one
# username from one client address lock that pair for LOGIN_LOCK_MINUTES, on /dang-nhap/ and
# the admin login alike. Keyed on both, so nobody elsewhere can keep an official locked out by
# guessing their password; the address is motcua's trusted client address (core.proxies).
# Counted in the database (axes' AccessAttempt): it holds across processes.
LOGIN_MAX_FAILURES = int(os.environ.get("MOTCUA_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("MOTCUA_LOGIN_LOCK_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = "motcua.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "motcua.core.proxies.client_ip"
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Tries while locked do not lengthen the lock (the page says when it ends).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# axes' own admin is in English: the counters are shown in Vietnamese as accounts.LoginLock.
AXES_ENABLE_ADMIN = False

# Two-step sign-in (django-otp, accounts.twofactor): officials holding one of these roles give
# a code from an authenticator app (TOTP) or a recovery code after their password, and enrol
# an app on their first sign-in. Not read from the environment: the province cannot turn it
# off by mistake. The issuer is the name an authenticator app shows beside the code.
MOTCUA_TWO_FACTOR_ROLES = frozenset(
    {"leader", "commune_admin", "province_supervisor", "province_admin"}
)
MOTCUA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Một cửa " + MOTCUA_PROVINCE

# API tokens (accounts.ApiToken) expire this many days after creation unless `motcua token
# create --days N` says otherwise (at most 730).
MOTCUA_API_TOKEN_DAYS = int(os.environ.get("MOTCUA_API_TOKEN_DAYS", "90"))

# Shared state of all the processes (rate limits): MOTCUA_CACHE_URL names a Redis server
# (redis://, rediss://, unix://), else the database holds it (table `motcua_cache`, made by
# every `migrate`: core.apps). Never Django's per-process memory cache: a limit would then
# hold per worker and reset on restart.
MOTCUA_CACHE_URL = os.environ.get("MOTCUA_CACHE_URL", "").strip()


def _cache_config() -> dict:
    scheme = urlsplit(MOTCUA_CACHE_URL).scheme
    if not MOTCUA_CACHE_URL:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "motcua_cache",
            # culling deletes live entries past this: room for a busy minute's client addresses
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": MOTCUA_CACHE_URL,
            "KEY_PREFIX": "motcua",
            # a Redis that does not answer fails a request in seconds, not after the timeout
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"MOTCUA_CACHE_URL: '{scheme}' không được hỗ trợ; dùng redis://máy:6379/0 "
        "hoặc để trống (bộ nhớ đệm trong cơ sở dữ liệu)."
    )


CACHES = {"default": _cache_config()}

# Logs on stdout: JSON lines with the request's id for a collector (`MOTCUA_LOG_FORMAT=json`,
# production: deploy/motcua.env.example), plain text otherwise (demo, tests). motcua's own
# loggers (the request log `motcua.requests`, the access log...) at MOTCUA_LOG_LEVEL: INFO
# with JSON, WARNING in text (a demo's console stays quiet); other libraries' at WARNING
# (Django's own as Django sets them).
MOTCUA_LOG_FORMAT = os.environ.get("MOTCUA_LOG_FORMAT", "").strip().lower() or "text"
if MOTCUA_LOG_FORMAT not in {"text", "json"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"MOTCUA_LOG_FORMAT: '{MOTCUA_LOG_FORMAT}' không hợp lệ; dùng json hoặc text."
    )
MOTCUA_LOG_LEVEL = os.environ.get("MOTCUA_LOG_LEVEL", "").strip().upper() or (
    "INFO" if MOTCUA_LOG_FORMAT == "json" else "WARNING"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "motcua.core.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": MOTCUA_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"motcua": {"level": MOTCUA_LOG_LEVEL}},
}
