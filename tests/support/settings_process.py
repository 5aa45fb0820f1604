"""Settings are read once per process, so tests of what the environment switches on
(DEBUG, the secret key, production) load them in a fresh Python process."""

import os
import subprocess
import sys

from tests.support.paths import ROOT
# Variables a developer or CI may have set that would change what these tests see (the
# browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, and check --deploy rejects it).
CLEARED = ("DEBUG", "SECRET_KEY", "NEWSMONITOR_PRODUCTION", "DATABASE_URL", "CELERY_BROKER_URL",
           "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE")


def environment(var_dir, **overrides):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(NEWSMONITOR_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="newsmonitor.settings",
               PYTHONUNBUFFERED="1")
    env.update(overrides)
    return env


def run_manage(args, var_dir, **overrides):
    """manage.py ARGS in a fresh process; returns the CompletedProcess (text)."""
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(var_dir, **overrides),
                          capture_output=True, text=True, timeout=120)


def run_python(code, var_dir, **overrides):
    """CODE after django.setup() in a fresh process; returns the CompletedProcess (text)."""
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT,
                          env=environment(var_dir, **overrides), capture_output=True, text=True, timeout=120)
