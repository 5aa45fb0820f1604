"""`make demo` in miniature: `manage.py runall --demo` in embedded mode (SQLite and the
filesystem broker in a fresh var/ directory), until the dashboard shows the articles;
then Ctrl-C stops every process it started."""

import signal
import sqlite3

import pytest

from tests.support.runall import Runall, descendants, free_port, get, port_is_closed, still_running
from tests.support.worker import wait_for

pytestmark = [pytest.mark.slow]


def test_it_runs_the_demo_end_to_end_and_stops_on_ctrl_c(tmp_path):
    site = free_port()
    runall = Runall(tmp_path, "--demo", "--demo-port", str(site))
    try:
        database = tmp_path / "var" / "newsmonitor.sqlite3"

        def articles_in():
            if not database.exists() or not get(runall.url()):
                return False
            try:
                with sqlite3.connect(database, timeout=30) as db:
                    return db.execute("SELECT count(*) FROM timelines_articledoc").fetchone()[0] >= 40
            except sqlite3.OperationalError:
                return False  # not migrated yet

        try:
            wait_for(articles_in, timeout=180, interval=1, message="the demo's articles on the dashboard")
        except AssertionError:
            raise AssertionError(runall.log())
        home = get(runall.url())
        assert 'dir="rtl"' in home and "/pairs/EG-PK/" in home
        timeline = get(runall.url("/pairs/PK-EG/"))
        assert "/nile/2025-10-05-egypt-pakistan-military-production.html" in timeline
        started = descendants(runall.proc.pid)
        code = runall.stop(signal.SIGINT)
    except BaseException:
        runall.kill()
        raise
    assert code == 0, runall.log()
    assert still_running(started) == {}
    assert port_is_closed(runall.port) and port_is_closed(site)
