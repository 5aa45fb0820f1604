"""The disk under var/ fills while the embedded mode runs: the task that meets it fails
with a readable error in the worker's log (the folder and "No space left on device"),
the worker keeps running, nothing hangs, and once space is freed the
same worker polls the feed through to extracted articles."""

import os
import signal
import subprocess
import sys

import pytest

from tests.support.namespace import PrivateDisk
from tests.support.paths import ROOT
from tests.support.runall import embedded_env, free_port
from tests.support.worker import wait_for

pytestmark = [pytest.mark.slow]

# A poll of the feed, run by the worker 15 s after it is queued: time to fill the disk
# in between, with the worker already holding the task. The fresh processes that queue
# it could not start on a full disk (start-up checks the space).
QUEUE_POLL = ("from newsmonitor.feeds.models import Feed; from newsmonitor.tasks import poll_feed; "
              "poll_feed.apply_async((Feed.objects.get().pk,), countdown={countdown})")
EXTRACTED = ("from newsmonitor.articles.models import Article; "
             "print(Article.objects.exclude(body='').count())")


def test_a_full_disk_fails_the_task_readably_and_the_worker_recovers(tmp_path):
    site_port = free_port()
    site = subprocess.Popen([sys.executable, "-m", "newsmonitor.demo.server", "--port", str(site_port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    var, log_path = tmp_path / "var", tmp_path / "worker.log"
    env = {**embedded_env(var), "NEWSMONITOR_FETCH_ALLOW_PRIVATE": f"127.0.0.1:{site_port}"}
    with PrivateDisk(var, size="40m") as disk:
        def manage(*args):
            done = disk.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, timeout=180)
            assert done.returncode == 0, done.stderr[-3000:]
            return done.stdout

        def log():
            return log_path.read_text(errors="replace")

        manage("migrate", "-v0")
        manage("addfeed", f"http://127.0.0.1:{site_port}/nile/feed.xml", "--no-check")
        with open(log_path, "w") as out:
            worker = subprocess.Popen(disk.inside([sys.executable, "-m", "celery", "-A", "newsmonitor", "worker",
                                                   "-Q", "poll,extract,tag", "-c", "2", "-l", "info"], ROOT),
                                      env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: " ready." in log(), timeout=120, message="the worker ready")
            manage("shell", "-c", QUEUE_POLL.format(countdown=15))
            wait_for(lambda: "feeds.poll" in log() and "received" in log(), timeout=60, message="the poll received")
            disk.fill()
            # The step's database write fails, then so does queueing its retry: this is
            # what the log says, whichever of the two the disk stops first.
            readable = f"cannot queue a task in {var / 'broker' / 'queue'}: No space left on device"
            wait_for(lambda: readable in log(), timeout=120,
                     message=f"a readable error in the worker's log:\n{log()[-3000:]}")
            assert worker.poll() is None, log()[-3000:]
            disk.empty_filler()
            manage("shell", "-c", QUEUE_POLL.format(countdown=0))
            wait_for(lambda: int(manage("shell", "-c", EXTRACTED).split()[-1]) > 0, timeout=180, interval=2,
                     message=f"articles extracted after space was freed:\n{log()[-3000:]}")
            assert worker.poll() is None and "Unrecoverable error" not in log(), log()[-3000:]
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(60)
            site.terminate()
            site.wait(30)
