"""`make demo` in miniature: `manage.py runall --demo` in embedded mode (SQLite and the
filesystem broker in a fresh var/ directory), until the dashboard shows the articles;
then Ctrl-C stops every process it started."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from tests.support.worker import wait_for
from tests.support.paths import ROOT

pytestmark = [pytest.mark.slow]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def port_is_closed(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_it_runs_the_demo_end_to_end_and_stops_on_ctrl_c(tmp_path):
    web, site = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(NEWSMONITOR_VAR_DIR=str(tmp_path / "var"), NEWSMONITOR_FETCH_ALLOW_PRIVATE="", PYTHONUNBUFFERED="1")
    log = open(tmp_path / "runall.log", "w")
    proc = subprocess.Popen([sys.executable, "manage.py", "runall", "--demo", "--addr", f"127.0.0.1:{web}",
                             "--demo-port", str(site)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        database = tmp_path / "var" / "newsmonitor.sqlite3"

        def articles_in():
            if not database.exists() or not get(f"http://127.0.0.1:{web}/"):
                return False
            try:
                with sqlite3.connect(database, timeout=30) as db:
                    return db.execute("SELECT count(*) FROM timelines_articledoc").fetchone()[0] >= 40
            except sqlite3.OperationalError:
                return False  # not migrated yet

        try:
            wait_for(articles_in, timeout=180, interval=1, message="the demo's articles on the dashboard")
        except AssertionError:
            raise AssertionError((tmp_path / "runall.log").read_text()[-6000:])
        home = get(f"http://127.0.0.1:{web}/")
        assert 'dir="rtl"' in home and "/pairs/EG-PK/" in home
        timeline = get(f"http://127.0.0.1:{web}/pairs/PK-EG/")
        assert "/nile/2025-10-05-egypt-pakistan-military-production.html" in timeline
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    assert port_is_closed(web) and port_is_closed(site)
