"""One command for `make demo` and `make run`: web, worker, beat (and with --demo the
bundled sample site) as child processes, stopped together by Ctrl-C."""

import ipaddress
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsmonitor.demo import load_demo_feeds
from newsmonitor.feeds.feedlist import DEFAULT_FEEDS, load_feed_list


class Command(BaseCommand):
    help = "Run web server, Celery worker and beat together (with --demo: offline, on the sample site)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="serve and poll the bundled sample feeds")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--demo-port", type=int, default=8001)
        parser.add_argument("--feeds", default=str(DEFAULT_FEEDS))

    def handle(self, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        env = self.child_environment(opts)
        children = []
        if opts["demo"]:
            host_port = f"127.0.0.1:{opts['demo_port']}"
            children.append(self.spawn("demo site", [sys.executable, "-m", "newsmonitor.demo.server",
                                                     "--port", str(opts["demo_port"])], env))
            feeds = load_demo_feeds(host_port)
        else:
            feeds = load_feed_list(opts["feeds"])
        self.stdout.write(f"{len(feeds)} feeds registered")
        celery = [sys.executable, "-m", "celery", "-A", "newsmonitor"]
        children += [
            self.spawn("worker", celery + ["worker", "-Q", "poll,extract,tag,mail", "-l", "info", "-c", "4"], env),
            self.spawn("beat", celery + ["beat", "-l", "info", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME], env),
            self.spawn("web", [sys.executable, "manage.py", "runserver", opts["addr"], "--noreload"], env),
        ]
        # Poll everything once now rather than waiting for beat's first tick.
        call_command("poll")
        self.stdout.write(f"newsmonitor is running at http://{opts['addr']}/ — Ctrl-C stops everything")
        self.wait(children)

    def child_environment(self, opts):
        """The environment of every child: ours, plus with --demo the sample site's
        address among those the fetcher may reach, and DEBUG on (unless set) when only
        this machine can reach the web server: the debug page shows settings."""
        env = dict(os.environ)
        if opts["demo"]:
            allowed = [*settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE, f"127.0.0.1:{opts['demo_port']}"]
            env["NEWSMONITOR_FETCH_ALLOW_PRIVATE"] = ",".join(allowed)
            if binds_to_loopback(opts["addr"]) and not settings.NEWSMONITOR_PRODUCTION:
                env.setdefault("DEBUG", "1")
        return env

    def spawn(self, name, argv, env):
        self.stdout.write(f"starting {name}: {' '.join(argv)}")
        return name, subprocess.Popen(argv, env=env, cwd=settings.BASE_DIR, start_new_session=True)

    def wait(self, children):
        try:
            while all(proc.poll() is None for _, proc in children):
                time.sleep(0.5)
            dead = [name for name, proc in children if proc.poll() is not None]
            self.stderr.write(f"stopped because {', '.join(dead)} exited")
        except KeyboardInterrupt:
            self.stdout.write("stopping…")
        finally:
            for _, proc in children:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for _, proc in children:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)


def binds_to_loopback(addr):
    """Whether runserver's ADDR ("port", "host:port", "[v6]:port") listens on loopback
    only. A bare port means runserver's default, 127.0.0.1; any other name, no."""
    host = "127.0.0.1" if addr.isdigit() else addr.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
