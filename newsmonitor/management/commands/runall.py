"""One command for `make demo` and `make run`: web (gunicorn), worker, beat (and with
--demo the bundled sample site) as child processes, stopped together by Ctrl-C, SIGTERM
(a process manager) or SIGHUP (a closed terminal)."""

import ctypes
import ipaddress
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsmonitor.demo import load_demo_feeds
from newsmonitor.feeds.feedlist import DEFAULT_FEEDS, load_feed_list

# Seconds a child's process group has to stop on SIGTERM before it is killed.
GRACE = 15
# Ctrl-C, a process manager, a closed terminal.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Stop(BaseException):
    """A signal asked runall to stop; carries the signal's name. A BaseException, as
    KeyboardInterrupt is, so that no `except Exception` on the way swallows it."""


class Command(BaseCommand):
    help = "Run web server, Celery worker and beat together (with --demo: offline, on the sample site)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="serve and poll the bundled sample feeds")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--demo-port", type=int, default=8001)
        parser.add_argument("--feeds", default=str(DEFAULT_FEEDS))
        parser.add_argument("--stop-with-parent", action="store_true",
                            help="stop everything when the parent process ends (make does not pass SIGTERM on)")

    def handle(self, **opts):
        # The children run in sessions of their own (so a Ctrl-C reaches runall alone
        # and is not seen twice), which also means no signal sent to runall reaches
        # them: every stopping signal has to be turned into stopping them here.
        self.children, self.spawning, self.stop_asked = [], False, None
        for sig in STOPPING:
            signal.signal(sig, self.on_signal)
        if opts["stop_with_parent"]:
            stop_with_parent()
        try:
            self.start(opts)
            self.stdout.write(f"newsmonitor is running at http://{opts['addr']}/ — Ctrl-C stops everything")
            dead = self.wait()
        except Stop as why:
            self.stdout.write(f"{why} received: stopping every process…")
            dead = None
        finally:
            self.stop_children()
        if dead:
            raise CommandError(f"stopped because {', '.join(dead)} exited; the other processes were stopped")
        self.stdout.write("stopped: " + ", ".join(name for name, _ in self.children))

    def start(self, opts):
        call_command("migrate", interactive=False, verbosity=0)
        env = self.child_environment(opts)
        if opts["demo"]:
            host_port = f"127.0.0.1:{opts['demo_port']}"
            self.spawn("demo site", [sys.executable, "-m", "newsmonitor.demo.server",
                                     "--port", str(opts["demo_port"])], env)
            feeds = load_demo_feeds(host_port)
        else:
            feeds = load_feed_list(opts["feeds"])
        self.stdout.write(f"{len(feeds)} feeds registered")
        celery = [sys.executable, "-m", "celery", "-A", "newsmonitor"]
        # As docker-compose.yml: polling and mail wait on the network (threads, cheap);
        # extraction and tagging wait on the database as much as they compute, so
        # twice as many processes as cores keep both cores busy.
        cores = os.cpu_count() or 2
        self.spawn("poller", celery + ["worker", "-Q", "poll,mail", "-P", "threads", "-c", "16", "-l", "info",
                                       "-n", "poller@%h"], env)
        self.spawn("worker", celery + ["worker", "-Q", "extract,tag", "-c", str(2 * cores), "-l", "info",
                                       "-n", "worker@%h"], env)
        self.spawn("beat", celery + ["beat", "-l", "info", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME], env)
        self.spawn("web", gunicorn_argv(opts["addr"]), env)
        # Poll everything once now rather than waiting for beat's first tick.
        call_command("poll")

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

    def on_signal(self, signum, frame):
        if self.stop_asked:
            return  # already stopping: a second signal must not cut the stopping short
        self.stop_asked = signal.Signals(signum).name
        if not self.spawning:
            raise Stop(self.stop_asked)

    def spawn(self, name, argv, env):
        """Starts a child and records it, with stopping held off in between: a child
        started but not yet recorded would be left running."""
        self.stdout.write(f"starting {name}: {' '.join(argv)}")
        self.spawning = True
        try:
            # A SIGKILL of runall itself (or an OOM kill) gives it no chance to stop its
            # children: the kernel sends each a SIGTERM when runall is gone.
            self.children.append((name, subprocess.Popen(argv, env=env, cwd=settings.BASE_DIR,
                                                         start_new_session=True, preexec_fn=term_on_parent_death)))
        finally:
            self.spawning = False
        if self.stop_asked:
            raise Stop(self.stop_asked)

    def wait(self):
        """Until a child exits by itself; returns the names of those that did."""
        while all(proc.poll() is None for _, proc in self.children):
            time.sleep(0.5)
        return [name for name, proc in self.children if proc.poll() is not None]

    def stop_children(self):
        """SIGTERM to every child's process group (the worker's pool, gunicorn's workers
        are in it), then SIGKILL to any group not empty after GRACE seconds. A signal
        meanwhile must not cut this short and leave orphans."""
        for sig in STOPPING:
            signal.signal(sig, signal.SIG_IGN)
        groups = [proc.pid for _, proc in self.children]
        for group in groups:
            signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and self.any_alive(groups):
            time.sleep(0.2)
        for group in groups:
            signal_group(group, signal.SIGKILL)
        for _, proc in self.children:
            proc.wait()

    def any_alive(self, groups):
        for _, proc in self.children:
            proc.poll()  # reaps a leader that has exited, so it no longer counts
        return any(signal_group(group, 0) for group in groups)


def stop_with_parent():
    """SIGTERM to us when our parent ends. `make run` is the parent of runall, and make
    dies of a SIGTERM (a process manager stopping it) without passing it on."""
    parent = os.getppid()
    try:
        term_on_parent_death()
    except OSError as exc:
        raise CommandError(f"--stop-with-parent: {exc}") from exc
    if os.getppid() != parent:  # it ended before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def term_on_parent_death():
    """Asks Linux for a SIGTERM to this process when its parent ends (prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        raise OSError(ctypes.get_errno(), f"prctl failed: {os.strerror(ctypes.get_errno())}")


def signal_group(group, sig):
    """Sends SIG to process group GROUP; False if no process is left in it."""
    try:
        os.killpg(group, sig)
        return True
    except ProcessLookupError:
        return False


def gunicorn_argv(addr):
    """gunicorn serving ADDR (runserver's forms: "port", "host:port", "[v6]:port").
    One worker per core plus one: the Celery worker shares these cores."""
    bind = f"127.0.0.1:{addr}" if addr.isdigit() else addr
    workers = (os.cpu_count() or 1) + 1
    return [sys.executable, "-m", "gunicorn", "newsmonitor.wsgi", "--bind", bind, "--workers", str(workers),
            "--graceful-timeout", str(GRACE - 5), "--access-logfile", "-"]


def binds_to_loopback(addr):
    """Whether ADDR ("port", "host:port", "[v6]:port") listens on loopback only.
    A bare port means 127.0.0.1; any other name, no."""
    host = "127.0.0.1" if addr.isdigit() else addr.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
