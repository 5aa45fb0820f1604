"""The backup in README ("Backups"), end to end on PostgreSQL: pg_dump -Fc of the live
database while a worker runs tasks against it, pg_restore into a fresh database, and
the site served from the restored one shows what the original shows: every table's
rows, the dashboard, a pair's timeline and the API's figures."""

import json
import os
import shutil
import subprocess
import threading
import time
from glob import glob

import pytest
from django.db import connection

from newsmonitor.tasks import refresh_stale
from tests.support import worker as workers
from tests.support.factory import load_sample
from tests.support.settings_process import run_python
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.slow]
IN_CI = os.getenv("CI", "").lower() == "true"

PAGES = ["/", "/pairs/EG-PK/", "/countries/PK/", "/api/pairs/", "/api/pairs/EG-PK/timeline/", "/api/articles/"]
# What a reader of the site sees, from the database DATABASE_URL names.
SNAPSHOT = f"""
import json, re
from django.apps import apps
from django.test import Client

def page(url):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

rows = {{model._meta.label: model.objects.count() for model in apps.get_models()}}
print(json.dumps({{"rows": rows, "pages": {{url: page(url) for url in {PAGES!r}}}}}))
"""


def client_tool(name):
    """pg_dump or pg_restore: the newest installed, else the one on PATH."""
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])) or \
        [shutil.which(name)]
    if not found[-1]:
        pytest.fail(f"{name} is not installed (postgresql-client)")
    return found[-1]


def snapshot(url, var_dir):
    done = run_python(SNAPSHOT, var_dir, DATABASE_URL=url)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def keep_busy(done):
    """Queues the worker's five-minutely check of the read models over and over until
    DONE: each run connects, reads the articles' tags and rows and rewrites any stale
    one, as the live system does while it is backed up."""
    while not done.is_set():
        refresh_stale.delay()
        time.sleep(0.05)


def test_a_dump_of_the_running_system_restores_into_a_fresh_database(tmp_path, transactional_db):
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("this test needs PostgreSQL (DATABASE_URL) in CI")
        pytest.skip("backups are of PostgreSQL")
    articles = load_sample()
    source = workers.test_database_url()
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = source.rsplit("/", 1)[0] + "/" + restored_name
    dump = tmp_path / "newsmonitor.dump"
    worker = WorkerProcess(queues=("tag",)).start()
    feeding = threading.Event()
    feeder = threading.Thread(target=keep_busy, args=(feeding,), daemon=True)
    try:
        feeder.start()
        wait_for(lambda: "succeeded" in worker.log(), timeout=120, message="the worker at work on the database")
        subprocess.run([client_tool("pg_dump"), "-Fc", "-f", str(dump), source], check=True, timeout=300)
    finally:
        feeding.set()
        feeder.join(30)
        worker.stop()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        cursor.execute(f'CREATE DATABASE "{restored_name}" TEMPLATE template0')
    try:
        subprocess.run([client_tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", restored, str(dump)],
                       check=True, timeout=300)
        before, after = snapshot(source, tmp_path / "a"), snapshot(restored, tmp_path / "b")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
    assert before["rows"]["articles.Article"] == len(articles) and before["rows"]["timelines.ArticleDoc"] > 0
    assert after["rows"] == before["rows"]
    for url in PAGES:
        assert after["pages"][url] == before["pages"][url], url
