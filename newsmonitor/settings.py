"""newsmonitor settings: one file, configured by environment variables.

With no environment at all it runs embedded: SQLite and a filesystem Celery broker
under var/, email written to files. Production sets DATABASE_URL, CELERY_BROKER_URL,
SECRET_KEY, ALLOWED_HOSTS and the SMTP variables.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.getenv(name, default))


def envlist(name, default=""):
    return [part.strip() for part in os.getenv(name, default).split(",") if part.strip()]


VAR_DIR = Path(os.getenv("NEWSMONITOR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-secret-key-change-me-in-production")
DEBUG = envbool("DEBUG", "true" if "DATABASE_URL" not in os.environ else "false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_ROOT = os.getenv("SITE_ROOT", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "newsmonitor.feeds",
    "newsmonitor.articles",
    "newsmonitor.timelines",
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
]

ROOT_URLCONF = "newsmonitor.urls"
WSGI_APPLICATION = "newsmonitor.wsgi.application"

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

# --- Database -------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "newsmonitor.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat write side by side: WAL lets readers run beside one writer,
    # and the busy timeout makes a second writer wait instead of failing with
    # "database is locked". IMMEDIATE takes the write lock at BEGIN, so a transaction
    # never has to upgrade a read lock half way (the usual source of lock errors).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-newsmonitor.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "newsmonitor" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve static/ straight from the source tree too, so the project works with DEBUG off
# before (or without) collectstatic.
WHITENOISE_USE_FINDERS = True

# --- Email ----------------------------------------------------------------------------------
if os.getenv("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.getenv("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "newsmonitor <newsmonitor@localhost>")

# --- Celery -----------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        # The default of 1 s between looks at an empty queue adds a second to every
        # hop of the poll -> extract -> tag chain; a tenth is cheap on a local disk.
        "polling_interval": 0.1,
        "store_processed": False,
    }
else:
    # Redis: a task unacknowledged this long is redelivered. It must exceed the longest
    # task time limit, or a slow task would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "poll"
CELERY_TASK_ROUTES = {
    "newsmonitor.feeds.tasks.*": {"queue": "poll"},
    "newsmonitor.articles.tasks.tag_article": {"queue": "tag"},
    "newsmonitor.articles.tasks.*": {"queue": "extract"},
    "newsmonitor.timelines.tasks.*": {"queue": "tag"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- newsmonitor ------------------------------------------------------------------------------
# Exact private host:port pairs the fetcher may reach (the demo's and tests' own servers).
NEWSMONITOR_FETCH_ALLOW_PRIVATE = envlist("NEWSMONITOR_FETCH_ALLOW_PRIVATE")
NEWSMONITOR_USER_AGENT = os.getenv(
    "NEWSMONITOR_USER_AGENT",
    "newsmonitor/0.1 (+https://github.com/newsmonitor/newsmonitor; Arabic news monitor)",
)
NEWSMONITOR_DISPATCH_SECONDS = envint("NEWSMONITOR_DISPATCH_SECONDS", "30")
NEWSMONITOR_DISPATCH_BATCH = envint("NEWSMONITOR_DISPATCH_BATCH", "500")
NEWSMONITOR_POLL_INTERVAL = envint("NEWSMONITOR_POLL_INTERVAL", "900")
NEWSMONITOR_POLL_MIN_INTERVAL = envint("NEWSMONITOR_POLL_MIN_INTERVAL", "120")
NEWSMONITOR_POLL_MAX_INTERVAL = envint("NEWSMONITOR_POLL_MAX_INTERVAL", "3600")
NEWSMONITOR_BACKOFF_MAX = envint("NEWSMONITOR_BACKOFF_MAX", "86400")
NEWSMONITOR_FLAG_AFTER_ERRORS = envint("NEWSMONITOR_FLAG_AFTER_ERRORS", "5")
NEWSMONITOR_FEED_MAX_BYTES = envint("NEWSMONITOR_FEED_MAX_BYTES", str(5 * 1024 * 1024))
NEWSMONITOR_PAGE_MAX_BYTES = envint("NEWSMONITOR_PAGE_MAX_BYTES", str(10 * 1024 * 1024))
NEWSMONITOR_FETCH_DEADLINE = float(os.getenv("NEWSMONITOR_FETCH_DEADLINE", "30"))
NEWSMONITOR_MIN_BODY_CHARS = envint("NEWSMONITOR_MIN_BODY_CHARS", "200")
# One poll stores at most this many new entries; the rest wait for the next poll.
NEWSMONITOR_POLL_MAX_NEW_ENTRIES = envint("NEWSMONITOR_POLL_MAX_NEW_ENTRIES", "100")
# Politeness: article pages fetched from one host per minute, across all workers.
NEWSMONITOR_HOST_FETCHES_PER_MINUTE = envint("NEWSMONITOR_HOST_FETCHES_PER_MINUTE", "60")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"trafilatura": {"level": "WARNING"}, "htmldate": {"level": "WARNING"}},
}
