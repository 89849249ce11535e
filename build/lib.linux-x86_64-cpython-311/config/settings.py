"""jianpin settings: one file, driven by the environment, failing fast on bad values."""
from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


DEBUG = env_bool("JIANPIN_DEBUG", False)
PRODUCTION = env_bool("JIANPIN_PRODUCTION", False)


def env_secret(name: str) -> str:
    value = os.environ.get(name, "")
    if value:
        if PRODUCTION and len(value) < 50:
            raise ImproperlyConfigured(f"{name} must be at least 50 characters in production")
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} is required when JIANPIN_PRODUCTION=1")
    return "jianpin-development-only-secret-key-do-not-use-in-production-0123456789"


SECRET_KEY = env_secret("JIANPIN_SECRET_KEY")
ALLOWED_HOSTS = env_list("JIANPIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
DATA_DIR = Path(os.environ.get("JIANPIN_DATA_DIR", BASE_DIR / "var"))
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)  # the SQLite file and static root live here

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "jianpin.kernel",
    "jianpin.audit",
    "jianpin.jobs",
    "jianpin.regions",
    "jianpin.accounts",
    "jianpin.registry",
    "jianpin.standards",
    "jianpin.screening",
    "jianpin.workflows",
    "jianpin.assistance",
    "jianpin.library",
    "jianpin.indicators",
    "jianpin.projects",
    "jianpin.villages",
    "jianpin.web",
]

MIDDLEWARE = [
    "jianpin.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "jianpin.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jianpin.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "jianpin.web.context.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jianpin.sqlite3'}"),
        conn_max_age=env_int("JIANPIN_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
    }


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_MAX_FAILURES = env_int("JIANPIN_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("JIANPIN_LOGIN_LOCKOUT_MINUTES", 15)
IDLE_TIMEOUT_SECONDS = env_int("JIANPIN_IDLE_TIMEOUT_SECONDS", 30 * 60)
# Login and session hardening (see docs/security.md).
LOGIN_MAX_FAILURES_PER_IP = env_int("JIANPIN_LOGIN_MAX_FAILURES_PER_IP", 30)
LOGIN_CLIENT_IP_HEADER = os.environ.get("JIANPIN_CLIENT_IP_HEADER", "")  # e.g. HTTP_X_REAL_IP
SESSION_COOKIE_AGE = env_int("JIANPIN_SESSION_HOURS", 8) * 3600  # also the absolute maximum

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "jianpin" / "locale"]
# The language switcher in the header posts to Django's set_language view, which keeps the
# choice in this cookie (URLs carry no language prefix, so every existing link keeps working);
# without the cookie the browser's Accept-Language decides, and Chinese is the fallback.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Static files are served by the app itself (no web server needed on a laptop); production
# deployments run `collectstatic` and may put a proxy in front.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files and their folders are private to the account that runs jianpin.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("JIANPIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("JIANPIN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {"TITLE": "jianpin API", "VERSION": "0.1.0"}

# Screening engine used when none is named: sqlite/postgres follow the database.
SCREENING_ENGINE = os.environ.get("JIANPIN_SCREENING_ENGINE", "database")
SPARK_MASTER = os.environ.get("JIANPIN_SPARK_MASTER", "local[2]")
SPARK_MEMORY = os.environ.get("JIANPIN_SPARK_MEMORY", "2g")
# Spark settings for every run ("k=v;k=v"), where runs exchange Parquet (any Hadoop file system
# URL the cluster and this host both reach; a local folder only for one machine), and whether
# runs go through spark-submit instead of a driver in the worker's child process.
SPARK_CONF = dict(pair.split("=", 1) for pair in
                  os.environ.get("JIANPIN_SPARK_CONF", "").split(";") if "=" in pair)
