"""A real Celery worker process attached to the test database and broker."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.support.paths import ROOT


def test_database_url():
    """The URL of the database the test run is using right now (the test_ copy)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, queues=("poll", "extract", "tag"), allow_private=(), concurrency=2, pool="prefork", extra_env=None):
        self.queues = queues
        self.allow_private = allow_private
        self.concurrency = concurrency
        self.pool = pool
        self.extra_env = extra_env or {}
        self.proc = None
        self.output = []
        self._ready = threading.Event()

    def env(self):
        env = dict(os.environ)
        env.update(
            DATABASE_URL=test_database_url(),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            NEWSMONITOR_VAR_DIR=str(settings.VAR_DIR),
            NEWSMONITOR_FETCH_ALLOW_PRIVATE=",".join(self.allow_private),
            DJANGO_SETTINGS_MODULE="newsmonitor.settings",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout=60, purge=True):
        """purge=False: a second worker joining (or one restarted after a kill) takes the
        queues as they are."""
        if purge:
            self.purge()
        argv = [sys.executable, "-m", "celery", "-A", "newsmonitor", "worker", "-l", "info",
                "-Q", ",".join(self.queues), "-c", str(self.concurrency), "-P", self.pool,
                "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{os.getpid()}@%h"]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError("Celery worker did not become ready:\n" + self.log())
        return self

    def purge(self):
        """Empties the worker's queues first: tasks that earlier tests queued on commit (with
        nobody to run them) would otherwise run here, on rows that now mean something else
        (ids start again after a flush). Every worker test queues its tasks after start()."""
        from newsmonitor.celery import app

        with app.connection_for_write() as conn:
            for queue in self.queues:
                try:
                    conn.default_channel.queue_purge(queue)
                except Exception:  # a queue never declared: nothing in it
                    pass

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line)
            if " ready." in line:
                self._ready.set()

    def log(self):
        return "".join(self.output[-200:])

    def pool_pids(self):
        """The prefork pool's processes (the children of the worker's main process):
        what runs the tasks, and what a fault test kills to lose one task, not the worker."""
        found = []
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    def stop(self, sig=15):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(10)


def wait_for(predicate, timeout=90, interval=0.25, message="condition"):
    """Polls until predicate() is truthy. Not a timing assertion: the timeout only
    turns a hang into a readable failure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class BeatProcess(WorkerProcess):
    """Celery beat with a short dispatch period, sharing the worker's environment."""

    def __init__(self, schedule_file, dispatch_seconds=2, **kwargs):
        super().__init__(extra_env={"NEWSMONITOR_DISPATCH_SECONDS": str(dispatch_seconds)}, **kwargs)
        self.schedule_file = schedule_file

    def start(self, timeout=60):
        argv = [sys.executable, "-m", "celery", "-A", "newsmonitor", "beat", "-l", "info",
                "-s", str(self.schedule_file), "--max-interval", "1"]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line)
