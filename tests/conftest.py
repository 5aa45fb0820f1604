import os
import shutil

import pytest
from django.conf import settings

pytest_plugins = ["tests.support.server_plugin", "tests.support.personas", "tests.support.no_other_host",
                  "tests.support.mailing", "tests.support.staff", "tests.support.sites"]

IN_CI = os.getenv("CI", "").lower() == "true"


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"newsmonitor test mode: database={db}, broker={settings.CELERY_BROKER_URL.split('://')[0]}"


@pytest.fixture(scope="session", autouse=True)
def empty_broker():
    """Each run starts with an empty broker, so no task of an earlier run leaks in."""
    url = settings.CELERY_BROKER_URL
    if url.startswith("redis://"):
        import redis

        try:
            redis.Redis.from_url(url).flushdb()
        except redis.ConnectionError as exc:
            pytest.fail(f"Redis broker at {url} is not reachable: {exc}")
    else:
        shutil.rmtree(settings.BROKER_DIR / "queue", ignore_errors=True)
        (settings.BROKER_DIR / "queue").mkdir(parents=True, exist_ok=True)
    yield


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