SPARK_STORAGE = os.environ.get("JIANPIN_SPARK_STORAGE", str(DATA_DIR / "spark"))
SPARK_SUBMIT = os.environ.get("JIANPIN_SPARK_SUBMIT", "") == "1"
# The environment a spark-submit child starts with (PATH, JAVA_HOME, HADOOP_CONF_DIR ...).
SPARK_CHILD_ENV = dict(os.environ)
# A TrueType font embedded in printed PDFs (empty: the first of the Debian CJK fonts found).
PDF_FONT = os.environ.get("JIANPIN_PDF_FONT", "")
# Where indicator refreshes query the feature table: "database" or "duckdb" (over a Parquet
# snapshot of it); both give the same values (indicators/tests/test_parity.py).
INDICATORS_ENGINE = os.environ.get("JIANPIN_INDICATORS_ENGINE", "database")
# Addresses of proxies whose X-Forwarded-* headers gunicorn trusts.
FORWARDED_ALLOW_IPS = os.environ.get("JIANPIN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Background jobs: "thread" runs them in a thread of the web process (the embedded default),
# "worker" leaves them to `jianpin worker`, "inline" runs them at commit (tests, CLI).
# JIANPIN_JOBS_INLINE=1 is the older spelling of JIANPIN_JOBS_MODE=inline.
JOBS_INLINE = env_bool("JIANPIN_JOBS_INLINE", False)
JOBS_MODE = os.environ.get("JIANPIN_JOBS_MODE", "") or ("inline" if JOBS_INLINE else "thread")
if JOBS_MODE not in {"thread", "worker", "inline"}:
    raise ImproperlyConfigured(f"JIANPIN_JOBS_MODE must be thread, worker or inline, got {JOBS_MODE!r}")
# A running job renews its lease every third of this; a lease older than this is a dead job.
JOBS_LEASE_SECONDS = env_int("JIANPIN_JOBS_LEASE_SECONDS", 300)
# /healthz answers 503 when the data folder has less free space than this.
HEALTH_MIN_FREE_MB = env_int("JIANPIN_HEALTH_MIN_FREE_MB", 500)

# Uploaded files (jianpin.uploads): every limit is checked before a reader allocates anything.
UPLOAD_LIMITS = {
    "max_file_mb": env_int("JIANPIN_IMPORT_MAX_FILE_MB", 300),
    "max_unzipped_mb": env_int("JIANPIN_IMPORT_MAX_UNZIPPED_MB", 3000),
    "max_cells": env_int("JIANPIN_IMPORT_MAX_CELLS", 16_000_000),
    "max_rows": env_int("JIANPIN_UPLOAD_MAX_ROWS", 1_048_576),
    "max_columns": env_int("JIANPIN_UPLOAD_MAX_COLUMNS", 256),
    # .xlsx imports checked and read in one compiled pass ("on"); "off": the check, then
    # calamine; "verify": both, any difference an error (for trials and the test suite)
    "compiled_read": os.environ.get("JIANPIN_IMPORT_COMPILED_READ", "on"),
    "dept_max_file_mb": env_int("JIANPIN_DEPT_MAX_FILE_MB", 20),
    "dept_max_rows": env_int("JIANPIN_DEPT_MAX_ROWS", 500_000),
    "doc_max_file_mb": env_int("JIANPIN_LIBRARY_MAX_FILE_MB", 50),
    "doc_max_unzipped_mb": env_int("JIANPIN_LIBRARY_MAX_UNZIPPED_MB", 100),
    "doc_max_pages": env_int("JIANPIN_LIBRARY_MAX_PAGES", 1000),
    "doc_seconds": env_int("JIANPIN_LIBRARY_INGEST_SECONDS", 120),
    "doc_memory_mb": env_int("JIANPIN_LIBRARY_INGEST_MEMORY_MB", 1536),
}



def env_fernet_key(name: str) -> str:
    """A Fernet key (urlsafe base64 of 32 bytes) or empty; `jianpin backup --new-key` makes one."""
    import base64
    import binascii

    value = os.environ.get(name, "").strip()
    try:
        ok = not value or len(base64.urlsafe_b64decode(value.encode())) == 32
    except (binascii.Error, ValueError):
        ok = False
    if not ok:
        raise ImproperlyConfigured(f"{name} must be a key made by `jianpin backup --new-key`")
    return value


# Backups are encrypted when a key is set; keep the key away from the backups themselves.
BACKUP_KEY = env_fernet_key("JIANPIN_BACKUP_KEY")
# Second-factor secrets are sealed with this Fernet key (`jianpin backup --new-key` makes one).
# Unset, a key derived from SECRET_KEY is used: changing SECRET_KEY then makes every
# authenticator enrolment unreadable (users enrol again after an administrator resets them).
OTP_SEAL_KEY = env_fernet_key("JIANPIN_OTP_KEY")
OTP_TOTP_ISSUER = "jianpin"
# Kept import files (full ID numbers) are deleted once their import is committed, unless kept.
IMPORT_KEEP_FILES = env_bool("JIANPIN_IMPORT_KEEP_FILES", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "jianpin.ops.logs.RequestContextFilter"},
                "no_4xx_traceback": {"()": "jianpin.ops.logs.NoClientErrorTraceback"}},
    "formatters": {"plain": {
        "format": "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s user=%(user_id)s] %(message)s",
    }},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["request"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("JIANPIN_LOG_LEVEL", "WARNING")},
    # One line per request (method, path without query string, status, duration).
    "loggers": {"jianpin.request": {"level": os.environ.get("JIANPIN_ACCESS_LOG_LEVEL", "INFO")},
                "django.request": {"filters": ["no_4xx_traceback"]}},
}
