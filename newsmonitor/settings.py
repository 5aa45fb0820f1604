"""newsmonitor settings: one file, configured by environment variables.

With no environment at all it runs embedded: SQLite and a filesystem Celery broker
under var/, email written to files, DEBUG off, a random secret key kept in var/.
Production sets NEWSMONITOR_PRODUCTION=1, SECRET_KEY, DATABASE_URL, CELERY_BROKER_URL,
ALLOWED_HOSTS and the SMTP variables.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.getenv(name, default))


def envlist(name, default=""):
    return [part.strip() for part in os.getenv(name, default).split(",") if part.strip()]


# Everything the embedded mode writes. Importing settings creates nothing: the folders
# are made at start-up (newsmonitor.apps.ProjectConfig.ready).
VAR_DIR = Path(os.getenv("NEWSMONITOR_VAR_DIR", BASE_DIR / "var"))

# One switch for running on the internet behind a TLS-terminating proxy: it refuses a
# weak SECRET_KEY and DEBUG, and turns on HTTPS-only cookies, redirects and HSTS.
NEWSMONITOR_PRODUCTION = envbool("NEWSMONITOR_PRODUCTION", "false")
# The fixed key that earlier versions fell back to: public, so never good enough.
OLD_DEVELOPMENT_KEY = "dev-only-secret-key-change-me-in-production"


def weak_key_problem(key):
    """Why KEY must not sign production sessions, or None. The bar is Django's own
    deploy check (security.W009), so a key that passes here passes there too."""
    if not key:
        return "is not set"
    if key == OLD_DEVELOPMENT_KEY:
        return "is the old development key, which is public"
    if (len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
            or key.startswith(SECRET_KEY_INSECURE_PREFIX)):
        return (f"is too weak (it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, and no '{SECRET_KEY_INSECURE_PREFIX}' prefix)")
    return None


# Where a development run keeps its random key (made at start-up: newsmonitor.apps).
DEVELOPMENT_KEY_FILE = VAR_DIR / "secret_key"


def secret_key():
    key = os.getenv("SECRET_KEY", "")
    if not NEWSMONITOR_PRODUCTION:
        if key:
            return key
        # Until start-up has kept one (a first run), a key of this process only.
        return DEVELOPMENT_KEY_FILE.read_text().strip() if DEVELOPMENT_KEY_FILE.exists() else secrets.token_urlsafe(50)
    problem = weak_key_problem(key)
    if problem:
        raise ImproperlyConfigured(
            f"NEWSMONITOR_PRODUCTION is set but SECRET_KEY {problem}. Set SECRET_KEY to a long random "
            "value, e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


SECRET_KEY = secret_key()
# Off unless asked for: the debug page shows settings and code to whoever made a request fail.
DEBUG = envbool("DEBUG", "false")
if DEBUG and NEWSMONITOR_PRODUCTION:
    raise ImproperlyConfigured("NEWSMONITOR_PRODUCTION is set: unset DEBUG (it shows settings on error pages).")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = os.getenv("SITE_ROOT", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "newsmonitor",  # the project itself: start-up, the pipeline's commands (poll, runall, retag)
    "newsmonitor.rules",
    "newsmonitor.feeds",
    "newsmonitor.articles",
    "newsmonitor.stories",
    "newsmonitor.timelines",
    "newsmonitor.digests",
    "newsmonitor.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so static files (an SVG is a document too) get these headers as well.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
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
# A kept connection (conn_max_age) is checked before a request or a task reuses it:
# without the check, the first request of each web process after a PostgreSQL restart
# answered 500 ("terminating connection due to administrator command"), found by the
# PostgreSQL restart fault test; a worker's task would fail once the same way (and retry).
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60, conn_health_checks=True
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

# --- Security ----------------------------------------------------------------------------
# The templates load scripts from our own static files only, so no inline script is
# allowed. Inline style *attributes* are: the heatmap cells, bars and colour swatches
# carry their computed width and colour in style="...". An attribute cannot load
# anything or run script; <style> elements, which could (CSS selectors can leak page
# content), stay blocked. The admin of Django 5.2 needs nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Django's defaults, stated so they are not lost by accident.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if NEWSMONITOR_PRODUCTION:
    # gunicorn sits behind a proxy that terminates TLS; the proxy must set (overwrite,
    # never pass on) X-Forwarded-Proto, or a client could claim https over plain http.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# No HSTS preload by default: preloading binds the whole registrable domain (every
# subdomain, for months, hard to undo) and is an owner's decision for that domain,
# which a deployment of newsmonitor, often on someone else's subdomain, cannot make.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins are throttled by django-axes: five failures for one username from one
# address lock that pair out for 15 minutes. By pair, so a stranger guessing cannot
# lock a real admin out from their own address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsmonitor.security.client_ip"
AXES_COOLOFF_MESSAGE = (f"Too many failed logins for this username from your address: try again in "
                        f"{AXES_COOLOFF_TIME.seconds // 60} minutes.")

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
    # kombu's filesystem transport, safe when the disk is full (newsmonitor/broker.py).
    CELERY_BROKER_TRANSPORT = "newsmonitor.broker:Transport"
    # The folders are made at start-up (newsmonitor.apps), not here.
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
    # task time limit, or a slow task would run twice. A worker killed outright (SIGKILL,
    # OOM) gives nothing back: its tasks' rows are found again by the sweeps, by lease.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("NEWSMONITOR_VISIBILITY_TIMEOUT", "3600")}
    # A task queued while the broker is away (Redis restarting) waits for it, up to about
    # two minutes, instead of failing after Celery's default second: with the default, a
    # 30 s Redis stop made a poll fail after storing its articles, whose extractions were
    # never queued, and they waited for the sweep (10 to 15 minutes). Past two minutes the
    # publish fails as before and the sweep is the safety net.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 30, "interval_start": 0, "interval_step": 1, "interval_max": 5}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "poll"
# By task name (newsmonitor/tasks.py). Polling waits on the network; extraction and
# tagging use the CPU: separate queues let each be scaled on its own.
CELERY_TASK_ROUTES = {
    "feeds.*": {"queue": "poll"},
    "articles.extract": {"queue": "extract"},
    "articles.sweep": {"queue": "extract"},
    "articles.tag": {"queue": "tag"},
    "articles.reclean": {"queue": "tag"},  # an outlet's bodies cleaned of furniture again, then re-tagged
    "timelines.*": {"queue": "tag"},
    "digests.*": {"queue": "mail"},  # sending waits on SMTP: its own queue, never behind extraction
    "feeds.check_silence": {"queue": "tag"},  # reads every feed's entries: database work, as the read models'
    "workbench.notify_silence": {"queue": "mail"},
    "rules.*": {"queue": "tag"},  # the re-tag after a rule change: tagging, like articles.tag
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker or beat whose broker is away keeps trying to reconnect (Celery gives up after
# 100 tries by default, some 50 minutes): under `make run` nothing would start it again.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None

# --- Cache ------------------------------------------------------------------------------------
# What must hold across processes (gunicorn's workers, web and worker side by side):
# today the subscribe form's rate limits (newsmonitor/digests/ratelimit.py). Django's
# default, a memory cache per process, would let each process count on its own. Where
# the broker is Redis (production) the cache is that Redis (CACHE_URL may name another),
# shared by every container and counting atomically; embedded, files under var/cache,
# shared by the processes of this one machine. Keys carry a prefix, and nothing here
# ever clears the whole cache: with the broker's Redis database that would drop queued tasks.
CACHE_URL = os.getenv("CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "newsmonitor-cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "KEY_PREFIX": "newsmonitor-cache",
                          "OPTIONS": {"MAX_ENTRIES": 10000}}}

# --- newsmonitor ------------------------------------------------------------------------------
# Exact private host:port pairs the fetcher may reach (the demo's and tests' own servers).
NEWSMONITOR_FETCH_ALLOW_PRIVATE = envlist("NEWSMONITOR_FETCH_ALLOW_PRIVATE")
NEWSMONITOR_USER_AGENT = os.getenv(
    "NEWSMONITOR_USER_AGENT",
    "newsmonitor/0.1 (+https://github.com/newsmonitor/newsmonitor; Arabic news monitor)",
)
# The dispatcher is one claiming query (feeds.poll_batch): looking every 10 s adds at
# most 10 s to an entry's way to its timeline.
NEWSMONITOR_DISPATCH_SECONDS = envint("NEWSMONITOR_DISPATCH_SECONDS", "10")
# What the tag rules (below the articles) are handed from above: the re-tag job, the preview's articles.
NEWSMONITOR_RULES_RUNNER = "newsmonitor.retagging"
# What an editor's split or merge of stories (below the timelines) calls with the moved articles' ids.
NEWSMONITOR_STORIES_CHANGED = "newsmonitor.pipeline.refresh"
# What a killed worker leaves behind is found again by lease: a feed being polled (its
# lease; the feed was already moved to its next due time), an article being extracted
# (its lease), an article pending or untagged for long (the sweep, every SWEEP seconds,
# takes those older than LOST_AFTER), timeline rows never built (the refresh of stale
# rows, every SWEEP seconds too), a digest being sent (its lease). Production keeps
# the defaults (each lease outlasts its task's hard time limit); the fault tests
# (tests/reliability) shorten them to see a recovery in seconds.
NEWSMONITOR_POLL_LEASE_SECONDS = envint("NEWSMONITOR_POLL_LEASE_SECONDS", "120")
NEWSMONITOR_EXTRACTION_LEASE_SECONDS = envint("NEWSMONITOR_EXTRACTION_LEASE_SECONDS", "300")
NEWSMONITOR_LOST_AFTER_SECONDS = envint("NEWSMONITOR_LOST_AFTER_SECONDS", "600")
NEWSMONITOR_SWEEP_SECONDS = envint("NEWSMONITOR_SWEEP_SECONDS", "300")
NEWSMONITOR_DIGEST_LEASE_SECONDS = envint("NEWSMONITOR_DIGEST_LEASE_SECONDS", "900")
NEWSMONITOR_DIGEST_DISPATCH_SECONDS = envint("NEWSMONITOR_DIGEST_DISPATCH_SECONDS", "60")
CELERY_BEAT_SCHEDULE = {
    "dispatch due feeds": {"task": "feeds.dispatch", "schedule": NEWSMONITOR_DISPATCH_SECONDS},
    "requeue lost articles": {"task": "articles.sweep", "schedule": NEWSMONITOR_SWEEP_SECONDS},
    "refresh stale timeline rows": {"task": "timelines.refresh_stale", "schedule": NEWSMONITOR_SWEEP_SECONDS},
    "send due digests and alerts": {"task": "digests.dispatch", "schedule": NEWSMONITOR_DIGEST_DISPATCH_SECONDS},
    "find silent feeds": {"task": "feeds.check_silence", "schedule": 3600},
}
NEWSMONITOR_DISPATCH_BATCH = envint("NEWSMONITOR_DISPATCH_BATCH", "500")
NEWSMONITOR_POLL_INTERVAL = envint("NEWSMONITOR_POLL_INTERVAL", "900")
# A feed is polled every half of its mean gap between entries, within these bounds. The
# floor lets a feed that publishes every minute be seen within a minute (the product's
# promise; conditional requests make most of those polls a 304); at 120 s the crawl
# benchmark's wait for the poll alone was p95 144 s.
NEWSMONITOR_POLL_MIN_INTERVAL = envint("NEWSMONITOR_POLL_MIN_INTERVAL", "30")
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
# Digests and spike alerts (newsmonitor/digests/sending.py). A period with no matching
# article sends nothing, unless this is set (then an email says so). A period is read
# this long after it ends: an article's timeline rows are built a moment after it is
# first tagged (the 5-minute sweep rebuilds any that were lost), and a digest must not
# be read before its last articles are in them.
NEWSMONITOR_DIGEST_SEND_EMPTY = envbool("NEWSMONITOR_DIGEST_SEND_EMPTY", "false")
NEWSMONITOR_DIGEST_SETTLE_SECONDS = envint("NEWSMONITOR_DIGEST_SETTLE_SECONDS", "360")
# Subscribing by email: requests per hour that may send a confirmation, per address and
# per client address (newsmonitor/digests/ratelimit.py).
NEWSMONITOR_SUBSCRIBE_PER_ADDRESS = envint("NEWSMONITOR_SUBSCRIBE_PER_ADDRESS", "5")
NEWSMONITOR_SUBSCRIBE_PER_IP = envint("NEWSMONITOR_SUBSCRIBE_PER_IP", "20")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"trafilatura": {"level": "WARNING"}, "htmldate": {"level": "WARNING"}},
}
