"""web's healthcheck in docker-compose.yml, run as compose would run it, against web's
own command under the file's production environment: healthy while gunicorn serves and
the database answers, unhealthy when either does not."""

import http.client
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from tests.support.compose import interpolate, services
from tests.support.paths import ROOT
from tests.support.runall import free_port
from tests.support import worker
from tests.support.worker import wait_for

pytestmark = [pytest.mark.slow]


def compose_environment(tmp_path, database_url):
    given = {"SECRET_KEY": secrets.token_urlsafe(50)}
    env = {name: interpolate(value, given) for name, value in services()["web"]["environment"].items()}
    # This machine's stores stand in for the containers postgres and redis.
    env.update(DATABASE_URL=database_url, CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
               NEWSMONITOR_VAR_DIR=str(tmp_path / "var"))
    return {**os.environ, **env}


def start_web(env, port):
    argv = services()["web"]["command"].replace("0.0.0.0:8000", f"127.0.0.1:{port}").split()
    assert argv[0] == "gunicorn"
    return subprocess.Popen([sys.executable, "-m", *argv], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def answers(port):
    """Whether a gunicorn worker answers at all (a redirect or an error is an answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status > 0
    except OSError:
        return False
    finally:
        conn.close()


def healthcheck(env, port):
    test = services()["web"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    argv = [sys.executable, *(part.replace("localhost:8000", f"localhost:{port}") for part in test[2:])]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    return result.returncode


@pytest.mark.parametrize("database_answers", [True, False], ids=["database-up", "database-down"])
def test_the_healthcheck_follows_gunicorn_and_the_database(tmp_path, transactional_db, database_answers):
    url = worker.test_database_url() if database_answers else f"postgres://postgres@127.0.0.1:{free_port()}/gone"
    env, port = compose_environment(tmp_path, url), free_port()
    web = start_web(env, port)
    try:
        wait_for(lambda: answers(port), timeout=120, interval=0.5, message="gunicorn answering")
        assert (healthcheck(env, port) == 0) is database_answers
    finally:
        os.killpg(web.pid, 15)
        web.wait(60)
    assert healthcheck(env, port) != 0  # nothing serving: unhealthy
