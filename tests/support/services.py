"""Private Redis and PostgreSQL servers that a fault test may stop and start.

The shared servers (Redis on 6379, PostgreSQL on 5432) serve every other test and
helper, so a test that takes a service away starts its own, on a free port of
127.0.0.1, and points the worker and beat processes at it (WorkerProcess(extra_env=...)).

    redis = PrivateRedis(tmp_dir).start()
    redis.stop()          # SHUTDOWN SAVE: what was queued survives, as with a persistent Redis
    redis.start()         # same port, same data; start(flush=True) comes back empty
    postgres = PrivatePostgres(tmp_dir).start(); postgres.create_database("x")
    postgres.restart()    # pg_ctl restart -m fast: every open connection is cut

PostgreSQL refuses to run as root: when the tests do, initdb and pg_ctl run as the
postgres user, in a directory of /tmp it can reach (pytest's own is private to root)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout, what):
    """Polls check() until it is truthy (a hang becomes an error, nothing is timed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not happen within {timeout}s")


class PrivateRedis:
    """redis-server in the foreground as a child process, without save points: its data
    is written once, by SHUTDOWN SAVE, when stop() asks for it."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.port = free_port()
        self.proc = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self, flush=False):
        """Starts (again) on the same port; flush=True drops whatever it saved, as a
        Redis restarted empty (or FLUSHALLed) would."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if flush:
            (self.directory / "dump.rdb").unlink(missing_ok=True)
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory),
                "--dbfilename", "dump.rdb", "--logfile", str(self.directory / "redis.log")]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, 30, f"redis-server on port {self.port} answering")
        return self

    def _answers(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"redis-server exited:\n{self.log()}")
        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def messages(self):
        """Messages it holds for Celery: waiting in a queue (kombu keeps a queue as a list
        under its name) or delivered and not yet acknowledged (the "unacked" hash)."""
        client = self.client()
        queues = sum(client.llen(key) for key in client.scan_iter(_type="list"))
        return queues + client.hlen("unacked")

    def stop(self, save=True):
        if not self.proc or self.proc.poll() is not None:
            return
        try:
            self.client().shutdown(save=save, nosave=not save)
        except redis.RedisError:  # the connection closes as it goes down
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def log(self):
        path = self.directory / "redis.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


class PrivatePostgres:
    """A cluster of its own (initdb), run with pg_ctl on a free port of 127.0.0.1, trust
    authentication for the postgres user. Durability is off (fsync): the machine does
    not crash in a test, and a restart still goes through a real shutdown and start."""

    def __init__(self):
        # Under /tmp itself: the postgres user must reach it when the tests run as root.
        self.directory = Path(tempfile.mkdtemp(prefix="newsmonitor-pg-"))
        os.chmod(self.directory, 0o755)
        self.data = self.directory / "data"
        self.port = free_port()

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv, timeout=120):
        argv = [str(a) for a in argv]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}\n{self.log()}")
        return done

    def start(self):
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self._ctl("start")
        return self

    def _ctl(self, action, mode=None):
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        argv = [PG_BIN / "pg_ctl", "-D", self.data, "-l", self.directory / "postgres.log", "-w", "-t", "60"]
        if action != "stop":
            argv += ["-o", options]
        if mode:
            argv += ["-m", mode]
        self._run(*argv, action)

    def stop(self, mode="fast"):
        self._ctl("stop", mode)

    def restart(self, mode="fast"):
        self._ctl("restart", mode)

    def create_database(self, name):
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except RuntimeError:
                pass
        shutil.rmtree(self.directory, ignore_errors=True)

    def log(self):
        path = self.directory / "postgres.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""
